package main

import (
	"encoding/csv"
	"strings"
	"testing"
)

// TestTierBothFollowsTheRequestedOrder: the merge of the two stores
// follows --sort-order, paged or not: descending puts the active store's
// (newer) rows before the archive's.
func TestTierBothFollowsTheRequestedOrder(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		args  []string
		desc  bool
		tiers string // the tiers in the order they must first appear
	}{
		{"desc, every page", []string{"--sort-order", "desc", "--list-all"}, true, "active,archive"},
		{"asc, every page", []string{"--sort-order", "asc", "--list-all"}, false, "archive,active"},
		{"desc, one page", []string{"--sort-order", "desc", "--page-size", "100"}, true, "active,archive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"list", "--demo", "--demo-size", "1500", "--tier", "both", "-o", "csv"}, tc.args...)
			code, out, errOut := runCmd(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil || len(recs) < 2 {
				t.Fatalf("csv: %v (%d records)", err, len(recs))
			}
			var tiers []string
			for i := 1; i < len(recs); i++ {
				if i > 1 {
					prev, cur := recs[i-1][0], recs[i][0]
					if (tc.desc && cur > prev) || (!tc.desc && cur < prev) {
						t.Fatalf("row %d at %s follows %s", i, cur, prev)
					}
				}
				if tier := recs[i][1]; len(tiers) == 0 || tiers[len(tiers)-1] != tier {
					tiers = append(tiers, tier)
				}
			}
			if strings.Join(tiers, ",") != tc.tiers {
				t.Errorf("tiers in order of appearance: %v, want %s", tiers, tc.tiers)
			}
		})
	}
}
