package builder

import (
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/auditlog/auditlog/filters"
)

// timeChoice is one choice of the time row.
type timeChoice struct {
	label string
	last  time.Duration // relative choices; 0 for the others
}

// The time row's choices: no bound, the relative windows, an absolute
// range, and a window around a moment.
var timeChoices = []timeChoice{
	{"any", 0},
	{"15m", 15 * time.Minute},
	{"1h", time.Hour},
	{"24h", 24 * time.Hour},
	{"7d", 7 * 24 * time.Hour},
	{"30d", 30 * 24 * time.Hour},
	{"90d", 90 * 24 * time.Hour},
	{"1y", 365 * 24 * time.Hour},
	{"range", 0},
	{"around", 0},
}

const (
	timeAny    = 0
	timeRange  = 8
	timeAround = 9
)

// aroundSpans are the half-widths of "around a moment ± N".
var aroundSpans = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour, 6 * time.Hour, 24 * time.Hour}

// claimModes are how the claim value is matched.
var claimModes = []string{"contains", "equals", "matches"}

const (
	claimContains = 0
	claimEquals   = 1
	claimMatches  = 2
)

// operations are the toggles of the operation row, by full enum name.
var operations = []string{"OPERATION_CREATE", "OPERATION_UPDATE", "OPERATION_DELETE", "OPERATION_UPSERT"}

// form is what the sections hold, apart from the text being typed; the
// Model keeps the inputs and copies their values in before building.
type form struct {
	time       int    // index into timeChoices
	from, to   string // the range as typed
	aroundSpan int
	claimMode  int
	claim      string
	ops        [4]bool
	kinds      []string // full names, in the order picked
	ip         string
	object     string
	other      []filters.Expr // clauses no section recognises, kept
	ipFromText bool           // the IP section came from a lexicographic >=/<= pair
}

// built is the form turned into a filter, with what each section said.
type built struct {
	expr      filters.Expr
	canonical string
	fromErr   string
	toErr     string
	claimErr  string
	kindErr   string
	ipErr     string
	ipPattern int // bytes of the IP regex
	ipSize    string
	objectErr string
	err       string // the checker's first error on the whole filter
	warn      string // the checker's first warning
}

// env is what building needs from outside the form.
type env struct {
	loc    *time.Location
	moment time.Time // the selected row's time, for "around"
	// archive adds the archive's lints to the preview's warning.
	archive bool
}

// parseTime reads a date as typed in the form: YYYY-MM-DD (the start of the
// day, or with end set its last second) or RFC 3339; a date without zone
// is in loc.
func parseTime(s string, loc *time.Location, end bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		if end {
			t = t.AddDate(0, 0, 1).Add(-time.Second)
		}
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04:05", s, loc); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02 15:04", s, loc); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a date: type YYYY-MM-DD or RFC 3339 (2025-01-31T23:59:59Z)", s)
}

