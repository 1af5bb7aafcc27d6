package filters

import "time"

// Freeze returns a copy of e in which every now(...) is replaced by the
// absolute instant it stands for at now, as date(RFC 3339 in UTC), so that
// a copied filter selects the same entries tomorrow. e is not modified.
func Freeze(e Expr, now time.Time) Expr {
	return rewriteExpr(e, func(v Value) Value {
		if n, ok := v.(*Now); ok {
			return &Date{At: n.At, Time: now.Add(n.Offset).UTC()}
		}
		return nil
	})
}

// rewriteExpr deep-copies e, replacing every scalar value for which f
// returns a non-nil replacement.
func rewriteExpr(e Expr, f func(Value) Value) Expr {
	switch n := e.(type) {
	case *Logical:
		if n == nil {
			return nil
		}
		return &Logical{Op: n.Op, OpPos: n.OpPos, X: rewriteExpr(n.X, f), Y: rewriteExpr(n.Y, f)}
	case *Compare:
		if n == nil {
			return nil
		}
		return &Compare{Path: clonePath(n.Path), Op: n.Op, OpPos: n.OpPos, Value: rewriteValue(n.Value, f)}
	case *Exists:
		if n == nil {
			return nil
		}
		return &Exists{Path: clonePath(n.Path), Not: n.Not, OpPos: n.OpPos}
	}
	return e
}

func clonePath(p *Path) *Path {
	if p == nil {
		return nil
	}
	return &Path{At: p.At, Segments: append([]string(nil), p.Segments...)}
}

func rewriteValue(v Value, f func(Value) Value) Value {
	if l, ok := v.(*List); ok && l != nil {
		out := &List{At: l.At, Elems: make([]Value, len(l.Elems))}
		for i, x := range l.Elems {
			out.Elems[i] = rewriteValue(x, f)
		}
		return out
	}
	if isNilNode(v) {
		return v
	}
	if r := f(v); r != nil {
		return r
	}
	switch n := v.(type) {
	case *String:
		c := *n
		return &c
	case *Bare:
		c := *n
		return &c
	case *Number:
		c := *n
		return &c
	case *Bool:
		c := *n
		return &c
	case *Date:
		c := *n
		return &c
	case *Now:
		c := *n
		return &c
	}
	return v
}
