package client

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
)

// shellArgs runs rendered commands as a sh script in which endorctl and
// curl are functions that print their arguments, NUL-separated (so that
// newlines in arguments survive), one command per record. It returns the
// argument lists the shell would have passed. ENDOR_TOKEN is set so that
// its expansion shows.
func shellArgs(t *testing.T, rendered string) [][]string {
	t.Helper()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	script := `endorctl() { printf '%s\0' endorctl "$@"; printf '\001'; }
curl() { printf '%s\0' curl "$@"; printf '\001'; }
` + rendered + "\n"
	c := exec.Command("sh", "-c", script)
	c.Env = []string{"ENDOR_TOKEN=tok-from-env", "PATH=/usr/bin:/bin"}
	b, err := c.Output()
	if err != nil {
		t.Fatalf("sh rejected %q: %v", rendered, err)
	}
	var out [][]string
	for _, rec := range strings.Split(strings.TrimSuffix(string(b), "\x01"), "\x01") {
		out = append(out, strings.Split(strings.TrimSuffix(rec, "\x00"), "\x00"))
	}
	return out
}

var hostileFilters = []struct{ name, filter string }{
	{"plain", "spec.operation==OPERATION_CREATE"},
	{"single quotes", `spec.claims matches '.*it''s.*' and meta.name=='O\'Brien'`},
	{"double quotes and dollar", `meta.name=="$HOME $(id) ${PATH}"`},
	{"backticks", "meta.name=='`rm -rf /`'"},
	{"newlines", "spec.operation==OPERATION_CREATE\n  and meta.create_time>=now(-24h)"},
	{"bang", `meta.name=='!!' or meta.name=='!-1'`},
	{"unicode", "meta.name=='Jürgen 東京 \u202e\u202egnp.exe'"},
	{"backslashes", `spec.claims matches '\\d+\.\d+'`},
	{"semicolon and pipes", `meta.name=='a; echo pwned | cat && false || true > /tmp/x'`},
	{"empty-looking", `meta.name==''`},
}

func TestRenderedCommandsParseBackToTheSameArguments(t *testing.T) {
	t.Parallel()
	for _, hf := range hostileFilters {
		t.Run(hf.name, func(t *testing.T) {
			t.Parallel()
			q := Query{
				Namespace: "acme prod's",
				Tier:      TierBoth,
				ListParameters: api.ListParameters{
					Filter: hf.filter, Mask: "uuid,meta.create_time", PageSize: 50, Traverse: true,
					Sort: api.Sort{Order: api.SortOrderDesc},
				},
			}
			// endorctl: two commands, the second with --archive.
			got := shellArgs(t, RenderEndorctl(q, time.Time{}))
			base := []string{"endorctl", "api", "list", "-r", "AuditLog", "-n", "acme prod's", "--filter", hf.filter,
				"--field-mask", "uuid,meta.create_time", "--page-size", "50", "--sort-path", "meta.create_time", "--sort-order", "descending", "--traverse"}
			want := [][]string{base, append(append([]string(nil), base...), "--archive")}
			if !equalArgs(got, want) {
				t.Errorf("endorctl:\n got %q\nwant %q", got, want)
			}
			// curl: the filter travels as one --data-urlencode argument, the
			// token as the shell's $ENDOR_TOKEN.
			rendered := RenderCurl(q, "https://api.example.com/", time.Time{})
			if strings.Contains(rendered, "tok-from-env") || !strings.Contains(rendered, `"Authorization: Bearer $ENDOR_TOKEN"`) {
				t.Errorf("curl does not stand $ENDOR_TOKEN in for the token: %s", rendered)
			}
			got = shellArgs(t, rendered)
			params := []string{"curl", "--get",
				"--data-urlencode", "list_parameters.filter=" + hf.filter,
				"--data-urlencode", "list_parameters.mask=uuid,meta.create_time",
				"--data-urlencode", "list_parameters.page_size=50",
				"--data-urlencode", "list_parameters.sort.order=SORT_ENTRY_ORDER_DESC",
				"--data-urlencode", "list_parameters.sort.path=meta.create_time",
				"--data-urlencode", "list_parameters.traverse=true",
				"-H", "Authorization: Bearer tok-from-env"}
			want = [][]string{
				append(append([]string(nil), params...), "https://api.example.com/v1/namespaces/acme%20prod%27s/audit-logs"),
				append(append([]string(nil), params...), "https://api.example.com/v1/namespaces/acme%20prod%27s/audit-logs/archived"),
			}
			if !equalArgs(got, want) {
				t.Errorf("curl:\n got %q\nwant %q", got, want)
			}
		})
	}
}

func equalArgs(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") {
			return false
		}
	}
	return true
}

func TestRenderSingleTiers(t *testing.T) {
	t.Parallel()
	q := Query{Namespace: "acme", Tier: TierArchive, ListParameters: api.ListParameters{Filter: "spec.operation==OPERATION_DELETE", Count: true}}
	if got, want := RenderEndorctl(q, time.Time{}), "endorctl api list -r AuditLog -n acme --filter spec.operation==OPERATION_DELETE --count --archive"; got != want {
		t.Errorf("endorctl:\n got %s\nwant %s", got, want)
	}
	q.Tier = TierActive
	if got, want := RenderCurl(q, "", time.Time{}), `curl --get --data-urlencode list_parameters.filter=spec.operation==OPERATION_DELETE --data-urlencode list_parameters.count=true -H "Authorization: Bearer $ENDOR_TOKEN" https://api.endorlabs.com/v1/namespaces/acme/audit-logs`; got != want {
		t.Errorf("curl:\n got %s\nwant %s", got, want)
	}
}

func TestRenderFilterFreezesRelativeTimes(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 2, 3, 12, 0, 0, 0, time.UTC)
	q := Query{ListParameters: api.ListParameters{Filter: "meta.create_time>=now(-24h) and spec.operation==OPERATION_CREATE"}}
	if got := RenderFilter(q, time.Time{}); got != q.Filter {
		t.Errorf("unfrozen = %q", got)
	}
	got := RenderFilter(q, at)
	if !strings.Contains(got, "date(2026-02-02T12:00:00Z)") || strings.Contains(got, "now(") {
		t.Errorf("frozen = %q", got)
	}
	if cmd := RenderEndorctl(Query{Namespace: "a", ListParameters: q.ListParameters}, at); !strings.Contains(cmd, "date(2026-02-02T12:00:00Z)") {
		t.Errorf("endorctl not frozen: %s", cmd)
	}
	bad := Query{ListParameters: api.ListParameters{Filter: "meta.create_time >= "}}
	if got := RenderFilter(bad, at); got != bad.Filter {
		t.Errorf("a bad filter changed: %q", got)
	}
}
