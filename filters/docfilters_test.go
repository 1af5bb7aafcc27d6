package filters

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// docFilter is one filter of testdata/docfilters.txt.
type docFilter struct {
	name string // "docfilters.txt:LINE"
	src  string
}

// readDocFilters reads the filters quoted in the Endor docs and SDK tests.
func readDocFilters(t testing.TB) []docFilter {
	t.Helper()
	data, err := os.ReadFile("testdata/docfilters.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []docFilter
	var cur []string
	start := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, docFilter{name: "docfilters.txt:" + itoa(start), src: strings.Join(cur, "\n")})
		}
		cur = nil
	}
	for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		switch {
		case line == "---":
			flush()
		case len(cur) == 0 && strings.HasPrefix(line, "#"):
		default:
			if len(cur) == 0 {
				start = i + 1
			}
			cur = append(cur, line)
		}
	}
	flush()
	return out
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func TestDocFiltersParseAndRoundTrip(t *testing.T) {
	t.Parallel()
	filters := readDocFilters(t)
	if len(filters) < 40 {
		t.Fatalf("read only %d doc filters", len(filters))
	}
	for _, f := range filters {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			e, err := Parse(f.src)
			if err != nil {
				t.Fatalf("Parse(%q): %v\n%s", f.src, err, err.(*Error).Snippet())
			}
			canon := e.String()
			again, err := Parse(canon)
			if err != nil {
				t.Fatalf("canonical form %q does not parse: %v", canon, err)
			}
			if !Equal(e, again) {
				t.Errorf("Parse(String(x)) differs from x:\n src   %q\n canon %q\n again %q", f.src, canon, again.String())
			}
			if again.String() != canon {
				t.Errorf("String is not a fixpoint: %q then %q", canon, again.String())
			}
			m, err := Compile(e)
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			var doc any
			if err := json.Unmarshal([]byte(auditDoc), &doc); err != nil {
				t.Fatal(err)
			}
			if got, gotJ := m.Match(doc, evalNow), m.MatchJSON([]byte(auditDoc), evalNow); got != gotJ {
				t.Errorf("Match %v, MatchJSON %v", got, gotJ)
			}
			for _, d := range Check(e, CheckOptions{}) {
				if d.Severity == SeverityError {
					t.Errorf("Check reports an error: %v", d.Error())
				}
			}
		})
	}
}
