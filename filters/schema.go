package filters

import (
	"sort"
	"strings"
)

// FieldType is the JSON type of an AuditLog field, as the checker sees it.
type FieldType int

// The field types of the AuditLog schema.
const (
	TypeString     FieldType = iota + 1
	TypeTime                 // an RFC 3339 string: compare with date(...) or now(...)
	TypeEnum                 // spec.operation
	TypeStringList           // spec.claims, meta.tags
	TypeNumber
	TypeObject // a message whose fields are listed too
	TypeOpen   // anything may be below it (payload, annotations)
)

// FieldInfo describes one known AuditLog field.
type FieldInfo struct {
	Path string
	Type FieldType
	Doc  string
}

// auditLogFields is the AuditLog schema (reference §4.1-4.3).
var auditLogFields = []FieldInfo{
	{"uuid", TypeString, "The UUID of the audit log entry."},
	{"meta", TypeObject, "Common metadata."},
	{"meta.name", TypeString, "Name of the entry."},
	{"meta.description", TypeString, "Description."},
	{"meta.kind", TypeString, "Always AuditLog."},
	{"meta.version", TypeString, "API version, e.g. v1."},
	{"meta.parent_uuid", TypeString, "UUID of the parent object."},
	{"meta.parent_kind", TypeString, "Kind of the parent object."},
	{"meta.create_time", TypeTime, "When the entry was created: when the operation happened."},
	{"meta.update_time", TypeTime, "When the entry was last updated."},
	{"meta.upsert_time", TypeTime, "When the entry was last upserted."},
	{"meta.created_by", TypeString, "Who created the entry."},
	{"meta.updated_by", TypeString, "Who last updated the entry."},
	{"meta.tags", TypeStringList, "Tags."},
	{"meta.annotations", TypeOpen, "Annotations: a map of strings."},
	{"meta.references", TypeOpen, "References filled in by the query service."},
	{"meta.index_data", TypeObject, "Internal index data."},
	{"meta.index_data.data", TypeStringList, "Internal index data."},
	{"meta.index_data.search_score", TypeNumber, "Internal search score."},
	{"meta.index_data.tenant", TypeString, "Internal tenant name."},
	{"meta.index_data.will_be_deleted_at", TypeTime, "When the entry will be deleted."},
	{"spec", TypeObject, "What happened."},
	{"spec.operation", TypeEnum, "The operation: OPERATION_CREATE, OPERATION_UPDATE, OPERATION_DELETE or OPERATION_UPSERT."},
	{"spec.message_kind", TypeString, "Full kind of the object, e.g. internal.endor.ai.endor.v1.Policy."},
	{"spec.message_uuid", TypeString, "UUID of the object the operation touched."},
	{"spec.payload", TypeOpen, "The object as created or updated (a google.protobuf.Any)."},
	{"spec.error", TypeObject, "The error, when the operation failed."},
	{"spec.error.code", TypeNumber, "gRPC status code of the failure."},
	{"spec.error.message", TypeString, "Error message of the failure."},
	{"spec.error.details", TypeOpen, "Error details."},
	{"spec.claims", TypeStringList, "Claims of the caller, e.g. email=jane@example.com, user=jane@example.com@google."},
	{"spec.remote_address", TypeString, "The source IP address, as text."},
	{"tenant_meta", TypeObject, "Tenant metadata."},
	{"tenant_meta.namespace", TypeString, "Namespace of the object the operation touched."},
}

var fieldByPath = func() map[string]FieldInfo {
	m := make(map[string]FieldInfo, len(auditLogFields))
	for _, f := range auditLogFields {
		m[f.Path] = f
	}
	return m
}()

// Operations of spec.operation, as the API names them.
var operationNames = []string{"OPERATION_UNSPECIFIED", "OPERATION_CREATE", "OPERATION_UPDATE", "OPERATION_DELETE", "OPERATION_UPSERT"}

// Fields returns the known AuditLog fields, sorted by path.
func Fields() []FieldInfo {
	out := append([]FieldInfo(nil), auditLogFields...)
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// lookupField returns the field at path. open is true when the path lies
// below a field whose content is free-form (spec.payload.*), where any
// path is valid and its type unknown.
func lookupField(path []string) (f FieldInfo, known, open bool) {
	joined := strings.Join(path, ".")
	if f, ok := fieldByPath[joined]; ok {
		return f, true, false
	}
	for i := len(path) - 1; i > 0; i-- {
		if f, ok := fieldByPath[strings.Join(path[:i], ".")]; ok {
			return FieldInfo{}, false, f.Type == TypeOpen
		}
	}
	return FieldInfo{}, false, false
}

// suggestField proposes a known path for an unknown one: the same path in
// another case, a known path that ends the same way (create_time ->
// meta.create_time), or the closest by edit distance.
func suggestField(path string) string {
	s, _ := nearField(path)
	return s
}

// nearField returns the field to suggest for an unknown path and whether
// the path is a typo of it: the same name in another case, one with its
// prefix left out (create_time), or a few edits away. A suggestion found
// only by the last segment (spec.dependencies.name → meta.name) is a guess,
// not a typo: the path may belong to another resource kind.
func nearField(path string) (suggestion string, typo bool) {
	last := path[strings.LastIndexByte(path, '.')+1:]
	var sameLast []string
	paths := make([]string, 0, len(auditLogFields))
	for _, f := range auditLogFields {
		if strings.EqualFold(f.Path, path) {
			return f.Path, true
		}
		if strings.HasSuffix(f.Path, "."+last) || f.Path == last {
			sameLast = append(sameLast, f.Path)
		}
		paths = append(paths, f.Path)
	}
	if s := suggest(path, paths); s != "" {
		return s, true
	}
	if len(sameLast) == 1 {
		return sameLast[0], strings.HasSuffix(sameLast[0], "."+path)
	}
	return "", false
}
