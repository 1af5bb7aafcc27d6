package filters

import (
	"fmt"
	"strings"
)

// Severity grades a diagnostic.
type Severity int

// The severities. The names avoid Error, which is the error type.
const (
	SeverityError   Severity = iota + 1 // the server would reject the filter or it cannot work
	SeverityWarning                     // valid, but probably not what was meant
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == SeverityError {
		return "error"
	}
	return "warning"
}

// CheckOptions tune Check.
type CheckOptions struct {
	// Archive adds the lints for queries on archived audit logs.
	Archive bool
	// Src is the source e was parsed from; diagnostics carry it for their
	// snippets.
	Src string
}

// Check checks e against the AuditLog schema: field names (with a
// suggestion for typos), spec.operation values, values compared with time
// fields, operators that do not do what they seem to on a field, regular
// expressions, and with opts.Archive the archive's wish for
// spec.message_kind. The findings come in source order, each an *Error
// with its Code and Severity and opts.Src bound for its snippet.
func Check(e Expr, opts CheckOptions) []*Error {
	c := &checker{opts: opts}
	c.expr(e)
	if opts.Archive {
		c.archive()
	}
	return c.out
}

type checker struct {
	opts           CheckOptions
	out            []*Error
	createTime     *Path // first condition on meta.create_time
	messageKind    *Path // first condition on spec.message_kind
	kindAfterTime  bool
	seenCreateTime bool
}

func (c *checker) report(p Pos, code Code, sev Severity, format string, a ...any) {
	c.out = append(c.out, &Error{Pos: p, Code: code, Severity: sev, Msg: fmt.Sprintf(format, a...), Src: c.opts.Src})
}

func (c *checker) expr(e Expr) {
	switch n := e.(type) {
	case *Logical:
		if n == nil {
			return
		}
		for _, x := range flatten(n, nil) {
			c.expr(x)
		}
	case *Exists:
		if n == nil || n.Path == nil {
			return
		}
		c.path(n.Path)
	case *Compare:
		if n == nil || n.Path == nil {
			return
		}
		c.compare(n)
	}
}

// path checks a field name and records the archive-relevant ones. It
// returns the field when it is known.
func (c *checker) path(p *Path) (FieldInfo, bool) {
	joined := p.String()
	switch joined {
	case PathCreateTime:
		if c.createTime == nil {
			c.createTime = p
		}
		c.seenCreateTime = true
	case PathMessageKind:
		if c.messageKind == nil {
			c.messageKind = p
			c.kindAfterTime = c.seenCreateTime
		}
	}
	f, known, open := lookupField(p.Segments)
	if known || open {
		return f, known
	}
	if p.Segments[0] == "context" {
		c.report(p.At, CodeNoContext, SeverityWarning, "AuditLog objects have no context: %s matches nothing on audit logs", quoteSrc(joined))
		return f, false
	}
	// A path one typo away from a field is a mistake (it would match nothing
	// and the table would just be empty), so it is an error; a path far from
	// every field may be one the schema does not know yet, so it warns.
	msg := fmt.Sprintf("%s is not an AuditLog field", quoteSrc(joined))
	sev := SeverityWarning
	if s, typo := nearField(joined); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", quoteSrc(s))
		if typo {
			sev = SeverityError
		}
	}
	c.report(p.At, CodeUnknownField, sev, "%s", msg)
	return f, false
}

