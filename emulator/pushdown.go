package emulator

import (
	"math/bits"
	"time"

	"github.com/auditlog/auditlog/filters"
)

// field is an indexed field of a record that pushdown can test.
type field int

const (
	fUUID field = iota
	fNS
	fKind
	fOp
	fMUUID
	fCTime
)

var fieldPaths = map[string]field{
	"uuid":                  fUUID,
	"tenant_meta.namespace": fNS,
	"spec.message_kind":     fKind,
	"spec.operation":        fOp,
	"spec.message_uuid":     fMUUID,
	"meta.create_time":      fCTime,
}

// optional reports whether a record may lack the field (the others are
// required by indexRecord).
func (f field) optional() bool { return f == fKind || f == fOp || f == fMUUID }

type condKind int

const (
	cAnd condKind = iota
	cOr
	cLeaf
)

// cond is the part of a filter a store answers from its indexed fields. It
// is exact: for every record it gives the same answer as the filter
// evaluator gives on the record's JSON (TestPushdownTable checks every row
// of the operator tables below against both).
type cond struct {
	kind condKind
	kids []*cond // cAnd, cOr: two or more operands

	// cLeaf
	f    field
	op   filters.Op
	strs []string            // string fields: the value, or the list of in / not in
	set  map[string]struct{} // strs as a set, for a list of longList or more
	t    int64               // fCTime: the instant in Unix nanoseconds
	// missing is the answer for a record that lacks an optional field.
	missing bool
}

// stringOps are the operators pushed down on the string fields, each with
// its answer for an entry that lacks the (optional) field or holds null:
// filters' evaluator makes the negated operators the exact complements
// (filters/eval.go), so a missing field matches != and not in.
var stringOps = map[filters.Op]bool{
	filters.Eq:    false,
	filters.In:    false,
	filters.Ne:    true,
	filters.NotIn: true,
}

// timeOps are the operators pushed down on meta.create_time, with date(…)
// and now(…) values (an instant against the stored instant).
var timeOps = map[filters.Op]bool{
	filters.Eq: true, filters.Ne: true, filters.Lt: true, filters.Le: true, filters.Gt: true, filters.Ge: true,
}

// SQLite's limits on one statement (its defaults, which modernc keeps):
// SQLITE_MAX_EXPR_DEPTH 1000 and SQLITE_MAX_VARIABLE_NUMBER 32766. What
// pushdown sends stays well inside them; the scope, cursor and LIMIT take
// a few levels and at most 7 variables. A conjunct that does not fit what
// is left is evaluated in Go instead (split), so every valid filter is
// served, by both stores alike.
const (
	maxSQLDepth = 400
	maxSQLVars  = 30000
	// longList is the length from which an in / not in list is sent as
	// one JSON array variable (col IN (SELECT value FROM json_each(?)))
	// rather than one variable per value.
	longList = 64
)

// split divides a filter into the conjuncts a store can answer exactly
// (where) and the rest (residual, nil when nothing is left). Only top-level
// conjuncts are split: `A and (B or C)` pushes A and, when B and C both
// push, (B or C); a conjunct with anything not pushable, or too big for
// what SQLite takes, stays whole in the residual, so an `or` never loses
// rows. now fixes now(...) values.
func split(e filters.Expr, now time.Time) (where *cond, residual filters.Expr) {
	var pushed []*cond
	depth, vars := 0, 0
	for _, c := range filters.Conjuncts(e) {
		if pc := toCond(c, now); pc != nil {
			d, v := pc.sqlCost()
			if d <= maxSQLDepth && vars+v <= maxSQLVars {
				pushed = append(pushed, pc)
				depth, vars = max(depth, d), vars+v
				continue
			}
		}
		if residual == nil {
			residual = c
		} else {
			residual = &filters.Logical{Op: filters.And, X: residual, Y: c}
		}
	}
	where = join(cAnd, pushed)
	if where != nil {
		if d, _ := where.sqlCost(); d > maxSQLDepth {
			// Never with maxSQLDepth this far below SQLite's limit
			// (the conjuncts are joined as a balanced tree), but a
			// residual is always a right answer.
			return nil, e
		}
	}
	return where, residual
}

// join makes one condition of kind k of cs, flattening nested conditions
// of the same kind into one operand list.
func join(k condKind, cs []*cond) *cond {
	switch len(cs) {
	case 0:
		return nil
	case 1:
		return cs[0]
	}
	out := &cond{kind: k}
	for _, c := range cs {
		if c.kind == k {
			out.kids = append(out.kids, c.kids...)
		} else {
			out.kids = append(out.kids, c)
		}
	}
	out.kids = mergeLists(k, out.kids)
	if len(out.kids) == 1 {
		return out.kids[0]
	}
	return out
}

// mergeLists folds the operands of an or that test one string field for
// equality (== and in) into one in list, and those of an and that test one
// field for inequality (!= and not in) into one not in list: the same
// answer on every record, and one indexed IN for SQLite instead of a
// thousand ORs for its planner.
func mergeLists(k condKind, kids []*cond) []*cond {
	eq, list := filters.Eq, filters.In
	if k == cAnd {
		eq, list = filters.Ne, filters.NotIn
	}
	var out []*cond
	merged := map[field]*cond{}
	for _, c := range kids {
		if c.kind != cLeaf || c.f == fCTime || (c.op != eq && c.op != list) {
			out = append(out, c)
			continue
		}
		m, ok := merged[c.f]
		if !ok {
			m = &cond{kind: cLeaf, f: c.f, op: list, missing: stringOps[list]}
			merged[c.f] = m
			out = append(out, m)
		}
		m.strs = append(m.strs, c.strs...)
	}
	for _, m := range merged {
		m.indexList()
	}
	return out
}

