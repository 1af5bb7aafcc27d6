package exportfile

import (
	"errors"
	"fmt"
	"time"
	"unsafe"

	"github.com/tidwall/gjson"
)

// ErrEntry is the class of errors that make one entry of a file invalid.
var ErrEntry = errors.New("invalid entry")

// LineError is an invalid entry, by the line of the file it starts on.
// Its text is the one file mode of the emulator gives for the same entry.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// fields are what the scan needs of an entry: who it is (uuid), where
// (namespace) and when (meta.create_time, Unix nanoseconds). Strings point
// into the entry's bytes.
type fields struct {
	uuid  string
	ns    string
	ctime int64
}

// index checks raw as an AuditLog object, with the rules of the
// emulator's file mode (emulator/record.go): valid JSON, an object, a uuid,
// tenant_meta.namespace, an RFC 3339 meta.create_time, and strings (or
// null) in spec.operation, spec.message_kind and spec.message_uuid. A
// member that appears twice counts by its first occurrence, as the filter
// evaluator reads it.
func index(raw []byte) (fields, error) {
	if !gjson.ValidBytes(raw) {
		return fields{}, fmt.Errorf("%w: not valid JSON", ErrEntry)
	}
	doc := gjson.Parse(unsafe.String(unsafe.SliceData(raw), len(raw)))
	if !doc.IsObject() {
		return fields{}, fmt.Errorf("%w: not a JSON object", ErrEntry)
	}
	var f fields
	var seenUUID, seenMeta, seenSpec, seenTenant bool
	var ctime gjson.Result
	var err error
	doc.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "uuid":
			if !seenUUID {
				seenUUID = true
				f.uuid, err = stringField("uuid", v)
			}
		case "meta":
			if !seenMeta && v.IsObject() {
				seenMeta = true
				ctime = firstMember(v, "create_time")
			}
		case "spec":
			if !seenSpec && v.IsObject() {
				seenSpec = true
				err = checkSpec(v)
			}
		case "tenant_meta":
			if !seenTenant && v.IsObject() {
				seenTenant = true
				f.ns, err = stringField("tenant_meta.namespace", firstMember(v, "namespace"))
			}
		}
		return err == nil
	})
	if err != nil {
		return fields{}, err
	}
	switch {
	case f.uuid == "":
		return fields{}, fmt.Errorf("%w: uuid is missing", ErrEntry)
	case f.ns == "":
		return fields{}, fmt.Errorf("%w: tenant_meta.namespace is missing", ErrEntry)
	case !ctime.Exists():
		return fields{}, fmt.Errorf("%w: meta.create_time is missing", ErrEntry)
	case ctime.Type != gjson.String:
		return fields{}, fmt.Errorf("%w: meta.create_time is not a string", ErrEntry)
	}
	t, perr := time.Parse(time.RFC3339Nano, ctime.Str)
	if perr != nil {
		return fields{}, fmt.Errorf("%w: meta.create_time %q is not an RFC 3339 time", ErrEntry, ctime.Str)
	}
	f.ctime = t.UnixNano()
	return f, nil
}

// checkSpec checks the spec members the emulator indexes.
func checkSpec(spec gjson.Result) error {
	var err error
	var seen uint8
	spec.ForEach(func(k, v gjson.Result) bool {
		var bit uint8
		switch k.Str {
		case "operation":
			bit = 1
		case "message_kind":
			bit = 2
		case "message_uuid":
			bit = 4
		default:
			return true
		}
		if seen&bit != 0 {
			return true
		}
		seen |= bit
		if v.Type != gjson.Null && v.Type != gjson.String {
			err = fmt.Errorf("%w: spec.%s is not a string", ErrEntry, k.Str)
			return false
		}
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
	return "", fmt.Errorf("%w: %s is not a string", ErrEntry, name)
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
