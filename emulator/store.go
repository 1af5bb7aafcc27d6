package emulator

import (
	"context"
	"errors"
)

// tier names one of the two stores of the service.
type tier int

const (
	tierActive tier = iota
	tierArchive
)

func (t tier) String() string {
	if t == tierArchive {
		return "archive"
	}
	return "active"
}

// orderKey is an order a store can produce natively.
type orderKey int

const (
	orderUUID  orderKey = iota // uuid (the default, decisions.go)
	orderCTime                 // meta.create_time, ties by uuid
)

// cursor is the position after which a scan starts: the uuid of the last
// entry returned and, for orderCTime, its creation time.
type cursor struct {
	UUID  string
	CTime int64
}

// query is what the HTTP layer asks of a store: the candidates of one tier
// in one namespace scope that satisfy the pushed-down condition, in order,
// after a cursor.
type query struct {
	Tier     tier
	NS       string // path namespace
	Traverse bool   // also every namespace below NS
	Where    *cond  // pushed-down condition; nil = all
	Order    orderKey
	Desc     bool
	After    *cursor // nil = from the start
	// Offset and Limit apply to the candidates. Only the caller knows
	// whether candidates are final (no residual filter); it sets them only
	// then. Limit 0 means no limit.
	Offset int
	Limit  int
}

// store is the storage behind the HTTP layer: SQLite (sqlStore) or an
// in-memory index of an export (memStore).
type store interface {
	// scan calls fn for each candidate of q in order until fn returns
	// false or an error, or ctx ends. The record's Raw is valid only
	// during the call.
	scan(ctx context.Context, q *query, fn func(r *record) (bool, error)) error
	// count counts the candidates of q (Offset and Limit ignored).
	count(ctx context.Context, q *query) (int64, error)
	// get finds an entry by uuid in the given tier.
	get(ctx context.Context, t tier, uuid string) (*record, error)
	// counts returns the number of entries in each tier.
	counts(ctx context.Context) (active, archive int64, err error)
	// namespaces returns every namespace that holds at least one entry.
	namespaces(ctx context.Context) ([]string, error)
	close() error
}

// errNotFound is returned by get for an unknown uuid.
var errNotFound = errors.New("not found")

// inScope reports whether namespace ns is q's namespace or, with traverse,
// below it.
func inScope(ns, path string, traverse bool) bool {
	if ns == path || path == allNamespaces {
		return true
	}
	return traverse && len(ns) > len(path) && ns[len(path)] == '.' && ns[:len(path)] == path
}
