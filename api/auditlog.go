package api

import (
	"encoding/json"
	"time"
)

// Kind is the value of meta.kind on every AuditLog object.
const Kind = "AuditLog"

// MessageKindPrefix is the proto package that every spec.message_kind value
// starts with, e.g. internal.endor.ai.endor.v1.Policy.
const MessageKindPrefix = "internal.endor.ai.endor.v1."

// TypeURLPrefix is the google.protobuf.Any type URL prefix of payloads and
// error details.
const TypeURLPrefix = "type.googleapis.com/"

// AuditLog represents a CRUD operation on a message (v1AuditLog).
type AuditLog struct {
	UUID       string       `json:"uuid,omitempty"`
	Meta       Meta         `json:"meta"`
	Spec       AuditLogSpec `json:"spec"`
	TenantMeta TenantMeta   `json:"tenant_meta"`
}

// AuditLogSpec is the spec of an AuditLog (v1AuditLogSpec).
type AuditLogSpec struct {
	Operation     Operation       `json:"operation,omitempty"`
	MessageKind   string          `json:"message_kind,omitempty"`
	MessageUUID   string          `json:"message_uuid,omitempty"`
	Payload       json.RawMessage `json:"payload,omitempty"`
	Error         *Status         `json:"error,omitempty"`
	Claims        []string        `json:"claims,omitempty"`
	RemoteAddress string          `json:"remote_address,omitempty"`
}

// Meta is the common metadata of every Endor resource (v1Meta).
type Meta struct {
	Name        string                     `json:"name,omitempty"`
	Description string                     `json:"description,omitempty"`
	Kind        string                     `json:"kind,omitempty"`
	Version     string                     `json:"version,omitempty"`
	ParentUUID  string                     `json:"parent_uuid,omitempty"`
	ParentKind  string                     `json:"parent_kind,omitempty"`
	CreateTime  time.Time                  `json:"create_time,omitzero"`
	UpdateTime  time.Time                  `json:"update_time,omitzero"`
	UpsertTime  time.Time                  `json:"upsert_time,omitzero"`
	CreatedBy   string                     `json:"created_by,omitempty"`
	UpdatedBy   string                     `json:"updated_by,omitempty"`
	Tags        []string                   `json:"tags,omitempty"`
	Annotations map[string]string          `json:"annotations,omitempty"`
	References  map[string]json.RawMessage `json:"references,omitempty"`
	IndexData   json.RawMessage            `json:"index_data,omitempty"`
}

// TenantMeta names the namespace an object lives in (v1TenantMeta).
type TenantMeta struct {
	Namespace string `json:"namespace"`
}

// Operation is the v1AuditLogSpecOperation enum, carried by name as the
// service does. Unknown names decode unchanged so that a newer server's
// values survive a round trip.
type Operation string

// The operations the API defines.
const (
	OperationUnspecified Operation = "OPERATION_UNSPECIFIED"
	OperationCreate      Operation = "OPERATION_CREATE"
	OperationUpdate      Operation = "OPERATION_UPDATE"
	OperationDelete      Operation = "OPERATION_DELETE"
	OperationUpsert      Operation = "OPERATION_UPSERT"
)

// Operations lists the defined operations in enum order.
var Operations = []Operation{OperationUnspecified, OperationCreate, OperationUpdate, OperationDelete, OperationUpsert}

// Short returns the operation without its OPERATION_ prefix, e.g. "CREATE".
func (o Operation) Short() string {
	const p = "OPERATION_"
	if len(o) > len(p) && string(o[:len(p)]) == p {
		return string(o[len(p):])
	}
	return string(o)
}

// ShortKind returns a message kind without the internal.endor.ai.endor.v1.
// prefix, e.g. "Policy".
func ShortKind(kind string) string {
	if len(kind) > len(MessageKindPrefix) && kind[:len(MessageKindPrefix)] == MessageKindPrefix {
		return kind[len(MessageKindPrefix):]
	}
	return kind
}

// Namespace is the Namespace resource as listed by
// GET /v1/namespaces/{ns}/namespaces.
type Namespace struct {
	UUID       string        `json:"uuid,omitempty"`
	Meta       Meta          `json:"meta"`
	Spec       NamespaceSpec `json:"spec"`
	TenantMeta TenantMeta    `json:"tenant_meta"`
}

// NamespaceSpec is the spec of a Namespace.
type NamespaceSpec struct {
	FullName string `json:"full_name,omitempty"`
}