// formatTime shows t in loc the way parseTime reads it back to the same
// instant: a date alone at the start of a day (or, for end, at its last
// second), else RFC 3339.
func formatTime(t time.Time, loc *time.Location, end bool) string {
	t = t.In(loc)
	h, m, s := t.Clock()
	if t.Nanosecond() == 0 && ((!end && h == 0 && m == 0 && s == 0) || (end && h == 23 && m == 59 && s == 59)) {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}

func compare(path string, op filters.Op, v filters.Value) *filters.Compare {
	return &filters.Compare{Path: &filters.Path{Segments: strings.Split(path, ".")}, Op: op, Value: v}
}

// build turns the form into one filter: message kind first (the archive
// wants it first), then time, operation, claim, address, object, and the
// clauses kept from the filter the builder opened on.
func (f form) build(e env) built {
	var b built
	var parts []filters.Expr
	if len(f.kinds) > 0 {
		x, err := filters.MessageKinds(f.kinds...)
		if err != nil {
			b.kindErr = err.Error()
		} else {
			parts = append(parts, x)
		}
	}
	parts = append(parts, f.timeExpr(e, &b))
	var ops []string
	for i, on := range f.ops {
		if on {
			ops = append(ops, operations[i])
		}
	}
	parts = append(parts, filters.Operations(ops...))
	if v := f.claim; v != "" {
		switch f.claimMode {
		case claimContains:
			parts = append(parts, filters.ClaimContains(v))
		case claimEquals:
			parts = append(parts, filters.ClaimEquals(v))
		default:
			if _, err := regexp.Compile(v); err != nil {
				b.claimErr = "not a regular expression: " + strings.TrimPrefix(err.Error(), "error parsing regexp: ")
			} else {
				parts = append(parts, compare(filters.PathClaims, filters.Matches, &filters.String{Value: v}))
			}
		}
	}
	if s := strings.TrimSpace(f.ip); s != "" {
		x, err := filters.IPRange(s)
		if err != nil {
			b.ipErr = err.Error()
		} else {
			parts = append(parts, x)
			if c, ok := x.(*filters.Compare); ok {
				if sv, ok := c.Value.(*filters.String); ok {
					b.ipPattern = len(sv.Value)
				}
			}
			b.ipSize = rangeSize(s)
		}
	}
	if s := strings.TrimSpace(f.object); s != "" {
		if strings.ContainsAny(s, " \t'\"") {
			b.objectErr = "a UUID has no spaces or quotes"
		} else {
			parts = append(parts, filters.UUIDHistory(s))
		}
	}
	parts = append(parts, f.other...)
	b.expr = filters.AndAll(parts...)
	if b.expr == nil {
		return b
	}
	// The built filter goes through the one validation path, as a typed
	// one does: what the preview shows is what is applied.
	p, err := filters.Prepare(b.expr.String(), filters.PrepareOptions{Archive: e.archive})
	if err != nil {
		b.canonical = b.expr.String()
		b.err = err.Error()
		return b
	}
	b.canonical = p.Canonical
	if len(p.Warnings) > 0 {
		b.warn = p.Warnings[0].Msg
	}
	return b
}

func (f form) timeExpr(e env, b *built) filters.Expr {
	switch f.time {
	case timeAny:
		return nil
	case timeRange:
		from, err := parseTime(f.from, e.loc, false)
		if err != nil {
			b.fromErr = err.Error()
		}
		to, err2 := parseTime(f.to, e.loc, true)
		if err2 != nil {
			b.toErr = err2.Error()
		}
		if err != nil || err2 != nil {
			return nil
		}
		if !from.IsZero() && !to.IsZero() && to.Before(from) {
			b.toErr = "the end is before the start"
			return nil
		}
		return filters.TimeRange(from, to)
	case timeAround:
		if e.moment.IsZero() {
			return nil
		}
		d := aroundSpans[f.aroundSpan]
		return filters.TimeRange(e.moment.Add(-d), e.moment.Add(d))
	}
	return filters.Last(timeChoices[f.time].last)
}

// rangeSize says how many addresses an IP range holds ("65,536
// addresses"); "" when it cannot tell.
func rangeSize(spec string) string {
	s := strings.TrimSpace(spec)
	if p, err := netip.ParsePrefix(s); err == nil {
		host := p.Addr().BitLen() - p.Bits()
		if host >= 63 {
			return fmt.Sprintf("2^%d addresses", host)
		}
		return plural(int64(1)<<host, "address", "addresses")
	}
	if a, z, ok := strings.Cut(s, "-"); ok {
		lo, err1 := netip.ParseAddr(strings.TrimSpace(a))
		hi, err2 := netip.ParseAddr(strings.TrimSpace(z))
		if err1 == nil && err2 == nil && lo.Is4() && hi.Is4() {
			l, h := lo.As4(), hi.As4()
			n := int64(h[0])<<24 | int64(h[1])<<16 | int64(h[2])<<8 | int64(h[3])
			n -= int64(l[0])<<24 | int64(l[1])<<16 | int64(l[2])<<8 | int64(l[3])
			return plural(n+1, "address", "addresses")
		}
		return ""
	}
	if _, err := netip.ParseAddr(s); err == nil {
		return "1 address"
	}
	return ""
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return groupDigits(n) + " " + many
}

// groupDigits writes n with thousands separators.
func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// errNotRecognised marks a clause that no section takes.
var errNotRecognised = errors.New("not recognised")

// recognise fills a form from a filter: each top-level and-clause that a
// section can show goes to it (the first one per section); the rest stay
// as "other" clauses, part of the filter as they are.
func recognise(src string, loc *time.Location) (form, error) {
	var f form
	if strings.TrimSpace(src) == "" {
		return f, nil
	}
	x, err := filters.Parse(src)
	if err != nil {
		return f, err
	}
	var ipLo, ipHi *filters.Compare
	took := map[string]bool{}
	for _, c := range filters.Conjuncts(x) {
		cmp, ok := c.(*filters.Compare)
		if !ok {
			f.other = append(f.other, c)
			continue
		}
		path := cmp.Path.String()
		var section string
		switch path {
		case filters.PathCreateTime:
			section = "time"
			if f.recogniseTime(cmp, took["from"], took["to"]) != nil {
				section = ""
			}
		case filters.PathClaims:
			section = "claim"
			if took[section] || f.recogniseClaim(cmp) != nil {
				section = ""
			}
		case filters.PathOperation:
			section = "ops"
			if took[section] || f.recogniseOps(cmp) != nil {
				section = ""
			}
		case filters.PathMessageKind:
			section = "kinds"
			if took[section] || f.recogniseKinds(cmp) != nil {
				section = ""
			}
		case filters.PathMessageUUID:
			section = "object"
			if v, ok := text(cmp.Value); !took[section] && ok && cmp.Op == filters.Eq {
				f.object = v
			} else {
				section = ""
			}
		case filters.PathRemoteAddress:
			// The docs' lexicographic range: recognised so that the IP
			// section can offer the exact form.
			if _, ok := addrText(cmp.Value); ok && cmp.Op == filters.Ge && ipLo == nil {
				ipLo, section = cmp, "iplo"
			} else if _, ok := addrText(cmp.Value); ok && cmp.Op == filters.Le && ipHi == nil {
				ipHi, section = cmp, "iphi"
			}
		}
		if section == "" {
			f.other = append(f.other, c)
			continue
		}
		if section == "time" {
			if f.time == timeRange {
				if f.from != "" {
					took["from"] = true
				}
				if f.to != "" {
					took["to"] = true
				}
			} else {
				took["from"], took["to"] = true, true
			}
			continue
		}
		took[section] = true
	}
	switch {
	case ipLo != nil && ipHi != nil:
		lo, _ := addrText(ipLo.Value)
		hi, _ := addrText(ipHi.Value)
		f.ip, f.ipFromText = lo+"-"+hi, true
	case ipLo != nil:
		f.other = append(f.other, ipLo)
	case ipHi != nil:
		f.other = append(f.other, ipHi)
	}
	f.formatRange(loc)
	return f, nil
}

// formatRange rewrites the recognised range's instants in the form's zone.
func (f *form) formatRange(loc *time.Location) {
	if f.time != timeRange {
		return
	}
	for _, p := range []struct {
		s   *string
		end bool
	}{{&f.from, false}, {&f.to, true}} {
		if *p.s == "" {
			continue
		}
		if t, err := time.Parse(time.RFC3339Nano, *p.s); err == nil {
			*p.s = formatTime(t, loc, p.end)
		}
	}
}

// recogniseTime takes meta.create_time >= now(-d), or the >= and <= of an
// absolute range (each side once). Instants are kept in RFC 3339 until
// formatRange puts them in the form's zone.
func (f *form) recogniseTime(c *filters.Compare, haveFrom, haveTo bool) error {
	switch v := c.Value.(type) {
	case *filters.Now:
		if c.Op != filters.Ge || v.Offset >= 0 || haveFrom || haveTo {
			return errNotRecognised
		}
		for i, tc := range timeChoices {
			if tc.last > 0 && tc.last == -v.Offset {
				f.time = i
				return nil
			}
		}
		return errNotRecognised // kept as an other clause, replaced by a new range
	case *filters.Date:
		if (f.time != timeAny && f.time != timeRange) || (c.Op == filters.Ge && haveFrom) || (c.Op == filters.Le && haveTo) {
			return errNotRecognised
		}
		switch c.Op {
		case filters.Ge:
			f.from = v.Time.UTC().Format(time.RFC3339Nano)
		case filters.Le:
			f.to = v.Time.UTC().Format(time.RFC3339Nano)
		default:
			return errNotRecognised
		}
		f.time = timeRange
		return nil
	}
	return errNotRecognised
}

func (f *form) recogniseClaim(c *filters.Compare) error {
	v, ok := text(c.Value)
	if c.Op != filters.Matches || !ok {
		return errNotRecognised
	}
	if inner, ok := strings.CutPrefix(v, "^"); ok {
		if inner, ok := strings.CutSuffix(inner, "$"); ok {
			if lit, ok := unquoteMeta(inner); ok {
				f.claimMode, f.claim = claimEquals, lit
				return nil
			}
		}
	}
	if lit, ok := unquoteMeta(v); ok {
		f.claimMode, f.claim = claimContains, lit
		return nil
	}
	f.claimMode, f.claim = claimMatches, v
	return nil
}

// unquoteMeta inverts regexp.QuoteMeta: it returns the literal a pattern
// matches when the pattern is one, escaped as QuoteMeta escapes.
func unquoteMeta(p string) (string, bool) {
	const special = `\.+*?()|[]{}^$`
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\':
			if i+1 >= len(p) || !strings.ContainsRune(special, rune(p[i+1])) {
				return "", false
			}
			i++
			b.WriteByte(p[i])
		case strings.ContainsRune(special, rune(c)):
			return "", false
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), regexp.QuoteMeta(b.String()) == p
}

