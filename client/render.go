package client

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"al.essio.dev/pkg/shellescape"
	"github.com/auditlog/auditlog/api"
)

// Query is a listing to render as text for a script or a ticket.
type Query struct {
	Namespace string
	Tier      Tier
	api.ListParameters
}

// TokenPlaceholder stands in for the bearer token in rendered commands; the
// shell expands it when the command runs.
const TokenPlaceholder = "$ENDOR_TOKEN"

// RenderFilter returns the filter of q. With a non-zero freezeAt, relative
// times (now(-24h)) are replaced by the absolute instants they mean at
// freezeAt, so that the filter selects the same entries tomorrow; a filter
// that does not parse is returned unchanged.
func RenderFilter(q Query, freezeAt time.Time) string {
	if freezeAt.IsZero() || q.Filter == "" {
		return q.Filter
	}
	f, err := freezeFilter(q.Filter, freezeAt)
	if err != nil {
		return q.Filter
	}
	return f
}

// RenderEndorctl returns the endorctl command of q, e.g.
//
//	endorctl api list -r AuditLog -n acme --filter 'spec.operation==OPERATION_CREATE' --traverse
//
// For TierBoth it returns two lines, the active store and then the archive
// (--archive): the stores must be queried separately. group_by_time has no
// endorctl flag in the stored endorctl reference, so it is left out here
// (RenderCurl carries it).
func RenderEndorctl(q Query, freezeAt time.Time) string {
	return renderLines(endorctlArgs(q, freezeAt))
}

// RenderCurl returns the curl command of q against baseURL (the Endor API
// when empty). The token is written as "$ENDOR_TOKEN" for the shell to
// expand, never its value. For TierBoth it returns two lines: the active
// store and the /archived route.
func RenderCurl(q Query, baseURL string, freezeAt time.Time) string {
	return renderLines(curlArgs(q, baseURL, freezeAt))
}

func renderLines(cmds [][]string) string {
	lines := make([]string, len(cmds))
	for i, args := range cmds {
		lines[i] = renderCommand(args)
	}
	return strings.Join(lines, "\n")
}

// renderCommand quotes each argument for a POSIX shell. The Authorization
// header is the one argument left for the shell to expand, in double
// quotes around the placeholder.
func renderCommand(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == authHeader {
			out[i] = `"` + a + `"`
			continue
		}
		out[i] = shellescape.Quote(a)
	}
	return strings.Join(out, " ")
}

const authHeader = "Authorization: Bearer " + TokenPlaceholder

func endorctlArgs(q Query, freezeAt time.Time) [][]string {
	var cmds [][]string
	for _, t := range tiersOf(q.Tier) {
		p := q.ListParameters
		if q.Tier == TierBoth {
			p = bothParams(p)
		}
		a := []string{"endorctl", "api", "list", "-r", "AuditLog"}
		if q.Namespace != "" {
			a = append(a, "-n", q.Namespace)
		}
		if f := RenderFilter(q, freezeAt); f != "" {
			a = append(a, "--filter", f)
		}
		if p.Mask != "" {
			a = append(a, "--field-mask", p.Mask)
		}
		if p.PageSize > 0 {
			a = append(a, "--page-size", strconv.Itoa(p.PageSize))
		}
		if p.PageID != "" {
			a = append(a, "--page-id", p.PageID)
		}
		if p.PageToken > 0 {
			a = append(a, "--page-token", strconv.FormatInt(p.PageToken, 10))
		}
		if p.Sort.Path != "" {
			a = append(a, "--sort-path", p.Sort.Path)
		}
		switch p.Sort.Order {
		case api.SortOrderAsc:
			a = append(a, "--sort-order", "ascending")
		case api.SortOrderDesc:
			a = append(a, "--sort-order", "descending")
		}
		if p.Traverse {
			a = append(a, "--traverse")
		}
		if p.Count {
			a = append(a, "--count")
		}
		if g := p.Group; len(g.AggregationPaths) > 0 {
			a = append(a, "--group-aggregation-paths", strings.Join(g.AggregationPaths, ","))
			if g.ShowAggregationUUIDs {
				a = append(a, "--group-show-aggregation-uuids")
			}
			if len(g.UniqueCountPaths) > 0 {
				a = append(a, "--group-unique-count-paths", strings.Join(g.UniqueCountPaths, ","))
			}
			if len(g.UniqueValuePaths) > 0 {
				a = append(a, "--group-unique-value-paths", strings.Join(g.UniqueValuePaths, ","))
			}
		}
		if p.CIRunUUID != "" {
			a = append(a, "--pr-uuid", p.CIRunUUID)
		}
		if t == TierArchive {
			a = append(a, "--archive")
		}
		cmds = append(cmds, a)
	}
	return cmds
}

func curlArgs(q Query, baseURL string, freezeAt time.Time) [][]string {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	baseURL = strings.TrimRight(baseURL, "/")
	var cmds [][]string
	for _, t := range tiersOf(q.Tier) {
		p := q.ListParameters
		if q.Tier == TierBoth {
			p = bothParams(p)
		}
		p.Filter = RenderFilter(q, freezeAt)
		p.Archive = false // the documented /archived route says it
		v := p.Values()
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		// The filter first, the rest in a stable order.
		slices.SortFunc(keys, func(a, b string) int {
			if fa, fb := a == "list_parameters.filter", b == "list_parameters.filter"; fa != fb {
				if fa {
					return -1
				}
				return 1
			}
			return strings.Compare(a, b)
		})
		a := []string{"curl", "--get"}
		for _, k := range keys {
			a = append(a, "--data-urlencode", k+"="+v.Get(k))
		}
		a = append(a, "-H", authHeader)
		u := baseURL + "/v1/namespaces/" + url.PathEscape(q.Namespace) + "/audit-logs"
		if t == TierArchive {
			u += "/archived"
		}
		cmds = append(cmds, append(a, u))
	}
	return cmds
}
