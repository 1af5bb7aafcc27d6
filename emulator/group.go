package emulator

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/tidwall/gjson"
)

// groupOut is one group of a group_response. Maps are emitted even when
// empty where the service does (group_by_time, reference §5.4); the
// jsoncompact pass drops nothing that is an object.
type groupOut struct {
	AggregationCount api.CountResponse            `json:"aggregation_count"`
	AggregationUUIDs []string                     `json:"aggregation_uuids,omitempty"`
	AggregationValue *api.AggregationValue        `json:"aggregation_value,omitempty"`
	UniqueCounts     map[string]api.CountResponse `json:"unique_counts,omitempty"`
	UniqueValues     map[string][]json.RawMessage `json:"unique_values,omitempty"`

	seen map[string]map[string]bool // path → distinct values (raw JSON)
}

type groupEnvelope struct {
	GroupResponse struct {
		Groups map[string]*groupOut `json:"groups"`
	} `json:"group_response"`
}

// add records entry r (uuid, raw) in g.
func (g *groupOut) add(uuid string, raw []byte, showUUIDs bool, countPaths, valuePaths []string) {
	g.AggregationCount.Count++
	if showUUIDs {
		g.AggregationUUIDs = append(g.AggregationUUIDs, uuid)
	}
	for _, p := range countPaths {
		for _, v := range elements(gjson.GetBytes(raw, p)) {
			if g.seen == nil {
				g.seen = map[string]map[string]bool{}
			}
			set := g.seen["c:"+p]
			if set == nil {
				set = map[string]bool{}
				g.seen["c:"+p] = set
			}
			if !set[v] {
				set[v] = true
				c := g.UniqueCounts[p]
				c.Count++
				g.UniqueCounts[p] = c
			}
		}
	}
	for _, p := range valuePaths {
		for _, v := range elements(gjson.GetBytes(raw, p)) {
			if g.seen == nil {
				g.seen = map[string]map[string]bool{}
			}
			set := g.seen["v:"+p]
			if set == nil {
				set = map[string]bool{}
				g.seen["v:"+p] = set
			}
			if !set[v] {
				set[v] = true
				g.UniqueValues[p] = append(g.UniqueValues[p], json.RawMessage(v))
			}
		}
	}
}

// elements returns the raw JSON of v's values: the elements of an array,
// the value itself otherwise, nothing when absent.
func elements(v gjson.Result) []string {
	if !v.Exists() {
		return nil
	}
	if v.IsArray() {
		var out []string
		v.ForEach(func(_, e gjson.Result) bool {
			out = append(out, e.Raw)
			return true
		})
		return out
	}
	return []string{v.Raw}
}

func newGroup(countPaths, valuePaths []string) *groupOut {
	g := &groupOut{}
	if len(countPaths) > 0 {
		g.UniqueCounts = map[string]api.CountResponse{}
		for _, p := range countPaths {
			g.UniqueCounts[p] = api.CountResponse{}
		}
	}
	if len(valuePaths) > 0 {
		g.UniqueValues = map[string][]json.RawMessage{}
		for _, p := range valuePaths {
			g.UniqueValues[p] = []json.RawMessage{}
		}
	}
	return g
}

// groupByPaths answers list_parameters.group.*: one group per distinct
// combination of the aggregation paths' values.
func (s *Server) groupByPaths(ctx context.Context, pl *plan) ([]byte, error) {
	gp := pl.p.Group
	var env groupEnvelope
	env.GroupResponse.Groups = map[string]*groupOut{}
	keys := make([]api.GroupKey, len(gp.AggregationPaths))
	err := s.eachMatch(ctx, pl, func(r *record) bool {
		for i, p := range gp.AggregationPaths {
			v := gjson.GetBytes(r.Raw, p)
			keys[i] = api.GroupKey{Key: p, Value: json.RawMessage("null")}
			if v.Exists() {
				keys[i].Value = json.RawMessage(v.Raw)
			}
		}
		kb, err := api.Marshal(keys)
		if err != nil {
			return false
		}
		k := string(kb)
		g := env.GroupResponse.Groups[k]
		if g == nil {
			g = newGroup(gp.UniqueCountPaths, gp.UniqueValuePaths)
			env.GroupResponse.Groups[k] = g
		}
		g.add(r.UUID, r.Raw, gp.ShowAggregationUUIDs, gp.UniqueCountPaths, gp.UniqueValuePaths)
		return true
	})
	if err != nil {
		return nil, err
	}
	return api.Marshal(env)
}

