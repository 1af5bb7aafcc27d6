// Package pivot is "filter by this": from one audit entry, the filters an
// investigator moves to next — the same actor, address, address block
// (/24 for IPv4, /64 for IPv6), kind, operation, object, namespace, the
// same actor within 15 minutes of the entry, and the object's history —
// offered by a small menu (Model) that emits the choice as a message, and
// the back stack (Stack) that returns to the view a pivot left.
//
// Every filter is built from the presets of package filters and goes
// through filters.Prepare, so that what leaves the explorer is the
// canonical, checked form.
package pivot

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/filters"
)

// Around is the window of the "same actor around this entry" pivot, either
// side of the entry's create time.
const Around = 15 * time.Minute

// PathNamespace is the field the namespace pivot compares.
const PathNamespace = "tenant_meta.namespace"

// Pivot is one "filter by this" choice.
type Pivot struct {
	// Label says what the pivot selects, with the value: `actor alice@x`.
	// It is the server's text: sanitize it before drawing.
	Label string
	// Filter is the canonical filter (filters.Prepare) of the pivot; ""
	// for History.
	Filter string
	// History asks for the object's history (every version, both tiers,
	// oldest first) rather than a filter.
	History bool
	// UUID is the object of a History pivot.
	UUID string
}

// For returns the pivots an entry offers, in menu order; a field the entry
// lacks offers none. Values that no preset can express exactly (an address
// that is no IP) compare with ==.
func For(e client.Entry) []Pivot {
	var out []Pivot
	add := func(label string, x filters.Expr) {
		if x == nil {
			return
		}
		p, err := filters.Prepare(x.String(), filters.PrepareOptions{})
		if err != nil || p.Canonical == "" {
			return // a preset that does not check is not offered
		}
		out = append(out, Pivot{Label: label, Filter: p.Canonical})
	}
	actor := e.Actor()
	actorX := actorFilter(e.Spec.Claims, actor)
	if actorX != nil {
		add("actor "+actor, actorX)
	}
	if a := e.Spec.RemoteAddress; a != "" {
		add("address "+a, addressFilter(a))
		if block, x := blockFilter(a); x != nil {
			add("address block "+block, x)
		}
	}
	if k := e.Spec.MessageKind; k != "" {
		x, err := filters.MessageKinds(k)
		if err != nil {
			x = eq(filters.PathMessageKind, k)
		}
		add("kind "+api.ShortKind(k), x)
	}
	if op := e.Spec.Operation; op != "" {
		add("operation "+op.Short(), filters.Operations(string(op)))
	}
	if u := e.Spec.MessageUUID; u != "" {
		add("object "+u, filters.UUIDHistory(u))
	}
	if ns := e.TenantMeta.Namespace; ns != "" {
		add("namespace "+ns, eq(PathNamespace, ns))
	}
	if t := e.Meta.CreateTime; actorX != nil && !t.IsZero() {
		add(fmt.Sprintf("actor %s ±%d minutes around this entry", actor, int(Around.Minutes())),
			filters.AndAll(actorX, filters.TimeRange(t.Add(-Around), t.Add(Around))))
	}
	if u := e.Spec.MessageUUID; u != "" {
		out = append(out, Pivot{Label: "this object's history (both tiers, oldest first)", History: true, UUID: u})
	}
	return out
}

// actorFilter selects the actor by the claim the actor was read from
// (email=…, else user=…), exactly; nil when the entry has no claims.
func actorFilter(claims []string, actor string) filters.Expr {
	if actor == "" {
		return nil
	}
	for _, p := range []string{"email=", "user="} {
		for _, c := range claims {
			if c == p+actor {
				return filters.ClaimEquals(c)
			}
		}
	}
	for _, c := range claims {
		if c == actor {
			return filters.ClaimEquals(c)
		}
	}
	return nil // the actor came from meta.created_by: no claim to match
}

// addressFilter selects one address exactly: through the IP-range preset
// (which matches every text form of the address) when it is an IP, else
// by ==.
func addressFilter(a string) filters.Expr {
	if ip, ok := parseIP(a); ok {
		if x, err := filters.IPRange(ip.String()); err == nil {
			return x
		}
	}
	return eq(filters.PathRemoteAddress, a)
}

// blockFilter selects the /24 (IPv4) or /64 (IPv6) around the address;
// nil when it is no IP.
func blockFilter(a string) (string, filters.Expr) {
	ip, ok := parseIP(a)
	if !ok {
		return "", nil
	}
	bits := 64
	if ip.Is4() {
		bits = 24
	}
	pfx, err := ip.Prefix(bits)
	if err != nil {
		return "", nil
	}
	x, err := filters.IPRange(pfx.String())
	if err != nil {
		return "", nil
	}
	return pfx.String(), x
}

// parseIP reads an address, also with a port (10.0.0.1:443, [::1]:443);
// an IPv4-mapped IPv6 address counts as IPv4.
func parseIP(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ip, err := netip.ParseAddr(s); err == nil {
		return ip.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

// eq is `path == "value"`.
func eq(path, value string) filters.Expr {
	return &filters.Compare{Path: &filters.Path{Segments: strings.Split(path, ".")}, Op: filters.Eq, Value: &filters.String{Value: value}}
}
