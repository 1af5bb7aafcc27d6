package api

import (
	"encoding/json"
	"html"
	"net/http"
	"strconv"
)

// Code is a google.rpc.Code value as carried in Status.Code.
type Code int32

// The gRPC status codes the Endor API documents.
const (
	CodeOK                 Code = 0
	CodeCanceled           Code = 1
	CodeUnknown            Code = 2
	CodeInvalidArgument    Code = 3
	CodeDeadlineExceeded   Code = 4
	CodeNotFound           Code = 5
	CodeAlreadyExists      Code = 6
	CodePermissionDenied   Code = 7
	CodeResourceExhausted  Code = 8
	CodeFailedPrecondition Code = 9
	CodeAborted            Code = 10
	CodeOutOfRange         Code = 11
	CodeUnimplemented      Code = 12
	CodeInternal           Code = 13
	CodeUnavailable        Code = 14
	CodeDataLoss           Code = 15
	CodeUnauthenticated    Code = 16
)

var codeNames = [...]string{
	"ok", "canceled", "unknown", "invalid-args", "deadline-exceeded", "not-found",
	"already-exists", "permission-denied", "resource-exhausted", "failed-precondition",
	"aborted", "out-of-range", "unimplemented", "internal", "unavailable", "data-loss",
	"unauthenticated",
}

// String returns the name endorctl prints for the code, e.g.
// "deadline-exceeded" (as in `ERROR deadline-exceeded: context deadline exceeded`).
func (c Code) String() string {
	if c >= 0 && int(c) < len(codeNames) {
		return codeNames[c]
	}
	return "code-" + strconv.Itoa(int(c))
}

// HTTPStatus returns the HTTP status grpc-gateway maps the code to.
func (c Code) HTTPStatus() int {
	switch c {
	case CodeOK:
		return http.StatusOK
	case CodeCanceled:
		return 499
	case CodeInvalidArgument, CodeFailedPrecondition, CodeOutOfRange:
		return http.StatusBadRequest
	case CodeDeadlineExceeded:
		return http.StatusGatewayTimeout
	case CodeNotFound:
		return http.StatusNotFound
	case CodeAlreadyExists, CodeAborted:
		return http.StatusConflict
	case CodePermissionDenied:
		return http.StatusForbidden
	case CodeResourceExhausted:
		return http.StatusTooManyRequests
	case CodeUnimplemented:
		return http.StatusNotImplemented
	case CodeUnavailable:
		return http.StatusServiceUnavailable
	case CodeUnauthenticated:
		return http.StatusUnauthorized
	default:
		return http.StatusInternalServerError
	}
}

// HTTPErrorInfoType is the @type of the detail that carries the HTTP status.
const HTTPErrorInfoType = TypeURLPrefix + "internal.endor.ai.rpc.v1.HTTPErrorInfo"

// Status is the google.rpc.Status error body of the grpc-gateway, also used
// as spec.error of a failed AuditLog operation.
type Status struct {
	Code    Code              `json:"code"`
	Message string            `json:"message"`
	Details []json.RawMessage `json:"details"`
}

// HTTPErrorInfo is the Endor error detail that names the HTTP status.
type HTTPErrorInfo struct {
	Type       string `json:"@type"`
	StatusCode int    `json:"status_code"`
}

// NewStatus builds the error body the service sends for code, with an
// HTTPErrorInfo detail. The message is HTML-escaped as the service does
// (`"` becomes `&#34;`).
func NewStatus(code Code, msg string) Status {
	d, _ := json.Marshal(HTTPErrorInfo{Type: HTTPErrorInfoType, StatusCode: code.HTTPStatus()})
	return Status{Code: code, Message: html.EscapeString(msg), Details: []json.RawMessage{d}}
}

// HTTPStatus returns the status_code of the HTTPErrorInfo detail, or 0 when
// there is none (the deadline-exceeded body has no details).
func (s Status) HTTPStatus() int {
	for _, d := range s.Details {
		var info HTTPErrorInfo
		if json.Unmarshal(d, &info) == nil && info.Type == HTTPErrorInfoType {
			return info.StatusCode
		}
	}
	return 0
}

// UnescapedMessage returns Message with HTML entities decoded.
func (s Status) UnescapedMessage() string { return html.UnescapeString(s.Message) }
