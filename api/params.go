package api

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Sort orders of list_parameters.sort.order.
const (
	SortOrderUnspecified = "SORT_ENTRY_ORDER_UNSPECIFIED"
	SortOrderAsc         = "SORT_ENTRY_ORDER_ASC"
	SortOrderDesc        = "SORT_ENTRY_ORDER_DESC"
)

// Intervals of list_parameters.group_by_time.interval.
const (
	IntervalYear    = "GROUP_BY_TIME_INTERVAL_YEAR"
	IntervalQuarter = "GROUP_BY_TIME_INTERVAL_QUARTER"
	IntervalMonth   = "GROUP_BY_TIME_INTERVAL_MONTH"
	IntervalWeek    = "GROUP_BY_TIME_INTERVAL_WEEK"
	IntervalDay     = "GROUP_BY_TIME_INTERVAL_DAY"
	IntervalHour    = "GROUP_BY_TIME_INTERVAL_HOUR"
	IntervalMinute  = "GROUP_BY_TIME_INTERVAL_MINUTE"
	IntervalSecond  = "GROUP_BY_TIME_INTERVAL_SECOND"
)

// DefaultPageSize and MaxPageSize are the documented page size bounds.
const (
	DefaultPageSize = 100
	MaxPageSize     = 500
)

// ListParameters is v1ListParameters, sent as list_parameters.* query keys.
// Zero fields are not sent.
type ListParameters struct {
	Filter            string
	Mask              string // comma-separated field paths
	PageSize          int
	PageToken         int64 // offset
	PageID            string
	Count             bool
	Traverse          bool
	Sort              Sort
	Group             Group
	GroupByTime       GroupByTime
	CIRunUUID         string
	DisablePagination bool
	// Archive asks the normal list path for archived entries, the way
	// Endor's Python SDK does (not a field of v1ListParameters; reference §16a).
	Archive bool
}

// Sort is list_parameters.sort: one path and an order.
type Sort struct {
	Path  string
	Order string // SortOrderAsc or SortOrderDesc
}

// Group is list_parameters.group.
type Group struct {
	AggregationPaths     []string
	ShowAggregationUUIDs bool
	UniqueCountPaths     []string
	UniqueValuePaths     []string
}

// GroupByTime is list_parameters.group_by_time.
type GroupByTime struct {
	AggregationPaths      []string
	Interval              string
	GroupSize             int
	StartTime             time.Time
	EndTime               time.Time
	ShowAggregationUUIDs  bool
	Mode                  string // "count" or "sum"
	AggregationOperator   string // min, max, sum, avg
	AggregationValueField string
}

const lp = "list_parameters."

// Values encodes p as grpc-gateway query keys (list_parameters.filter, …).
func (p ListParameters) Values() url.Values {
	v := url.Values{}
	str := func(k, s string) {
		if s != "" {
			v.Set(lp+k, s)
		}
	}
	boolean := func(k string, b bool) {
		if b {
			v.Set(lp+k, "true")
		}
	}
	num := func(k string, n int64) {
		if n != 0 {
			v.Set(lp+k, strconv.FormatInt(n, 10))
		}
	}
	paths := func(k string, ps []string) {
		if len(ps) > 0 {
			v.Set(lp+k, strings.Join(ps, ","))
		}
	}
	tm := func(k string, t time.Time) {
		if !t.IsZero() {
			v.Set(lp+k, t.UTC().Format(time.RFC3339Nano))
		}
	}
	str("filter", p.Filter)
	str("mask", p.Mask)
	num("page_size", int64(p.PageSize))
	num("page_token", p.PageToken)
	str("page_id", p.PageID)
	boolean("count", p.Count)
	boolean("traverse", p.Traverse)
	str("sort.path", p.Sort.Path)
	str("sort.order", p.Sort.Order)
	paths("group.aggregation_paths", p.Group.AggregationPaths)
	boolean("group.show_aggregation_uuids", p.Group.ShowAggregationUUIDs)
	paths("group.unique_count_paths", p.Group.UniqueCountPaths)
	paths("group.unique_value_paths", p.Group.UniqueValuePaths)
	g := p.GroupByTime
	paths("group_by_time.aggregation_paths", g.AggregationPaths)
	str("group_by_time.interval", g.Interval)
	num("group_by_time.group_size", int64(g.GroupSize))
	tm("group_by_time.start_time", g.StartTime)
	tm("group_by_time.end_time", g.EndTime)
	boolean("group_by_time.show_aggregation_uuids", g.ShowAggregationUUIDs)
	str("group_by_time.mode", g.Mode)
	str("group_by_time.aggregation_operator", g.AggregationOperator)
	str("group_by_time.aggregation_value_field", g.AggregationValueField)
	str("ci_run_uuid", p.CIRunUUID)
	boolean("disable_pagination", p.DisablePagination)
	boolean("archive", p.Archive)
	return v
}

