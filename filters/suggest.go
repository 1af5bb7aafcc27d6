package filters

import (
	"strings"

	"github.com/auditlog/auditlog/internal/textdist"
)

// suggest returns the candidate closest to word by edit distance (ignoring
// case), or "" when none is close enough to be a plausible typo.
func suggest(word string, candidates []string) string {
	if len(word) > 100 { // no plausible typo of a short name; spare the quadratic distance
		return ""
	}
	lw := strings.ToLower(word)
	best, bestD := "", -1
	for _, c := range candidates {
		d := textdist.Distance(lw, strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(1, min(3, len([]rune(word))/3))
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}
