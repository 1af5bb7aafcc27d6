package client

import (
	"time"

	"github.com/auditlog/auditlog/filters"
)

// freezeFilter replaces every now(...) of filter by the instant it means at
// at, and returns the canonical form.
func freezeFilter(filter string, at time.Time) (string, error) {
	e, err := filters.Parse(filter)
	if err != nil {
		return "", err
	}
	return filters.Freeze(e, at).String(), nil
}