// ParamError reports a list_parameters.* value that cannot be decoded.
type ParamError struct {
	Key   string
	Value string
	Want  string
}

func (e *ParamError) Error() string {
	return fmt.Sprintf("invalid value %q for query parameter %q: want %s", e.Value, e.Key, e.Want)
}

// ParseListParameters decodes list_parameters.* keys from a query. Keys
// outside list_parameters.* and unknown list_parameters.* keys are returned
// in unknown (sorted) rather than rejected: grpc-gateway ignores unknown
// query keys, and the caller decides what to do with them.
func ParseListParameters(q url.Values) (p ListParameters, unknown []string, err error) {
	get := func(k string) string { return q.Get(lp + k) }
	boolean := func(k string) (bool, error) {
		s := get(k)
		if s == "" {
			return false, nil
		}
		b, err := strconv.ParseBool(s)
		if err != nil {
			return false, &ParamError{Key: lp + k, Value: s, Want: "true or false"}
		}
		return b, nil
	}
	integer := func(k string) (int64, error) {
		s := get(k)
		if s == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			return 0, &ParamError{Key: lp + k, Value: s, Want: "a 32-bit integer"}
		}
		return n, nil
	}
	paths := func(k string) []string {
		var out []string
		for _, s := range q[lp+k] {
			for _, part := range strings.Split(s, ",") {
				if part = strings.TrimSpace(part); part != "" {
					out = append(out, part)
				}
			}
		}
		return out
	}
	tm := func(k string) (time.Time, error) {
		s := get(k)
		if s == "" {
			return time.Time{}, nil
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return time.Time{}, &ParamError{Key: lp + k, Value: s, Want: "an RFC 3339 time"}
		}
		return t, nil
	}
	var errs []error
	must := func(e error) {
		if e != nil {
			errs = append(errs, e)
		}
	}
	var n int64
	var e error
	p.Filter = get("filter")
	p.Mask = strings.Join(paths("mask"), ",")
	n, e = integer("page_size")
	p.PageSize = int(n)
	must(e)
	p.PageToken, e = integer("page_token")
	must(e)
	p.PageID = get("page_id")
	p.Count, e = boolean("count")
	must(e)
	p.Traverse, e = boolean("traverse")
	must(e)
	p.Sort.Path = get("sort.path")
	p.Sort.Order = get("sort.order")
	p.Group.AggregationPaths = paths("group.aggregation_paths")
	p.Group.ShowAggregationUUIDs, e = boolean("group.show_aggregation_uuids")
	must(e)
	p.Group.UniqueCountPaths = paths("group.unique_count_paths")
	p.Group.UniqueValuePaths = paths("group.unique_value_paths")
	g := &p.GroupByTime
	g.AggregationPaths = paths("group_by_time.aggregation_paths")
	g.Interval = get("group_by_time.interval")
	n, e = integer("group_by_time.group_size")
	g.GroupSize = int(n)
	must(e)
	g.StartTime, e = tm("group_by_time.start_time")
	must(e)
	g.EndTime, e = tm("group_by_time.end_time")
	must(e)
	g.ShowAggregationUUIDs, e = boolean("group_by_time.show_aggregation_uuids")
	must(e)
	g.Mode = get("group_by_time.mode")
	g.AggregationOperator = get("group_by_time.aggregation_operator")
	g.AggregationValueField = get("group_by_time.aggregation_value_field")
	p.CIRunUUID = get("ci_run_uuid")
	p.DisablePagination, e = boolean("disable_pagination")
	must(e)
	p.Archive, e = boolean("archive")
	must(e)
	if len(errs) > 0 {
		return p, nil, errs[0]
	}
	for k := range q {
		if !knownParams[k] {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	return p, unknown, nil
}

var knownParams = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range []string{
		"filter", "mask", "page_size", "page_token", "page_id", "count", "traverse",
		"sort.path", "sort.order", "group.aggregation_paths", "group.show_aggregation_uuids",
		"group.unique_count_paths", "group.unique_value_paths",
		"group_by_time.aggregation_paths", "group_by_time.interval", "group_by_time.group_size",
		"group_by_time.start_time", "group_by_time.end_time", "group_by_time.show_aggregation_uuids",
		"group_by_time.mode", "group_by_time.aggregation_operator", "group_by_time.aggregation_value_field",
		"ci_run_uuid", "disable_pagination", "archive",
	} {
		m[lp+k] = true
	}
	return m
}()