func (c *checker) compare(n *Compare) {
	f, known := c.path(n.Path)
	values := []Value{n.Value}
	if l, ok := n.Value.(*List); ok {
		values = l.Elems
		if len(l.Elems) == 0 {
			if _, neg := n.Op.Negated(); neg {
				c.report(l.At, CodeEmptyList, SeverityWarning, "'%s []' with an empty list matches every entry", n.Op)
			} else {
				c.report(l.At, CodeEmptyList, SeverityWarning, "'%s []' with an empty list matches nothing", n.Op)
			}
		}
	}
	if n.Op == Matches {
		if _, err := compileRegexp(n.Value); err != nil {
			if fe, ok := err.(*Error); ok {
				c.report(fe.Pos, CodeRegexp, SeverityError, "%s", fe.Msg)
			}
		}
		return
	}
	if !known {
		return
	}
	switch f.Type {
	case TypeTime:
		for _, v := range values {
			switch v.(type) {
			case *Date, *Now:
			default:
				c.report(v.Pos(), CodeTimeValue, SeverityWarning, "%s is a time: compare it with date(2025-01-01T00:00:00Z) or now(-24h); %s compares as text",
					f.Path, v.String())
			}
		}
	case TypeEnum:
		for _, v := range values {
			c.enumValue(v)
		}
	case TypeString:
		if n.Op == Contains || n.Op == NotContains {
			c.report(n.OpPos, CodeContains, SeverityWarning, "'%s' is list membership, not substring: on the single string %s it only tests equality; for a substring use %s matches '...'",
				n.Op, f.Path, f.Path)
		}
		if f.Path == PathRemoteAddress && n.Op.IsOrdering() {
			c.report(n.OpPos, CodeIPOrdering, SeverityWarning, "spec.remote_address is text, so '%s' compares strings and an IP range written this way misses addresses "+
				"(10.244.3.1 sorts after 10.244.255.255); use the IP range preset, which emits an exact 'matches' expression", n.Op)
		}
		if f.Path == PathMessageKind {
			for _, v := range values {
				c.kindValue(v)
			}
		}
		c.timesOnText(f, values)
	case TypeStringList, TypeNumber:
		c.timesOnText(f, values)
	}
}

// timesOnText warns about date()/now() compared with a field that holds no
// time.
func (c *checker) timesOnText(f FieldInfo, values []Value) {
	for _, v := range values {
		switch v.(type) {
		case *Date, *Now:
			c.report(v.Pos(), CodeTimeValue, SeverityWarning, "%s is not a time field: %s never matches it", f.Path, v.String())
		}
	}
}

func (c *checker) enumValue(v Value) {
	s, ok := textOf(v)
	if !ok {
		c.report(v.Pos(), CodeEnum, SeverityError, "spec.operation is an enum: compare it with one of %s", strings.Join(operationNames[1:], ", "))
		return
	}
	for _, name := range operationNames {
		if s == name {
			return
		}
	}
	msg := fmt.Sprintf("unknown operation %s", quoteSrc(s))
	up := strings.ToUpper(s)
	switch sug := suggest(s, operationNames); {
	case contains(operationNames, "OPERATION_"+up):
		msg += fmt.Sprintf("; did you mean 'OPERATION_%s'?", up)
	case contains(operationNames, up):
		msg += fmt.Sprintf("; enum names are case-sensitive: did you mean '%s'?", up)
	case sug != "":
		msg += fmt.Sprintf("; did you mean %s?", quoteSrc(sug))
	default:
		msg += "; the operations are " + strings.Join(operationNames[1:], ", ")
	}
	c.report(v.Pos(), CodeEnum, SeverityError, "%s", msg)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (c *checker) kindValue(v Value) {
	s, ok := textOf(v)
	if !ok || strings.HasPrefix(s, KindPrefix) {
		return
	}
	if full, ok := ExpandKind(s); ok {
		c.report(v.Pos(), CodeKindName, SeverityWarning, "message kinds are full proto names: did you mean %s?", quoteSrc(full))
		return
	}
	c.report(v.Pos(), CodeKindName, SeverityWarning, "message kinds are full proto names such as %sPolicy", KindPrefix)
}

func (c *checker) archive() {
	switch {
	case c.createTime != nil && c.messageKind == nil:
		c.report(c.createTime.At, CodeArchiveKind, SeverityWarning, "archived audit logs should be filtered by spec.message_kind alongside meta.create_time: "+
			"Endor's docs say the archive's meta.create_time filter must be used together with spec.message_kind, placed first, "+
			"or the query may be slow or time out (add e.g. spec.message_kind == '%sPolicy' and ...)", KindPrefix)
	case c.createTime != nil && c.kindAfterTime:
		c.report(c.messageKind.At, CodeArchiveOrder, SeverityWarning, "put the spec.message_kind condition before meta.create_time: "+
			"Endor's docs ask archive queries to filter by message kind first, then by time, for performance")
	}
}
