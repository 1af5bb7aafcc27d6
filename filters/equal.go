package filters

import (
	"reflect"
	"slices"
)

// Equal reports whether two nodes are the same filter, ignoring positions.
// Two further differences of spelling are ignored: the grouping of a chain
// of one logical operator ((a and b) and c equals a and (b and c)), and
// quoting ('OPERATION_CREATE' equals OPERATION_CREATE: a string and a bare
// word with the same text are the same value to the server).
func Equal(a, b Node) bool {
	if isNilNode(a) || isNilNode(b) {
		return isNilNode(a) && isNilNode(b)
	}
	switch a := a.(type) {
	case *Logical:
		b, ok := b.(*Logical)
		if !ok || a.Op != b.Op {
			return false
		}
		return slices.EqualFunc(flatten(a, nil), flatten(b, nil), func(x, y Expr) bool { return Equal(x, y) })
	case *Compare:
		b, ok := b.(*Compare)
		return ok && a.Op == b.Op && Equal(a.Path, b.Path) && Equal(a.Value, b.Value)
	case *Exists:
		b, ok := b.(*Exists)
		return ok && a.Not == b.Not && Equal(a.Path, b.Path)
	case *Path:
		b, ok := b.(*Path)
		return ok && slices.Equal(a.Segments, b.Segments)
	case *String:
		s, ok := textOf(b)
		return ok && a.Value == s
	case *Bare:
		s, ok := textOf(b)
		return ok && a.Value == s
	case *Number:
		b, ok := b.(*Number)
		return ok && a.String() == b.String()
	case *Bool:
		b, ok := b.(*Bool)
		return ok && a.Value == b.Value
	case *Date:
		b, ok := b.(*Date)
		return ok && a.DateOnly == b.DateOnly && a.Time.Equal(b.Time)
	case *Now:
		b, ok := b.(*Now)
		return ok && a.Offset == b.Offset
	case *List:
		b, ok := b.(*List)
		return ok && slices.EqualFunc(a.Elems, b.Elems, func(x, y Value) bool { return Equal(x, y) })
	}
	return false
}

// isNilNode reports whether n is nil or a nil pointer in an interface.
func isNilNode(n Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// textOf returns the text of a string or bare-word value.
func textOf(n Node) (string, bool) {
	switch n := n.(type) {
	case *String:
		return n.Value, true
	case *Bare:
		return n.Value, true
	}
	return "", false
}
