package api

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// ListAuditLogsResponse is the v1ListAuditLogsResponse message. Exactly one
// member is set: List for a page of objects, CountResponse when
// list_parameters.count=true, GroupResponse when grouping was asked for.
type ListAuditLogsResponse struct {
	List          *AuditLogList  `json:"list,omitempty"`
	CountResponse *CountResponse `json:"count_response,omitempty"`
	GroupResponse *GroupResponse `json:"group_response,omitempty"`
}

// AuditLogList is the list member of the envelope.
type AuditLogList struct {
	Objects  []AuditLog   `json:"objects"`
	Response ListResponse `json:"response"`
}

// ListResponse carries the pagination cursors of a page (v1ListResponse).
type ListResponse struct {
	// NextPageID is the UUID of the last object returned; pass it back as
	// list_parameters.page_id. Empty on the last page.
	NextPageID string `json:"next_page_id,omitempty"`
	// NextPageToken is the offset of the next page; pass it back as
	// list_parameters.page_token. Zero on the last page.
	NextPageToken PageToken `json:"next_page_token,omitempty"`
}

// PageToken is the int32 offset cursor. It decodes from a JSON number or a
// string (some servers emit int64 as a string) and encodes as a number.
type PageToken int64

// UnmarshalJSON accepts 50, "50" and null.
func (t *PageToken) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = 0
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "" {
			*t = 0
			return nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("api: next_page_token %q is not a number", s)
		}
		*t = PageToken(n)
		return nil
	}
	var n int64
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("api: next_page_token: %w", err)
	}
	*t = PageToken(n)
	return nil
}

// CountResponse is the answer to list_parameters.count=true.
type CountResponse struct {
	Count int64 `json:"count"`
}

// GroupResponse is the answer to a group or group_by_time request. Keys are
// compact JSON: `[{"key":"spec.operation","value":"OPERATION_CREATE"}]` for
// path groups, a JSON-encoded timestamp string for time groups.
type GroupResponse struct {
	Groups map[string]GroupData `json:"groups"`
}

// GroupData is one group of a GroupResponse.
type GroupData struct {
	AggregationCount *CountResponse           `json:"aggregation_count,omitempty"`
	AggregationUUIDs []string                 `json:"aggregation_uuids,omitempty"`
	AggregationValue *AggregationValue        `json:"aggregation_value,omitempty"`
	UniqueCounts     map[string]CountResponse `json:"unique_counts,omitempty"`
	UniqueValues     map[string][]any         `json:"unique_values,omitempty"`
}

// AggregationValue is the per-interval value of a group_by_time aggregation.
type AggregationValue struct {
	Value float64 `json:"value"`
}

// GroupKey is one element of a path group's key.
type GroupKey struct {
	Key   string `json:"key"`
	Value any    `json:"value"`
}

// ParseGroupKey decodes a path group key such as
// `[{"key":"spec.operation","value":"OPERATION_CREATE"}]`.
func ParseGroupKey(s string) ([]GroupKey, error) {
	var k []GroupKey
	if err := json.Unmarshal([]byte(s), &k); err != nil {
		return nil, fmt.Errorf("api: group key %q: %w", s, err)
	}
	return k, nil
}

// FormatGroupKey encodes a path group key the way the service does (compact
// JSON, key before value).
func FormatGroupKey(keys []GroupKey) string {
	b, err := json.Marshal(keys)
	if err != nil {
		// Values come from decoded JSON, so they always marshal.
		panic(err)
	}
	return string(b)
}
