package history

import (
	"strings"
	"testing"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

func TestHistory(t *testing.T) {
	from := client.Query{Namespace: "acme", Tier: client.TierArchive, ListParameters: api.ListParameters{
		Filter: "spec.operation == OPERATION_DELETE", PageSize: 50, Sort: api.Sort{Path: "meta.create_time", Order: api.SortOrderDesc},
	}}
	entry := func(uuid string, tier client.Tier) client.Entry {
		return client.Entry{AuditLog: api.AuditLog{UUID: uuid}, Tier: tier}
	}
	versions := []client.Version{
		{Entry: entry("v1", client.TierArchive)},
		{Entry: entry("v2", client.TierActive), Changes: []client.Change{{Path: "spec.name"}}},
		{Entry: entry("v3", client.TierActive), Changes: []client.Change{{Path: "a"}, {Path: "b"}}},
	}
	m := New(viewtest.Common(80, 20), "obj\x1b]2;x\a", versions)
	q := m.Query(from)
	if q.Tier != client.TierBoth || q.Sort.Order != api.SortOrderAsc || !q.Traverse || q.Namespace != "acme" ||
		q.Filter != client.HistoryFilter("obj\x1b]2;x\a") || q.PageSize != 50 {
		t.Fatalf("Query = %+v", q)
	}
	tests := []struct {
		tier    client.Tier
		uuids   string
		changes []int // of rows -1..n
	}{
		{client.TierBoth, "v1 v2 v3", []int{0, 0, 1, 2, 0}},
		{client.TierActive, "v2 v3", []int{0, 1, 2, 0}},
		{client.TierArchive, "v1", []int{0, 0, 0}},
	}
	for _, tc := range tests {
		var got []string
		for _, e := range m.Show(tc.tier) {
			got = append(got, e.UUID)
		}
		if strings.Join(got, " ") != tc.uuids || m.Shown() != len(got) {
			t.Fatalf("%v: shows %v", tc.tier, got)
		}
		for i, want := range tc.changes {
			if n := len(m.ChangesAt(i - 1)); n != want {
				t.Errorf("%v: ChangesAt(%d) has %d changes, want %d", tc.tier, i-1, n, want)
			}
		}
	}
	s := m.Summary()
	viewtest.AssertNoControls(t, s, false)
	if !strings.Contains(s, "3 versions") {
		t.Fatalf("Summary = %q", s)
	}
}
