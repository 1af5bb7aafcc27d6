// Package api holds the wire types of the Endor Labs REST API that auditlog
// speaks: the AuditLog resource, the list/count/group response envelope, the
// grpc-gateway error body and the list_parameters.* query encoding.
//
// Field names follow the proto JSON names the service emits (snake_case).
// The package imports nothing else of this module.
package api
