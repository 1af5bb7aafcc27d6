package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/auditlog/auditlog/api"
)

// Count returns how many entries match. For TierBoth it is the sum of the
// two stores (an entry caught in both while being moved counts twice).
func (c *Client) Count(ctx context.Context, opts ListOptions) (int64, *Response, error) {
	ctx = withCallTimeout(ctx, opts.Timeout)
	p := opts.ListParameters
	p.Count = true
	p.PageID, p.PageToken, p.PageSize = "", 0, 0
	p.Group, p.GroupByTime = api.Group{}, api.GroupByTime{}
	var total int64
	var parts []*Response
	for _, t := range tiersOf(opts.Tier) {
		resp, body, err := c.query(ctx, opts.Namespace, t, p)
		if err != nil {
			return 0, resp, err
		}
		var lr api.ListAuditLogsResponse
		if err := json.Unmarshal(body, &lr); err != nil {
			return 0, resp, &DecodeError{Method: http.MethodGet, Path: resp.Request.URL.Path, Err: err}
		}
		if lr.CountResponse != nil {
			total += lr.CountResponse.Count
		}
		parts = append(parts, resp)
	}
	return total, combine(opts.Tier, parts), nil
}

// Group returns the group_response of a group or group_by_time request
// (opts.Group / opts.GroupByTime). For TierBoth the stores' groups are
// merged by key: counts add up, uuids and unique values are united, unique
// counts are recounted from the united values when the server sent them
// (otherwise added), and aggregation values combine by operator (sum and
// count add, min and max compare, avg is weighted by the counts).
func (c *Client) Group(ctx context.Context, opts ListOptions) (*api.GroupResponse, *Response, error) {
	ctx = withCallTimeout(ctx, opts.Timeout)
	p := opts.ListParameters
	p.Count = false
	p.PageID, p.PageToken = "", 0
	if len(p.Group.AggregationPaths) == 0 && len(p.GroupByTime.AggregationPaths) == 0 {
		return nil, nil, errors.New("client: Group needs Group.AggregationPaths or GroupByTime.AggregationPaths")
	}
	var out *api.GroupResponse
	var parts []*Response
	for _, t := range tiersOf(opts.Tier) {
		resp, body, err := c.query(ctx, opts.Namespace, t, p)
		if err != nil {
			return nil, resp, err
		}
		var lr api.ListAuditLogsResponse
		if err := json.Unmarshal(body, &lr); err != nil {
			return nil, resp, &DecodeError{Method: http.MethodGet, Path: resp.Request.URL.Path, Err: err}
		}
		g := lr.GroupResponse
		if g == nil {
			g = &api.GroupResponse{}
		}
		if g.Groups == nil {
			g.Groups = map[string]api.GroupData{}
		}
		if out == nil {
			out = g
		} else {
			mergeGroups(out, g, p.GroupByTime.AggregationOperator)
		}
		parts = append(parts, resp)
	}
	return out, combine(opts.Tier, parts), nil
}

func tiersOf(t Tier) []Tier {
	if t == TierBoth {
		return []Tier{TierActive, TierArchive}
	}
	return []Tier{t}
}

func combine(t Tier, parts []*Response) *Response {
	if len(parts) == 1 {
		return parts[0]
	}
	r := &Response{Tier: t, Parts: parts}
	for _, p := range parts {
		r.Response = p.Response
		r.Attempts += p.Attempts
	}
	return r
}

func count(d api.GroupData) int64 {
	if d.AggregationCount == nil {
		return 0
	}
	return d.AggregationCount.Count
}

func mergeGroups(dst, src *api.GroupResponse, operator string) {
	for k, s := range src.Groups {
		d, ok := dst.Groups[k]
		if !ok {
			dst.Groups[k] = s
			continue
		}
		nd, ns := count(d), count(s)
		if d.AggregationCount != nil || s.AggregationCount != nil {
			d.AggregationCount = &api.CountResponse{Count: nd + ns}
		}
		d.AggregationUUIDs = unite(d.AggregationUUIDs, s.AggregationUUIDs)
		if s.AggregationValue != nil {
			if d.AggregationValue == nil {
				d.AggregationValue = s.AggregationValue
			} else {
				a, b := d.AggregationValue.Value, s.AggregationValue.Value
				v := a + b
				switch operator {
				case "min":
					v = min(a, b)
				case "max":
					v = max(a, b)
				case "avg":
					if nd+ns > 0 {
						v = (a*float64(nd) + b*float64(ns)) / float64(nd+ns)
					}
				}
				d.AggregationValue = &api.AggregationValue{Value: v}
			}
		}
		for path, vals := range s.UniqueValues {
			if d.UniqueValues == nil {
				d.UniqueValues = map[string][]any{}
			}
			d.UniqueValues[path] = uniteAny(d.UniqueValues[path], vals)
		}
		for path, cnt := range s.UniqueCounts {
			if d.UniqueCounts == nil {
				d.UniqueCounts = map[string]api.CountResponse{}
			}
			if vals, ok := d.UniqueValues[path]; ok {
				d.UniqueCounts[path] = api.CountResponse{Count: int64(len(vals))}
			} else {
				d.UniqueCounts[path] = api.CountResponse{Count: d.UniqueCounts[path].Count + cnt.Count}
			}
		}
		dst.Groups[k] = d
	}
}

func unite(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	seen := make(map[string]bool, len(a)+len(b))
	for _, s := range a {
		seen[s] = true
	}
	for _, s := range b {
		if !seen[s] {
			seen[s] = true
			a = append(a, s)
		}
	}
	return a
}

func uniteAny(a, b []any) []any {
	key := func(v any) string { k, _ := json.Marshal(v); return string(k) }
	seen := map[string]bool{}
	for _, v := range a {
		seen[key(v)] = true
	}
	for _, v := range b {
		if k := key(v); !seen[k] {
			seen[k] = true
			a = append(a, v)
		}
	}
	return a
}
