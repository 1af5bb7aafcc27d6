package filters

// valueShape says what a comparison operator takes on its right.
type valueShape int

const (
	oneValue    valueShape = iota + 1 // a single scalar: == != < <= > >=
	listValue                         // a list: in, not in
	oneOrList                         // a scalar or a list: contains, not contains
	regexpValue                       // a regular expression, quoted or bare: matches
)

// opInfo describes one comparison operator. The table below is the single
// source of the operators' spelling, shared by the parser and the printer.
type opInfo struct {
	text     string     // canonical spelling, lower-case
	keyword  bool       // spelled with words, so surrounded by spaces
	shape    valueShape // what the operator compares with
	negates  Op         // for the negated operators, their positive form
	ordering bool       // < <= > >=
}

var opTable = [...]opInfo{
	Eq:          {text: "==", shape: oneValue},
	Ne:          {text: "!=", shape: oneValue, negates: Eq},
	Lt:          {text: "<", shape: oneValue, ordering: true},
	Le:          {text: "<=", shape: oneValue, ordering: true},
	Gt:          {text: ">", shape: oneValue, ordering: true},
	Ge:          {text: ">=", shape: oneValue, ordering: true},
	Contains:    {text: "contains", keyword: true, shape: oneOrList},
	NotContains: {text: "not contains", keyword: true, shape: oneOrList, negates: Contains},
	In:          {text: "in", keyword: true, shape: listValue},
	NotIn:       {text: "not in", keyword: true, shape: listValue, negates: In},
	Matches:     {text: "matches", keyword: true, shape: regexpValue},
}

// symbolOps maps the symbolic spellings to their operators.
var symbolOps = map[string]Op{"==": Eq, "!=": Ne, "<": Lt, "<=": Le, ">": Gt, ">=": Ge}

// wordOps maps a lower-case keyword (after an optional 'not') to its
// operator.
var wordOps = map[string][2]Op{ // [plain, after 'not']
	kwContains: {Contains, NotContains},
	kwIn:       {In, NotIn},
	kwMatches:  {Matches, 0}, // the API does not support 'not matches'
}

func (o Op) valid() bool { return o > 0 && int(o) < len(opTable) }

// String returns the operator's canonical spelling, e.g. "not in".
func (o Op) String() string {
	if !o.valid() {
		return "?"
	}
	return opTable[o].text
}

// Negated reports whether o is the complement of another operator (!=,
// not contains, not in) and returns that positive operator.
func (o Op) Negated() (Op, bool) {
	if !o.valid() || opTable[o].negates == 0 {
		return o, false
	}
	return opTable[o].negates, true
}

// IsOrdering reports whether o is one of < <= > >=.
func (o Op) IsOrdering() bool { return o.valid() && opTable[o].ordering }

// String returns "and" or "or".
func (o LogicalOp) String() string {
	switch o {
	case And:
		return kwAnd
	case Or:
		return kwOr
	}
	return "?"
}
