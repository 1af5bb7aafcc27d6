// Package seen gathers what the loaded entries offer to the filter
// helpers: the payload paths they hold, the actors, claims and addresses
// they name. The root adds each page; the builder suggests the actors and
// the filter input completes with the rest (filters.Complete).
package seen

import (
	"encoding/json"
	"sort"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/filters"
)

// Bounds: a completion menu shows a few; a long session loads thousands of
// entries, and the lists must not grow with it.
const (
	maxValues = 200 // per field
	maxPaths  = 400
	maxDepth  = 6 // of a payload path below spec.payload
)

// pathActor keys the actors (api.AuditLog.Actor) among the values.
const pathActor = "actor"

// Values is what the loaded entries said, each value once, in the order
// first seen. The zero value is ready to use.
type Values struct {
	paths []string
	vals  map[string][]string
	set   map[string]bool // "path\x00value" and "\x00path"
}

// Reset forgets everything (a new query).
func (v *Values) Reset() { *v = Values{} }

// Add takes in a page of entries.
func (v *Values) Add(entries []client.Entry) {
	for i := range entries {
		e := &entries[i].AuditLog
		v.value(pathActor, e.Actor())
		for _, c := range e.Spec.Claims {
			v.value(filters.PathClaims, c)
		}
		v.value(filters.PathRemoteAddress, e.Spec.RemoteAddress)
		v.value(filters.PathMessageUUID, e.Spec.MessageUUID)
		v.value("meta.created_by", e.Meta.CreatedBy)
		v.payload(e)
	}
}

func (v *Values) value(path, s string) {
	if s == "" || len(v.vals[path]) >= maxValues {
		return
	}
	k := path + "\x00" + s
	if v.set[k] {
		return
	}
	if v.set == nil {
		v.set, v.vals = map[string]bool{}, map[string][]string{}
	}
	v.set[k] = true
	v.vals[path] = append(v.vals[path], s)
}

// payload records the paths under spec.payload (objects only: a filter
// path names keys, and arrays are matched element by element under the
// same path).
func (v *Values) payload(e *api.AuditLog) {
	if len(e.Spec.Payload) == 0 || len(v.paths) >= maxPaths {
		return
	}
	var doc any
	if json.Unmarshal(e.Spec.Payload, &doc) != nil {
		return
	}
	v.walk("spec.payload", doc, 0)
}

func (v *Values) walk(path string, x any, depth int) {
	switch x := x.(type) {
	case map[string]any:
		if depth >= maxDepth {
			return
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !plainKey(k) {
				continue
			}
			p := path + "." + k
			v.path(p)
			v.walk(p, x[k], depth+1)
		}
	case []any:
		for _, el := range x {
			v.walk(path, el, depth)
		}
	}
}

func (v *Values) path(p string) {
	if len(v.paths) >= maxPaths || v.set["\x00"+p] {
		return
	}
	if v.set == nil {
		v.set, v.vals = map[string]bool{}, map[string][]string{}
	}
	v.set["\x00"+p] = true
	v.paths = append(v.paths, p)
}

// plainKey reports whether a key can stand in a dotted filter path.
func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// Actors returns the actors seen (api.AuditLog.Actor), first seen first.
func (v *Values) Actors() []string { return clone(v.vals[pathActor]) }

// Suggestions returns what filters.Complete offers beyond the schema: the
// payload paths and the values seen per field (claims, addresses, object
// uuids, creators).
func (v *Values) Suggestions() filters.Suggestions {
	s := filters.Suggestions{Paths: clone(v.paths), Values: map[string][]string{}}
	for p, vals := range v.vals {
		if p != pathActor {
			s.Values[p] = clone(vals)
		}
	}
	return s
}

func clone(s []string) []string { return append([]string(nil), s...) }
