package filters

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// The presets build the filters an investigation starts from. Each returns
// an AST (nil when it has nothing to say, which AndAll and OrAll skip), so
// that the result can be combined, checked and printed like a typed filter.

// The AuditLog paths the presets use.
const (
	PathCreateTime    = "meta.create_time"
	PathOperation     = "spec.operation"
	PathMessageKind   = "spec.message_kind"
	PathMessageUUID   = "spec.message_uuid"
	PathClaims        = "spec.claims"
	PathRemoteAddress = "spec.remote_address"
)

func newPath(p string) *Path { return &Path{Segments: strings.Split(p, ".")} }

func cmp(path string, op Op, v Value) *Compare {
	return &Compare{Path: newPath(path), Op: op, Value: v}
}

// AndAll joins the non-nil expressions with and. It returns nil when all
// are nil, and the one expression when only one is not.
func AndAll(exprs ...Expr) Expr { return joinAll(And, exprs) }

// OrAll joins the non-nil expressions with or, as AndAll does with and.
func OrAll(exprs ...Expr) Expr { return joinAll(Or, exprs) }

func joinAll(op LogicalOp, exprs []Expr) Expr {
	var out Expr
	for _, e := range exprs {
		if isNilNode(e) {
			continue
		}
		if out == nil {
			out = e
		} else {
			out = &Logical{Op: op, X: out, Y: e}
		}
	}
	return out
}

// TimeRange selects entries created from from to to, both inclusive, as
// meta.create_time >= date(from) and meta.create_time <= date(to). A zero
// time leaves that side open; both zero give nil.
func TimeRange(from, to time.Time) Expr {
	var lo, hi Expr
	if !from.IsZero() {
		lo = cmp(PathCreateTime, Ge, &Date{Time: from.UTC()})
	}
	if !to.IsZero() {
		hi = cmp(PathCreateTime, Le, &Date{Time: to.UTC()})
	}
	return AndAll(lo, hi)
}

// Last selects entries created in the last d: meta.create_time >= now(-d).
// A d of zero or less gives nil.
func Last(d time.Duration) Expr {
	if d <= 0 {
		return nil
	}
	return cmp(PathCreateTime, Ge, &Now{Offset: -d})
}

// ClaimEquals selects entries with a claim exactly v (spec.claims holds
// strings such as email=jane@example.com): spec.claims matches '^v$' with v
// regex-quoted.
func ClaimEquals(v string) Expr {
	return cmp(PathClaims, Matches, &String{Value: "^" + quoteRegexp(v) + "$"})
}

// ClaimContains selects entries with a claim that contains sub:
// spec.claims matches 'sub' with sub regex-quoted.
func ClaimContains(sub string) Expr {
	return cmp(PathClaims, Matches, &String{Value: quoteRegexp(sub)})
}

// quoteRegexp is regexp.QuoteMeta that also writes unprintable characters
// as RE2 escapes, so the printed filter carries no raw control characters.
func quoteRegexp(s string) string {
	q := regexp.QuoteMeta(s)
	var b strings.Builder
	for _, r := range q {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			fmt.Fprintf(&b, `\x{%x}`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Operations selects entries with any of the operations, given as CREATE or
// OPERATION_CREATE (any case): one gives ==, several give in [...]. An
// unknown name is kept (upper-cased, with the OPERATION_ prefix) for Check
// to report. No operations give nil.
func Operations(ops ...string) Expr {
	vals := make([]Value, 0, len(ops))
	for _, op := range ops {
		op = strings.ToUpper(strings.TrimSpace(op))
		if op == "" {
			continue
		}
		if !strings.HasPrefix(op, "OPERATION_") {
			op = "OPERATION_" + op
		}
		vals = append(vals, &String{Value: op})
	}
	return oneOrIn(PathOperation, vals)
}

func oneOrIn(path string, vals []Value) Expr {
	switch len(vals) {
	case 0:
		return nil
	case 1:
		return cmp(path, Eq, vals[0])
	}
	return cmp(path, In, &List{Elems: vals})
}

// MessageKinds selects entries about any of the kinds, given short
// (Policy) or full (internal.endor.ai.endor.v1.Policy): one gives ==,
// several give in [...]. An unknown short name is an error that suggests
// the closest known one.
func MessageKinds(kinds ...string) (Expr, error) {
	vals := make([]Value, 0, len(kinds))
	for _, k := range kinds {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		full, ok := ExpandKind(k)
		if !ok {
			msg := fmt.Sprintf("unknown message kind %s", quoteSrc(k))
			if s := suggest(k, kindNames()); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", quoteSrc(s))
			} else {
				msg += fmt.Sprintf("; give a full name such as %sPolicy", KindPrefix)
			}
			return nil, fmt.Errorf("%s", msg)
		}
		vals = append(vals, &String{Value: full})
	}
	return oneOrIn(PathMessageKind, vals), nil
}

// UUIDHistory selects every entry about one object: spec.message_uuid ==
// uuid. The caller sorts by meta.create_time.
func UUIDHistory(uuid string) Expr {
	return cmp(PathMessageUUID, Eq, &String{Value: uuid})
}

// IPRange selects entries whose spec.remote_address lies in an IPv4 or
// IPv6 range, given as a CIDR prefix (10.244.0.0/16, 2001:db8::/48), a
// start-end pair (10.0.0.5-10.0.1.7) or one address. It emits one anchored
// regular expression, spec.remote_address matches '^...$', that accepts
// exactly the text of the addresses in the range: the field is a string,
// so the >= and <= range of the Endor docs compares text and misses
// addresses (10.244.3.1 sorts after 10.244.255.255).
//
// Text forms accepted: IPv4 addresses in dotted decimal without leading
// zeros, also in the IPv4-mapped IPv6 form (::ffff:10.244.3.1) a dual-stack
// listener may record. IPv6 addresses in any form with hex groups without
// leading zeros, in either case, with or without :: compression: this
// includes the canonical RFC 5952 form servers record, and the dotted form
// ::ffff:a.b.c.d of IPv4-mapped addresses in the range. Zones (%eth0) are
// not matched.
func IPRange(spec string) (Expr, error) {
	re, err := ipRangeRegexp(spec)
	if err != nil {
		return nil, err
	}
	return cmp(PathRemoteAddress, Matches, &String{Value: re}), nil
}
