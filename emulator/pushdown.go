package emulator

import (
	"strings"
	"sync"
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
// evaluator gives on the record's JSON (see pushable and the probes).
type cond struct {
	kind condKind
	x, y *cond // cAnd, cOr

	// cLeaf
	f    field
	op   filters.Op
	strs []string // string fields: the value, or the list of in / not in
	t    int64    // fCTime: the instant in Unix nanoseconds
	// missing is the answer for a record that lacks an optional field.
	missing bool
}

// split divides a filter into the conjuncts a store can answer exactly
// (where) and the rest (residual, nil when nothing is left). Only top-level
// conjuncts are split: `A and (B or C)` pushes A and, when B and C both
// push, (B or C); a conjunct with anything not pushable stays whole in the
// residual, so an `or` never loses rows. now fixes now(...) values.
func split(e filters.Expr, now time.Time) (where *cond, residual filters.Expr) {
	var conj []filters.Expr
	var flatten func(filters.Expr)
	flatten = func(e filters.Expr) {
		if l, ok := e.(*filters.Logical); ok && l.Op == filters.And {
			flatten(l.X)
			flatten(l.Y)
			return
		}
		conj = append(conj, e)
	}
	flatten(e)
	sem := probeSemantics()
	for _, c := range conj {
		if pc := toCond(c, now, sem); pc != nil {
			where = and(where, pc)
			continue
		}
		if residual == nil {
			residual = c
		} else {
			residual = &filters.Logical{Op: filters.And, X: residual, Y: c}
		}
	}
	return where, residual
}

func and(a, b *cond) *cond {
	if a == nil {
		return b
	}
	return &cond{kind: cAnd, x: a, y: b}
}

// toCond converts e when all of it can be answered exactly, else nil.
func toCond(e filters.Expr, now time.Time, sem *semantics) *cond {
	switch e := e.(type) {
	case *filters.Logical:
		x := toCond(e.X, now, sem)
		if x == nil {
			return nil
		}
		y := toCond(e.Y, now, sem)
		if y == nil {
			return nil
		}
		k := cAnd
		if e.Op == filters.Or {
			k = cOr
		}
		return &cond{kind: k, x: x, y: y}
	case *filters.Compare:
		f, ok := fieldPaths[strings.Join(e.Path.Segments, ".")]
		if !ok {
			return nil
		}
		if f == fCTime {
			return timeLeaf(f, e, now, sem)
		}
		return stringLeaf(f, e, sem)
	}
	return nil
}

func timeLeaf(f field, e *filters.Compare, now time.Time, sem *semantics) *cond {
	switch e.Op {
	case filters.Eq, filters.Ne, filters.Lt, filters.Le, filters.Gt, filters.Ge:
	default:
		return nil
	}
	if !sem.time[e.Op] {
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
	return &cond{kind: cLeaf, f: f, op: e.Op, t: t.UnixNano()}
}

func stringLeaf(f field, e *filters.Compare, sem *semantics) *cond {
	ss, ok := sem.str[e.Op]
	if !ok {
		return nil
	}
	c := &cond{kind: cLeaf, f: f, op: e.Op, missing: ss.missing}
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
		for _, el := range l.Elems {
			s, ok := scalarString(el)
			if !ok {
				return nil
			}
			c.strs = append(c.strs, s)
		}
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
		return c.x.eval(r) && c.y.eval(r)
	case cOr:
		return c.x.eval(r) || c.y.eval(r)
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
		return containsStr(c.strs, v)
	case filters.NotIn:
		return !containsStr(c.strs, v)
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

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// semantics records how the filter evaluator treats the cases pushdown
// must reproduce, learnt by asking the evaluator itself (probeSemantics), so
// that pushdown stays exact whatever choices package filters makes, e.g.
// whether `!=` matches an entry that lacks the field.
type semantics struct {
	str  map[filters.Op]strSemantics // ops safe to push on string fields
	time map[filters.Op]bool         // ops safe to push on meta.create_time
}

type strSemantics struct{ missing bool }

var (
	semOnce sync.Once
	semVal  *semantics
)

// probeSemantics compiles small filters with package filters and runs them
// on sample documents. An operator is pushed down only when the evaluator
// agrees with the store's reading on every sample; for an optional field it
// also learns the answer on an entry that lacks the field.
func probeSemantics() *semantics {
	semOnce.Do(func() { semVal = probe() })
	return semVal
}

func probe() *semantics {
	sem := &semantics{str: map[filters.Op]strSemantics{}, time: map[filters.Op]bool{}}
	path := func(p string) *filters.Path { return &filters.Path{Segments: strings.Split(p, ".")} }
	run := func(e filters.Expr, doc string, now time.Time) (bool, bool) {
		m, err := compileFilter(e)
		if err != nil {
			return false, false
		}
		return m.MatchJSON([]byte(doc), now), true
	}
	const present = `{"spec":{"operation":"OPERATION_CREATE"}}`
	const absent = `{"spec":{}}`
	const upper = `{"spec":{"operation":"operation_create"}}`
	strCases := []struct {
		op    filters.Op
		value filters.Value
	}{
		{filters.Eq, &filters.String{Value: "OPERATION_CREATE"}},
		{filters.Ne, &filters.Bare{Value: "OPERATION_CREATE"}},
		{filters.In, &filters.List{Elems: []filters.Value{&filters.String{Value: "X"}, &filters.Bare{Value: "OPERATION_CREATE"}}}},
		{filters.NotIn, &filters.List{Elems: []filters.Value{&filters.Bare{Value: "OPERATION_CREATE"}, &filters.String{Value: "Y"}}}},
	}
	for _, c := range strCases {
		e := &filters.Compare{Path: path("spec.operation"), Op: c.op, Value: c.value}
		leaf := stringLeaf(fOp, e, &semantics{str: map[filters.Op]strSemantics{c.op: {}}})
		ok := true
		for _, doc := range []string{present, upper} {
			r, err := indexRecord([]byte(`{"uuid":"u","meta":{"create_time":"2024-01-01T00:00:00Z"},"tenant_meta":{"namespace":"n"},` + doc[1:]))
			if err != nil {
				ok = false
				break
			}
			got, compiled := run(e, doc, time.Time{})
			if !compiled || got != leaf.eval(&r) {
				ok = false
			}
		}
		missing, compiled := run(e, absent, time.Time{})
		if ok && compiled {
			sem.str[c.op] = strSemantics{missing: missing}
		}
	}
	base := time.Date(2024, 5, 1, 12, 0, 0, 500, time.UTC)
	docs := []time.Time{base.Add(-time.Nanosecond), base, base.Add(time.Nanosecond), base.Add(-time.Hour)}
	for _, op := range []filters.Op{filters.Eq, filters.Ne, filters.Lt, filters.Le, filters.Gt, filters.Ge} {
		ok := true
		for _, v := range []filters.Value{&filters.Date{Time: base}, &filters.Now{Offset: -time.Hour}} {
			e := &filters.Compare{Path: path("meta.create_time"), Op: op, Value: v}
			now := base.Add(time.Hour)
			leaf := timeLeaf(fCTime, e, now, &semantics{time: map[filters.Op]bool{op: true}})
			for _, t := range docs {
				doc := `{"meta":{"create_time":"` + t.Format(time.RFC3339Nano) + `"}}`
				got, compiled := run(e, doc, now)
				r := record{CTime: t.UnixNano()}
				if !compiled || got != leaf.eval(&r) {
					ok = false
				}
			}
		}
		if ok {
			sem.time[op] = true
		}
	}
	return sem
}
