package emulator

import (
	"time"

	"github.com/auditlog/auditlog/filters"
)

// matcher evaluates a compiled filter on an entry's raw JSON.
// *filters.Matcher implements it.
type matcher interface {
	MatchJSON(raw []byte, now time.Time) bool
}

// parseFilter parses list_parameters.filter. Its error (a *filters.Error)
// prints as `message (line:col)`, which is what the 400 answer carries.
func parseFilter(src string) (filters.Expr, error) { return filters.Parse(src) }

// compileFilter compiles the residual part of a filter.
func compileFilter(e filters.Expr) (matcher, error) { return filters.Compile(e) }
