package emulator

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unsafe"

	"github.com/tidwall/gjson"
)

// record is one stored AuditLog: its raw JSON, exactly as received (only
// insignificant whitespace removed), and the few fields that pushdown,
// ordering and tenancy need. Kind, Op and MUUID are empty with the matching
// has bit clear when the entry lacks the field.
type record struct {
	UUID  string
	NS    string
	Kind  string
	Op    string
	MUUID string
	CTime int64 // meta.create_time as instant(t): Unix nanoseconds, saturated
	Has   uint8 // hasKind | hasOp | hasMUUID
	Raw   []byte
	Line  int // line of the input file it came from (file mode, import)
}

const (
	hasKind uint8 = 1 << iota
	hasOp
	hasMUUID
)

// errRecord is the class of errors that make one input entry invalid.
var errRecord = errors.New("invalid entry")

// errTooLarge is an entry past maxEntryBytes (issue 9.4: a 50 MB line once
// took 346 MB to import).
var errTooLarge = fmt.Errorf("%w: larger than %d bytes, the limit of one entry", errRecord, maxEntryBytes)

// Unix nanoseconds in an int64 cover 1677-09-21 to 2262-04-11; RFC 3339
// times run from year 0 to 9999 (issue 9.5: an entry from 1600 wrapped
// round to the active tier). instant saturates: a time before the range is
// math.MinInt64, after it math.MaxInt64. Order against every in-range
// instant stays exact, so tiers, retention and pushed-down comparisons with
// an in-range value are right; a comparison with a value outside the range
// is left to the evaluator (timeLeaf), which compares time.Time.
var (
	minInstant = time.Unix(0, math.MinInt64+1).UTC()
	maxInstant = time.Unix(0, math.MaxInt64-1).UTC()
)

func instant(t time.Time) int64 {
	switch {
	case t.Before(minInstant):
		return math.MinInt64
	case t.After(maxInstant):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// exactInstant reports whether t is inside instant's exact range.
func exactInstant(t time.Time) bool { return !t.Before(minInstant) && !t.After(maxInstant) }

// validNamespace reports whether ns is a dotted name without an empty
// segment (issue 9.6: "acme." was skipped by SQLite's traverse and shown by
// file mode; both stores now refuse it alike, as an invalid entry).
func validNamespace(ns string) bool {
	return ns != "" && ns[0] != '.' && ns[len(ns)-1] != '.' && !strings.Contains(ns, "..")
}

// bytesString views b as a string without copying. The caller keeps b
// unchanged for as long as the string is used.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// indexRecord validates raw as an AuditLog object and extracts the indexed
// fields in one pass over its top-level members. Strings in the result
// point into raw (no copy), so raw must outlive them. A field that appears
// twice counts by its first occurrence, as gjson (and so the filter
// evaluator) reads it.
func indexRecord(raw []byte) (record, error) {
	if len(raw) > maxEntryBytes {
		return record{}, errTooLarge
	}
	if !gjson.ValidBytes(raw) {
		return record{}, fmt.Errorf("%w: not valid JSON", errRecord)
	}
	doc := gjson.Parse(bytesString(raw))
	if !doc.IsObject() {
		return record{}, fmt.Errorf("%w: not a JSON object", errRecord)
	}
	r := record{Raw: raw}
	var seenUUID, seenMeta, seenSpec, seenTenant bool
	var ctime gjson.Result
	var err error
	doc.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "uuid":
			if !seenUUID {
				seenUUID = true
				r.UUID, err = stringField("uuid", v)
			}
		case "meta":
			if !seenMeta && v.IsObject() {
				seenMeta = true
				ctime = firstMember(v, "create_time")
			}
		case "spec":
			if !seenSpec && v.IsObject() {
				seenSpec = true
				err = indexSpec(&r, v)
			}
		case "tenant_meta":
			if !seenTenant && v.IsObject() {
				seenTenant = true
				r.NS, err = stringField("tenant_meta.namespace", firstMember(v, "namespace"))
			}
		}
		return err == nil
	})
	if err != nil {
		return record{}, err
	}
	switch {
	case r.UUID == "":
		return record{}, fmt.Errorf("%w: uuid is missing", errRecord)
	case r.NS == "":
		return record{}, fmt.Errorf("%w: tenant_meta.namespace is missing", errRecord)
	case !validNamespace(r.NS):
		return record{}, fmt.Errorf("%w: tenant_meta.namespace %q has an empty segment", errRecord, r.NS)
	case !ctime.Exists():
		return record{}, fmt.Errorf("%w: meta.create_time is missing", errRecord)
	case ctime.Type != gjson.String:
		return record{}, fmt.Errorf("%w: meta.create_time is not a string", errRecord)
	}
	t, perr := time.Parse(time.RFC3339Nano, ctime.Str)
	if perr != nil {
		return record{}, fmt.Errorf("%w: meta.create_time %q is not an RFC 3339 time", errRecord, ctime.Str)
	}
	r.CTime = instant(t)
	return r, nil
}

func indexSpec(r *record, spec gjson.Result) error {
	var err error
	var seen uint8
	spec.ForEach(func(k, v gjson.Result) bool {
		var bit uint8
		var dst *string
		switch k.Str {
		case "operation":
			bit, dst = hasOp, &r.Op
		case "message_kind":
			bit, dst = hasKind, &r.Kind
		case "message_uuid":
			bit, dst = hasMUUID, &r.MUUID
		default:
			return true
		}
		if seen&bit != 0 {
			return true
		}
		seen |= bit
		if v.Type == gjson.Null {
			// null is the same as absent for the evaluator.
			return true
		}
		if v.Type != gjson.String {
			err = fmt.Errorf("%w: spec.%s is not a string", errRecord, k.Str)
			return false
		}
		*dst = v.Str
		r.Has |= bit
		return true
	})
	return err
}

func stringField(name string, v gjson.Result) (string, error) {
	switch v.Type {
	case gjson.String:
		return v.Str, nil
	case gjson.Null:
		return "", nil
	}
	return "", fmt.Errorf("%w: %s is not a string", errRecord, name)
}

// firstMember returns the first member called key of object v.
func firstMember(v gjson.Result, key string) gjson.Result {
	var out gjson.Result
	v.ForEach(func(k, val gjson.Result) bool {
		if k.Str == key {
			out = val
			return false
		}
		return true
	})
	return out
}