// indexList builds the set of a long in / not in list (eval's lookup).
func (c *cond) indexList() {
	c.set = nil
	if len(c.strs) >= longList {
		c.set = make(map[string]struct{}, len(c.strs))
		for _, s := range c.strs {
			c.set[s] = struct{}{}
		}
	}
}

// sqlCost is the expression depth and the number of variables of c's SQL
// (sqlCond), which writes operand lists as balanced trees.
func (c *cond) sqlCost() (depth, vars int) {
	if c.kind == cLeaf {
		switch {
		case c.f == fCTime || c.op == filters.Eq || c.op == filters.Ne:
			return 3, 1
		case len(c.strs) >= longList && jsonListable(c.strs):
			return 5, 1
		default:
			return 3, len(c.strs)
		}
	}
	for _, k := range c.kids {
		d, v := k.sqlCost()
		depth, vars = max(depth, d), vars+v
	}
	return depth + bits.Len(uint(len(c.kids)-1)), vars
}

// toCond converts e when all of it can be answered exactly, else nil.
func toCond(e filters.Expr, now time.Time) *cond {
	switch e := e.(type) {
	case *filters.Logical:
		x := toCond(e.X, now)
		if x == nil {
			return nil
		}
		y := toCond(e.Y, now)
		if y == nil {
			return nil
		}
		k := cAnd
		if e.Op == filters.Or {
			k = cOr
		}
		return join(k, []*cond{x, y})
	case *filters.Compare:
		f, ok := fieldPaths[e.Path.String()]
		if !ok {
			return nil
		}
		if f == fCTime {
			return timeLeaf(f, e, now)
		}
		return stringLeaf(f, e)
	}
	return nil
}

func timeLeaf(f field, e *filters.Compare, now time.Time) *cond {
	if !timeOps[e.Op] {
		return nil
	}
	var t time.Time
	switch v := e.Value.(type) {
	case *filters.Date:
		t = v.Time
	case *filters.Now:
		t = now.Add(v.Offset)
	default:
		return nil
	}
	if !exactInstant(t) {
		return nil // the evaluator compares it exactly (record.go)
	}
	return &cond{kind: cLeaf, f: f, op: e.Op, t: t.UnixNano()}
}

func stringLeaf(f field, e *filters.Compare) *cond {
	missing, ok := stringOps[e.Op]
	if !ok {
		return nil
	}
	c := &cond{kind: cLeaf, f: f, op: e.Op, missing: missing}
	switch e.Op {
	case filters.Eq, filters.Ne:
		s, ok := scalarString(e.Value)
		if !ok {
			return nil
		}
		c.strs = []string{s}
	case filters.In, filters.NotIn:
		l, ok := e.Value.(*filters.List)
		if !ok {
			return nil
		}
		c.strs = make([]string, 0, len(l.Elems))
		for _, el := range l.Elems {
			s, ok := scalarString(el)
			if !ok {
				return nil
			}
			c.strs = append(c.strs, s)
		}
		c.indexList()
	default:
		return nil
	}
	return c
}

func scalarString(v filters.Value) (string, bool) {
	switch v := v.(type) {
	case *filters.String:
		return v.Value, true
	case *filters.Bare:
		return v.Value, true
	}
	return "", false
}

// eval answers c for a record (the memory store's path; SQL gets the same
// logic in sqlWhere).
func (c *cond) eval(r *record) bool {
	switch c.kind {
	case cAnd:
		for _, k := range c.kids {
			if !k.eval(r) {
				return false
			}
		}
		return true
	case cOr:
		for _, k := range c.kids {
			if k.eval(r) {
				return true
			}
		}
		return false
	}
	if c.f == fCTime {
		return cmpTime(c.op, r.CTime, c.t)
	}
	v, present := r.field(c.f)
	if !present {
		return c.missing
	}
	switch c.op {
	case filters.Eq:
		return v == c.strs[0]
	case filters.Ne:
		return v != c.strs[0]
	case filters.In:
		return c.contains(v)
	case filters.NotIn:
		return !c.contains(v)
	}
	return false
}

func (r *record) field(f field) (string, bool) {
	switch f {
	case fUUID:
		return r.UUID, true
	case fNS:
		return r.NS, true
	case fKind:
		return r.Kind, r.Has&hasKind != 0
	case fOp:
		return r.Op, r.Has&hasOp != 0
	case fMUUID:
		return r.MUUID, r.Has&hasMUUID != 0
	}
	return "", false
}

func cmpTime(op filters.Op, a, b int64) bool {
	switch op {
	case filters.Eq:
		return a == b
	case filters.Ne:
		return a != b
	case filters.Lt:
		return a < b
	case filters.Le:
		return a <= b
	case filters.Gt:
		return a > b
	case filters.Ge:
		return a >= b
	}
	return false
}

func (c *cond) contains(s string) bool {
	if c.set != nil {
		_, ok := c.set[s]
		return ok
	}
	for _, x := range c.strs {
		if x == s {
			return true
		}
	}
	return false
}
