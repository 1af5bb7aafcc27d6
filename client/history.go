package client

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/auditlog/auditlog/api"
	"github.com/wI2L/jsondiff"
)

// Version is one entry of an object's history with what its payload
// changed since the previous version.
type Version struct {
	Entry
	// Changes are the payload fields that differ from the previous version.
	// Nil for the first version, and when either payload is absent (a
	// delete usually carries none): there is nothing to compare.
	Changes []Change
}

// Change is one difference between two payloads. Path is a JSON Pointer
// (RFC 6901) into the payload, e.g. /spec/rules/0/enabled, as jsondiff and
// JSON Patch spell it; the root is "".
type Change struct {
	Op   string          `json:"op"` // "add", "remove" or "replace"
	Path string          `json:"path"`
	Old  json.RawMessage `json:"old,omitempty"`
	New  json.RawMessage `json:"new,omitempty"`
}

// HistoryFilter returns the filter that selects every entry about the
// object messageUUID.
func HistoryFilter(messageUUID string) string {
	return "spec.message_uuid==" + QuoteFilterString(messageUUID)
}

// History returns every entry about the object messageUUID in namespace
// and its children, from both stores, oldest first, each with the payload
// changes since the previous one.
func (c *Client) History(ctx context.Context, namespace, messageUUID string) ([]Version, error) {
	if messageUUID == "" {
		return nil, fmt.Errorf("client: History needs a message uuid")
	}
	// Each store is read on its own and the versions are ordered here, by
	// create time and then uuid: a server that ignores the sort (or one
	// whose stores disagree on ties) must not make the diffs compare the
	// wrong neighbours.
	var out []Version
	seen := map[string]bool{}
	for _, tier := range []Tier{TierActive, TierArchive} {
		opts := ListOptions{
			Namespace: namespace,
			Tier:      tier,
			ListParameters: api.ListParameters{
				Filter:   HistoryFilter(messageUUID),
				Traverse: true,
				PageSize: api.MaxPageSize,
				Sort:     api.Sort{Path: CreateTimePath, Order: api.SortOrderAsc},
			},
		}
		for e, err := range c.All(ctx, opts) {
			if err != nil {
				return nil, err
			}
			if e.UUID != "" && seen[e.UUID] {
				continue // caught in both stores while being archived
			}
			seen[e.UUID] = true
			out = append(out, Version{Entry: e})
		}
	}
	sortVersions(out)
	for i := 1; i < len(out); i++ {
		ch, err := DiffPayloads(out[i-1].Spec.Payload, out[i].Spec.Payload)
		if err != nil {
			return out, fmt.Errorf("comparing version %d (%s) with the previous one: %w", i+1, out[i].UUID, err)
		}
		out[i].Changes = ch
	}
	return out, nil
}

// sortVersions orders versions by meta.create_time, then uuid: a total
// order that does not depend on the server.
func sortVersions(v []Version) {
	slices.SortStableFunc(v, func(a, b Version) int {
		if c := a.Meta.CreateTime.Compare(b.Meta.CreateTime); c != 0 {
			return c
		}
		return strings.Compare(a.UUID, b.UUID)
	})
}

// DiffPayloads returns the changes from payload a to payload b; nil when
// either is absent or null.
func DiffPayloads(a, b json.RawMessage) ([]Change, error) {
	if absent(a) || absent(b) {
		return nil, nil
	}
	patch, err := jsondiff.CompareJSON(a, b)
	if err != nil {
		return nil, err
	}
	out := make([]Change, 0, len(patch))
	var old any
	appended := map[string]int{} // array pointer → index of the next append
	for _, op := range patch {
		ch := Change{Op: op.Type, Path: op.Path}
		if parent, ok := strings.CutSuffix(op.Path, "/-"); ok && op.Type == jsondiff.OperationAdd {
			// JSON Patch appends with "-"; a reader wants the index.
			if old == nil {
				if err := json.Unmarshal(a, &old); err != nil {
					return nil, err
				}
			}
			n, seen := appended[parent]
			if !seen {
				if arr, ok := resolvePointer(old, parent).([]any); ok {
					n = len(arr)
				}
			}
			appended[parent] = n + 1
			ch.Path = parent + "/" + strconv.Itoa(n)
		}
		if op.Type != jsondiff.OperationAdd && op.OldValue != nil {
			if ch.Old, err = json.Marshal(op.OldValue); err != nil {
				return nil, err
			}
		}
		if op.Type != jsondiff.OperationRemove {
			if ch.New, err = json.Marshal(op.Value); err != nil {
				return nil, err
			}
		}
		out = append(out, ch)
	}
	return out, nil
}

// resolvePointer returns the value at the JSON Pointer p in v, or nil.
func resolvePointer(v any, p string) any {
	if p == "" {
		return v
	}
	for _, tok := range strings.Split(strings.TrimPrefix(p, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func absent(b json.RawMessage) bool {
	s := string(b)
	return len(b) == 0 || s == "null"
}
