package detail

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/common"
)

// The labels of the summary, padded to one width so that the values line
// up.
const (
	labelWhen    = "When     "
	labelWho     = "Who      "
	labelWhat    = "What     "
	labelWhere   = "Where    "
	labelOutcome = "Outcome  "
)

// summaryLines are the five lines an investigator reads first — when, who,
// what, where and the outcome — then a blank line before the JSON. Every
// server string is sanitized; each line keeps its main value for copying.
func summaryLines(e client.Entry, loc *time.Location, now time.Time) []lline {
	line := func(label string, value string, segs ...seg) lline {
		all := append([]seg{{label, pHeader}}, segs...)
		return lline{segs: all, indent: len(label), value: value}
	}
	var out []lline

	// When: UTC first (what the API and the filters speak), local when it
	// differs, and how long ago.
	if t := e.Meta.CreateTime; t.IsZero() {
		out = append(out, line(labelWhen, "", seg{"(no create time)", pMuted}))
	} else {
		// Seconds: the JSON below has the fraction.
		segs := []seg{{t.UTC().Format("2006-01-02 15:04:05 UTC"), pNone}}
		if name, off := t.In(cmpLoc(loc)).Zone(); off != 0 || name != "UTC" {
			lt, layout := t.In(loc), "15:04:05 MST"
			if lt.Format(time.DateOnly) != t.UTC().Format(time.DateOnly) {
				layout = "2006-01-02 15:04:05 MST"
			}
			segs = append(segs, seg{" · ", pPunct}, seg{common.Sanitize(lt.Format(layout)) + " local", pNone})
		}
		segs = append(segs, seg{" · ", pPunct}, seg{Relative(t, now), pMuted})
		out = append(out, line(labelWhen, t.UTC().Format(time.RFC3339Nano), segs...))
	}

	// Who: the actor (api's one definition), the login provider, and every
	// claim on one line.
	actor := e.Actor()
	who := []seg{{common.Sanitize(actor), pString}}
	if actor == "" {
		who = []seg{{"(no claims)", pMuted}}
	}
	if p := LoginProvider(e.Spec.Claims); p != "" {
		who = append(who, seg{" via ", pPunct}, seg{common.Sanitize(p), pNone})
	}
	if len(e.Spec.Claims) > 0 {
		claims := make([]string, len(e.Spec.Claims))
		for i, c := range e.Spec.Claims {
			claims[i] = common.Sanitize(c)
		}
		who = append(who, seg{" · ", pPunct}, seg{strings.Join(claims, ", "), pMuted})
	}
	out = append(out, line(labelWho, actor, who...))

	// What: the operation, the kind, the object's name and uuid.
	what := []seg{{common.Sanitize(e.Spec.Operation.Short()), pNone}}
	if e.Spec.Operation == "" {
		what = []seg{{"(no operation)", pMuted}}
	}
	if k := e.Spec.MessageKind; k != "" {
		what = append(what, seg{" ", pNone}, seg{common.Sanitize(api.ShortKind(k)), pKey})
	}
	if name := payloadName(e.Spec.Payload); name != "" {
		what = append(what, seg{" ", pNone}, seg{common.Quote(name), pString})
	}
	if u := e.Spec.MessageUUID; u != "" {
		what = append(what, seg{" · ", pPunct}, seg{common.Sanitize(u), pNumber})
	}
	out = append(out, line(labelWhat, e.Spec.MessageUUID, what...))

	// Where: the remote address and the namespace.
	addr := e.Spec.RemoteAddress
	where := []seg{{common.Sanitize(addr), pString}}
	if addr == "" {
		where = []seg{{"(no remote address)", pMuted}}
	}
	if ns := e.TenantMeta.Namespace; ns != "" {
		where = append(where, seg{" · namespace ", pPunct}, seg{common.Sanitize(ns), pNone})
	}
	out = append(out, line(labelWhere, addr, where...))

	// Outcome: spec.error when the operation failed.
	if st := e.Spec.Error; st != nil {
		msg := fmt.Sprintf("failed: %s: %s", st.Code, st.UnescapedMessage())
		out = append(out, line(labelOutcome, st.UnescapedMessage(), seg{common.Sanitize(msg), pError}))
	} else {
		out = append(out, line(labelOutcome, "", seg{"succeeded (no spec.error)", pMuted}))
	}
	return append(out, lline{})
}

// cmpLoc is loc, or UTC for nil.
func cmpLoc(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// payloadName is the name of the object the entry is about, from
// spec.payload.meta.name; "" when the payload has none.
func payloadName(payload json.RawMessage) string {
	if len(payload) == 0 {
		return ""
	}
	var p struct {
		Meta struct {
			Name string `json:"name"`
		} `json:"meta"`
	}
	if json.Unmarshal(payload, &p) != nil {
		return ""
	}
	return p.Meta.Name
}

// LoginProvider returns how the actor logged in, from the user= claim's
// last @-part when it names a provider rather than a domain
// (alice@example.com@google → google, sokafor@github → github); an API key
// shows as "api-key" and a certificate as "x509". "" when unknown.
func LoginProvider(claims []string) string {
	for _, c := range claims {
		v, ok := strings.CutPrefix(c, "user=")
		if !ok {
			continue
		}
		i := strings.LastIndexByte(v, '@')
		if i < 0 || i == len(v)-1 {
			continue
		}
		if p := v[i+1:]; !strings.Contains(p, ".") {
			return p
		}
	}
	return ""
}

// Relative says how long ago t was from now, in the largest whole unit:
// "just now", "42s ago", "5m ago", "3h ago", "12d ago"; a time after now
// is "in 5m".
func Relative(t, now time.Time) string {
	d := now.Sub(t)
	suffix := " ago"
	prefix := ""
	if d < 0 {
		d, prefix, suffix = -d, "in ", ""
	}
	var s string
	switch {
	case d < time.Second:
		return "just now"
	case d < time.Minute:
		s = fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		s = fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		s = fmt.Sprintf("%dh", int(d.Hours()))
	default:
		s = fmt.Sprintf("%dd", int(d.Hours()/24))
	}
	return prefix + s + suffix
}
