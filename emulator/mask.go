package emulator

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/tidwall/gjson"
)

// auditLogFields is the AuditLog message as a field tree: a nil map is a
// leaf (a scalar, a repeated field, a map, a timestamp or an Any), which a
// field mask may name but not go below, as protobuf's field mask
// validation refuses.
var auditLogFields = map[string]map[string]map[string]bool{
	"uuid": nil,
	"meta": {
		"name": nil, "description": nil, "kind": nil, "version": nil, "parent_uuid": nil,
		"parent_kind": nil, "create_time": nil, "update_time": nil, "upsert_time": nil,
		"created_by": nil, "updated_by": nil, "tags": nil, "annotations": nil, "references": nil,
		"index_data": {"data": true, "search_score": true, "tenant": true, "will_be_deleted_at": true},
	},
	"spec": {
		"operation": nil, "message_kind": nil, "message_uuid": nil, "payload": nil,
		"error":  {"code": true, "message": true, "details": true},
		"claims": nil, "remote_address": nil,
	},
	"tenant_meta": {"namespace": nil},
}

const auditLogMessage = "internal.endor.ai.endor.v1.AuditLog"

// validPath reports whether p names a field of AuditLog.
func validPath(p string) bool {
	seg := strings.Split(p, ".")
	l1, ok := auditLogFields[seg[0]]
	switch {
	case !ok:
		return false
	case len(seg) == 1:
		return true
	}
	l2, ok := l1[seg[1]]
	switch {
	case !ok:
		return false
	case len(seg) == 2:
		return true
	case len(seg) == 3:
		return l2[seg[2]]
	}
	return false
}

// pathError is the service's wording for a path that is not a field
// (reference §9), prefixed with the parameter it came from.
func pathError(param, p string) string {
	return fmt.Sprintf("%s: proto: invalid path %q for message %q", param, p, auditLogMessage)
}

// mask is a parsed list_parameters.mask: a tree of the paths to keep.
type mask map[string]mask

// parseMask validates and parses a comma-separated mask. A mask with no
// path returns nil (everything).
func parseMask(s string) (mask, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	m := mask{}
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !validPath(p) {
			return nil, fmt.Errorf("%s", pathError("mask", p))
		}
		node := m
		seg := strings.Split(p, ".")
		for i, s := range seg {
			child, ok := node[s]
			if ok && child == nil {
				break // a shorter path already keeps all of it
			}
			if i == len(seg)-1 {
				node[s] = nil
				break
			}
			if !ok {
				child = mask{}
				node[s] = child
			}
			node = child
		}
	}
	if len(m) == 0 {
		return nil, nil
	}
	return m, nil
}

// apply returns the projection of the object raw on m, keeping the
// members' order and bytes. Masked rows are plain projections: a path the
// entry lacks is simply absent.
func (m mask) apply(raw []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(raw) / 2)
	m.write(&b, gjson.ParseBytes(raw))
	return b.Bytes()
}

func (m mask) write(b *bytes.Buffer, obj gjson.Result) {
	b.WriteByte('{')
	first := true
	obj.ForEach(func(k, v gjson.Result) bool {
		sub, ok := m[k.Str]
		if !ok {
			return true
		}
		if sub != nil && !v.IsObject() {
			return true // asked for a field below a value that has none
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteString(k.Raw)
		b.WriteByte(':')
		if sub == nil {
			b.WriteString(v.Raw)
		} else {
			sub.write(b, v)
		}
		return true
	})
	b.WriteByte('}')
}
