package filters

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		src     string
		archive bool
		want    []string // "severity: message (pos)", in order
	}{
		{"clean", "spec.operation == OPERATION_CREATE and meta.create_time >= now(-24h) and spec.claims matches 'x'", false, nil},
		{"payload is open", "spec.payload.spec.anything.at.all == 1 and meta.annotations.team == x", false, nil},
		{"typo in field", "spec.operation == OPERATION_CREATE and spec.opration == OPERATION_CREATE", false,
			[]string{"error: 'spec.opration' is not an AuditLog field; did you mean 'spec.operation'? (1:40)"}},
		{"case of field", "spec.message_UUID == x", false,
			[]string{"error: 'spec.message_UUID' is not an AuditLog field; did you mean 'spec.message_uuid'? (1:1)"}},
		{"missing prefix", "create_time >= now(-1h)", false,
			[]string{"error: 'create_time' is not an AuditLog field; did you mean 'meta.create_time'? (1:1)"}},
		{"context", "context.type == CONTEXT_TYPE_MAIN", false,
			[]string{"warning: AuditLog objects have no context: 'context.type' matches nothing on audit logs (1:1)"}},
		{"unknown operation", "spec.operation == OPERATION_CRATE", false,
			[]string{"error: unknown operation 'OPERATION_CRATE'; did you mean 'OPERATION_CREATE'? (1:19)"}},
		{"short operation", "spec.operation in [CREATE, 'OPERATION_DELETE']", false,
			[]string{"error: unknown operation 'CREATE'; did you mean 'OPERATION_CREATE'? (1:20)"}},
		{"lower-case operation", "spec.operation != operation_update", false,
			[]string{"error: unknown operation 'operation_update'; enum names are case-sensitive: did you mean 'OPERATION_UPDATE'? (1:19)"}},
		{"operation number", "spec.operation == 1", false,
			[]string{"error: spec.operation is an enum: compare it with one of OPERATION_CREATE, OPERATION_UPDATE, OPERATION_DELETE, OPERATION_UPSERT (1:19)"}},
		{"time as string", "meta.create_time >= '2024-01-01'", false,
			[]string{"warning: meta.create_time is a time: compare it with date(2025-01-01T00:00:00Z) or now(-24h); '2024-01-01' compares as text (1:21)"}},
		{"date on a string field", "uuid > date(2024-01-01)", false,
			[]string{"warning: uuid is not a time field: date(2024-01-01) never matches it (1:8)"}},
		{"contains on a string", "meta.name contains admin", false,
			[]string{"warning: 'contains' is list membership, not substring: on the single string meta.name it only tests equality; for a substring use meta.name matches '...' (1:11)"}},
		{"ip range as strings", "spec.remote_address >= '10.0.0.0'", false,
			[]string{"warning: spec.remote_address is text, so '>=' compares strings and an IP range written this way misses addresses (10.244.3.1 sorts after 10.244.255.255); use the IP range preset, which emits an exact 'matches' expression (1:21)"}},
		{"short kind", "spec.message_kind == Policy", false,
			[]string{"warning: message kinds are full proto names: did you mean 'internal.endor.ai.endor.v1.Policy'? (1:22)"}},
		{"bad regex", "spec.claims matches '[a-'", false,
			[]string{"error: invalid regular expression (Go RE2 syntax): missing closing ] in '[a-' (1:21)"}},
		{"empty in", "spec.operation in []", false, []string{"warning: 'in []' with an empty list matches nothing (1:19)"}},
		{"empty not in", "spec.operation not in []", false, []string{"warning: 'not in []' with an empty list matches every entry (1:23)"}},
		{"archive without kind", "spec.operation == OPERATION_CREATE and meta.create_time >= now(-720h)", true,
			[]string{"warning: archived audit logs should be filtered by spec.message_kind alongside meta.create_time: Endor's docs say the archive's meta.create_time filter must be used together with spec.message_kind, placed first, or the query may be slow or time out (add e.g. spec.message_kind == 'internal.endor.ai.endor.v1.Policy' and ...) (1:40)"}},
		{"archive kind after time", "meta.create_time >= now(-720h) and spec.message_kind == 'internal.endor.ai.endor.v1.Policy'", true,
			[]string{"warning: put the spec.message_kind condition before meta.create_time: Endor's docs ask archive queries to filter by message kind first, then by time, for performance (1:36)"}},
		{"archive in order", "spec.message_kind == 'internal.endor.ai.endor.v1.Policy' and meta.create_time >= now(-720h)", true, nil},
		{"archive lint off without flag", "meta.create_time >= now(-720h)", false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, d := range Check(mustParse(t, tc.src), CheckOptions{Archive: tc.archive, Src: tc.src}) {
				got = append(got, d.Severity.String()+": "+d.Error())
				if d.Snippet() == "" {
					t.Errorf("no snippet for %s", d.Error())
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ word, want string }{
		{"spec.remote_adress", "spec.remote_address"},
		{"meta.crate_time", "meta.create_time"},
		{"tenant_meta.namespce", "tenant_meta.namespace"},
		{"namespace", "tenant_meta.namespace"},
		{"totally.unrelated", ""},
	} {
		if got := suggestField(tc.word); got != tc.want {
			t.Errorf("suggestField(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}
