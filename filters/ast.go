package filters

import (
	"time"
)

// Pos is a position in the filter source. Line and Col are 1-based; Col
// counts characters (runes), so a caret drawn under the source lines up.
// Offset is the 0-based byte offset.
type Pos struct {
	Offset int
	Line   int
	Col    int
}

// Node is implemented by every node of the AST.
type Node interface {
	// Pos returns the position of the node's first character.
	Pos() Pos
	// String returns the canonical source form of the node.
	String() string
}

// Expr is a boolean filter expression: *Logical, *Compare or *Exists.
type Expr interface {
	Node
	exprNode()
}

// Value is the right-hand side of a comparison: *String, *Bare, *Number,
// *Bool, *Date, *Now or *List.
type Value interface {
	Node
	valueNode()
}

// LogicalOp is `and` or `or`.
type LogicalOp int

// The logical operators. And binds tighter than Or.
const (
	And LogicalOp = iota + 1
	Or
)

// Logical is `X and Y` or `X or Y`. Chains are left-associative:
// `a and b and c` is ((a and b) and c).
type Logical struct {
	Op    LogicalOp
	OpPos Pos
	X, Y  Expr
}

// Op is a comparison operator.
type Op int

// The comparison operators of the Endor filter language.
const (
	Eq          Op = iota + 1 // ==
	Ne                        // !=
	Lt                        // <
	Le                        // <=
	Gt                        // >
	Ge                        // >=
	Contains                  // contains: a list field holds any of the values
	NotContains               // not contains: a list field holds none of the values
	In                        // in: a scalar equals one of the listed values
	NotIn                     // not in: a scalar equals none of the listed values
	Matches                   // matches: regular expression search
)

// Compare is `Path Op Value`.
type Compare struct {
	Path  *Path
	Op    Op
	OpPos Pos
	Value Value
}

// Exists is `Path exists` or `Path not exists`. A field exists when it is
// present and not null, {} or [].
type Exists struct {
	Path  *Path
	Not   bool
	OpPos Pos
}

// Path is a dotted field path such as spec.claims. A path through a list
// reaches every element of it.
type Path struct {
	At       Pos
	Segments []string
}

// String is a quoted string value; Value holds the unescaped text.
type String struct {
	At    Pos
	Value string
}

// Bare is an unquoted word value such as an enum name (OPERATION_CREATE) or
// a hex UUID.
type Bare struct {
	At    Pos
	Value string
}

// Number is a numeric value; Text is the literal as written in canonical form.
type Number struct {
	At    Pos
	Text  string
	Value float64
}

// Bool is true or false.
type Bool struct {
	At    Pos
	Value bool
}

// Date is date(2025-01-01) or date(2025-01-01T00:00:00Z). Time is in UTC.
// DateOnly records the first form so that it prints back unchanged.
type Date struct {
	At       Pos
	Time     time.Time
	DateOnly bool
}

// Now is now(-24h): the instant of evaluation plus Offset.
type Now struct {
	At     Pos
	Offset time.Duration
}

// List is [v1, v2, ...].
type List struct {
	At    Pos
	Elems []Value
}

func (n *Logical) Pos() Pos { return n.X.Pos() }
func (n *Compare) Pos() Pos { return n.Path.At }
func (n *Exists) Pos() Pos  { return n.Path.At }
func (n *Path) Pos() Pos    { return n.At }
func (n *String) Pos() Pos  { return n.At }
func (n *Bare) Pos() Pos    { return n.At }
func (n *Number) Pos() Pos  { return n.At }
func (n *Bool) Pos() Pos    { return n.At }
func (n *Date) Pos() Pos    { return n.At }
func (n *Now) Pos() Pos     { return n.At }
func (n *List) Pos() Pos    { return n.At }

func (*Logical) exprNode() {}
func (*Compare) exprNode() {}
func (*Exists) exprNode()  {}

func (*String) valueNode() {}
func (*Bare) valueNode()   {}
func (*Number) valueNode() {}
func (*Bool) valueNode()   {}
func (*Date) valueNode()   {}
func (*Now) valueNode()    {}
func (*List) valueNode()   {}