// groupByTime answers list_parameters.group_by_time.*: one group per time
// bucket of the first aggregation path (decisions.go for the alignment).
func (s *Server) groupByTime(ctx context.Context, pl *plan) ([]byte, error) {
	g := pl.p.GroupByTime
	path := g.AggregationPaths[0]
	unit, ok := intervals[strings.ToUpper(g.Interval)]
	if !ok {
		return nil, badf("invalid list_parameters.group_by_time.interval %q: want one of GROUP_BY_TIME_INTERVAL_{YEAR,QUARTER,MONTH,WEEK,DAY,HOUR,MINUTE,SECOND}", g.Interval)
	}
	size := g.GroupSize
	if size <= 0 {
		size = 1
	}
	end := g.EndTime
	if end.IsZero() {
		end = pl.now
	}
	var op func(acc, v float64, n int) float64
	switch strings.ToLower(g.AggregationOperator) {
	case "":
	case "min":
		op = func(acc, v float64, n int) float64 { return math.Min(acc, v) }
	case "max":
		op = func(acc, v float64, n int) float64 { return math.Max(acc, v) }
	case "sum", "avg":
		op = func(acc, v float64, n int) float64 { return acc + v }
	default:
		return nil, badf("invalid list_parameters.group_by_time.aggregation_operator %q: want min, max, sum or avg", g.AggregationOperator)
	}
	if op != nil && g.AggregationValueField == "" {
		return nil, badf("list_parameters.group_by_time.aggregation_operator needs aggregation_value_field")
	}
	mode := strings.ToLower(g.Mode)
	if mode != "" && mode != "count" && mode != "sum" {
		return nil, badf("invalid list_parameters.group_by_time.mode %q: want count or sum", g.Mode)
	}
	type bucket struct {
		g     *groupOut
		start time.Time
		acc   float64
		n     int
	}
	buckets := map[int64]*bucket{}
	err := s.eachMatch(ctx, pl, func(r *record) bool {
		v := gjson.GetBytes(r.Raw, path)
		if v.Type != gjson.String {
			return true
		}
		t, err := time.Parse(time.RFC3339Nano, v.Str)
		if err != nil || t.Before(g.StartTime) || t.After(end) {
			return true
		}
		start := bucketStart(t.UTC(), unit, size)
		b := buckets[start.Unix()]
		if b == nil {
			b = &bucket{g: newGroup(nil, nil), start: start}
			b.g.UniqueCounts = map[string]api.CountResponse{}
			b.g.UniqueValues = map[string][]json.RawMessage{}
			buckets[start.Unix()] = b
		}
		b.g.add(r.UUID, r.Raw, g.ShowAggregationUUIDs, nil, nil)
		if op != nil {
			if f := gjson.GetBytes(r.Raw, g.AggregationValueField); f.Type == gjson.Number {
				if b.n == 0 {
					b.acc = f.Num
				} else {
					b.acc = op(b.acc, f.Num, b.n)
				}
				b.n++
			}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	starts := make([]int64, 0, len(buckets))
	for k := range buckets {
		starts = append(starts, k)
	}
	slices.Sort(starts)
	out := map[string]*groupOut{}
	var running int64
	for _, k := range starts {
		b := buckets[k]
		if mode == "sum" {
			running += b.g.AggregationCount.Count
			b.g.AggregationCount.Count = running
		}
		if op != nil && b.n > 0 {
			val := b.acc
			if strings.EqualFold(g.AggregationOperator, "avg") {
				val /= float64(b.n)
			}
			b.g.AggregationValue = &api.AggregationValue{Value: val}
		}
		key, _ := api.Marshal(b.start.Format(time.RFC3339Nano))
		out[string(key)] = b.g
	}
	// unique_counts and unique_values appear as empty objects here
	// (reference §5.4), so they are written without omitempty.
	type timeGroup struct {
		AggregationCount api.CountResponse            `json:"aggregation_count"`
		AggregationUUIDs []string                     `json:"aggregation_uuids,omitempty"`
		AggregationValue *api.AggregationValue        `json:"aggregation_value,omitempty"`
		UniqueCounts     map[string]api.CountResponse `json:"unique_counts"`
		UniqueValues     map[string][]json.RawMessage `json:"unique_values"`
	}
	var env struct {
		GroupResponse struct {
			Groups map[string]timeGroup `json:"groups"`
		} `json:"group_response"`
	}
	env.GroupResponse.Groups = map[string]timeGroup{}
	for k, g := range out {
		env.GroupResponse.Groups[k] = timeGroup{g.AggregationCount, g.AggregationUUIDs, g.AggregationValue, g.UniqueCounts, g.UniqueValues}
	}
	return api.Marshal(env)
}

type interval int

const (
	ivYear interval = iota
	ivQuarter
	ivMonth
	ivWeek
	ivDay
	ivHour
	ivMinute
	ivSecond
)

var intervals = map[string]interval{
	api.IntervalYear: ivYear, api.IntervalQuarter: ivQuarter, api.IntervalMonth: ivMonth,
	api.IntervalWeek: ivWeek, api.IntervalDay: ivDay, api.IntervalHour: ivHour,
	api.IntervalMinute: ivMinute, api.IntervalSecond: ivSecond,
}

// bucketStart returns the start of the bucket of t: size intervals counted
// from 2000-01-01 (for weeks from Sunday 2000-01-02), as MongoDB's
// $dateTrunc with binSize aligns them.
func bucketStart(t time.Time, unit interval, size int) time.Time {
	ref := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	floorDiv := func(a, b int64) int64 {
		q := a / b
		if (a%b != 0) && ((a < 0) != (b < 0)) {
			q--
		}
		return q
	}
	n := int64(size)
	switch unit {
	case ivYear, ivQuarter, ivMonth:
		months := int64(1)
		if unit == ivQuarter {
			months = 3
		} else if unit == ivYear {
			months = 12
		}
		m := int64(t.Year()-2000)*12 + int64(t.Month()-1)
		b := floorDiv(m, months*n) * months * n
		return time.Date(2000+int(floorDiv(b, 12)), time.Month(b-floorDiv(b, 12)*12+1), 1, 0, 0, 0, 0, time.UTC)
	case ivWeek:
		ref = time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC)
		d := int64(7 * 24 * time.Hour)
		return ref.Add(time.Duration(floorDiv(int64(t.Sub(ref)), d*n) * d * n))
	}
	d := map[interval]time.Duration{ivDay: 24 * time.Hour, ivHour: time.Hour, ivMinute: time.Minute, ivSecond: time.Second}[unit]
	// Durations overflow past 292 years; count in seconds.
	secs := t.Unix() - ref.Unix()
	step := int64(d/time.Second) * n
	return time.Unix(ref.Unix()+floorDiv(secs, step)*step, 0).UTC()
}