func (f *form) recogniseOps(c *filters.Compare) error {
	vals, ok := values(c)
	if !ok {
		return errNotRecognised
	}
	var ops [4]bool
	for _, v := range vals {
		i := slices.Index(operations, v)
		if i < 0 {
			return errNotRecognised
		}
		ops[i] = true
	}
	f.ops = ops
	return nil
}

func (f *form) recogniseKinds(c *filters.Compare) error {
	vals, ok := values(c)
	if !ok {
		return errNotRecognised
	}
	for _, v := range vals {
		if !strings.HasPrefix(v, filters.KindPrefix) {
			return errNotRecognised
		}
	}
	f.kinds = vals
	return nil
}

// values returns the texts of `== v` or `in [v, ...]`.
func values(c *filters.Compare) ([]string, bool) {
	switch c.Op {
	case filters.Eq:
		v, ok := text(c.Value)
		return []string{v}, ok
	case filters.In:
		l, ok := c.Value.(*filters.List)
		if !ok || len(l.Elems) == 0 {
			return nil, false
		}
		out := make([]string, len(l.Elems))
		for i, e := range l.Elems {
			if out[i], ok = text(e); !ok {
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}

func text(v filters.Value) (string, bool) {
	switch v := v.(type) {
	case *filters.String:
		return v.Value, true
	case *filters.Bare:
		return v.Value, true
	}
	return "", false
}

func addrText(v filters.Value) (string, bool) {
	s, ok := text(v)
	if !ok {
		return "", false
	}
	_, err := netip.ParseAddr(s)
	return s, err == nil
}
