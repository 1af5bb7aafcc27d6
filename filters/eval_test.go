package filters

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// evalNow is the instant now(...) counts from in these tests.
var evalNow = time.Date(2024, 8, 20, 12, 0, 0, 0, time.UTC)

// auditDoc is a realistic AuditLog entry (reference §5.2), with a few extra
// fields to reach every JSON type.
const auditDoc = `{
  "uuid": "66b1f0c2a1b2c3d4e5f60718",
  "meta": {
    "name": "audit-66b1f0c2",
    "kind": "AuditLog",
    "version": "v1",
    "create_time": "2024-08-19T10:15:30.123456789Z",
    "update_time": "2024-08-19T10:15:30.123456789Z",
    "created_by": "jane@example.com@google",
    "tags": ["sanity", "prod"],
    "annotations": {},
    "description": ""
  },
  "spec": {
    "operation": "OPERATION_UPDATE",
    "message_kind": "internal.endor.ai.endor.v1.AuthorizationPolicy",
    "message_uuid": "66a0c1d2e3f4a5b6c7d8e9f0",
    "payload": {
      "@type": "type.googleapis.com/internal.endor.ai.endor.v1.AuthorizationPolicy",
      "uuid": "66a0c1d2e3f4a5b6c7d8e9f0",
      "meta": {"name": "ci-admins", "tags": []},
      "spec": {
        "clause": ["email=*@example.com"],
        "permissions": {"rules": [{"verb": "VERB_READ", "resources": ["Project"]}, {"verb": "VERB_ALL", "resources": []}]},
        "target_namespaces": ["acme.prod", "acme.dev"],
        "propagate": true,
        "expiration_time": null,
        "priority": 7,
        "ratio": 0.25
      }
    },
    "error": {"code": 7, "message": "permission denied: \"ci\" lacks VERB_ALL", "details": []},
    "claims": [
      "ID=19946263398469405566117368291178288812",
      "email=jane@example.com",
      "user=jane@example.com@google",
      "issuer=https://api.endorlabs.com/v1"
    ],
    "remote_address": "10.244.3.1"
  },
  "tenant_meta": {"namespace": "acme.prod"}
}`

func TestMatchSemantics(t *testing.T) {
	t.Parallel()
	var doc any
	if err := json.Unmarshal([]byte(auditDoc), &doc); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		filter string
		want   bool
	}{
		// == and != on strings, quoted and bare.
		{"spec.operation == OPERATION_UPDATE", true},
		{"spec.operation == 'OPERATION_UPDATE'", true},
		{"spec.operation == OPERATION_CREATE", false},
		{"spec.operation != OPERATION_CREATE", true},
		{"spec.operation != OPERATION_UPDATE", false},
		{"uuid == 66b1f0c2a1b2c3d4e5f60718", true},
		{"spec.operation == operation_update", false}, // case-sensitive
		// Missing fields: never ==, always != (MongoDB $ne).
		{"spec.nothing == x", false},
		{"spec.nothing != x", true},
		{"spec.nothing.deeper != x", true},
		{"nothing.at.all in [x]", false},
		{"nothing.at.all not in [x]", true},
		// Lists: any element.
		{"spec.claims == 'email=jane@example.com'", true},
		{"spec.claims != 'email=jane@example.com'", false},
		{"spec.claims == email", false},
		{"meta.tags contains sanity", true},
		{"meta.tags contains [nope, prod]", true},
		{"meta.tags contains [nope, other]", false},
		{"meta.tags not contains [sanity, test]", false},
		{"meta.tags not contains [test, other]", true},
		// contains is membership, not substring; on a scalar it is equality.
		{"meta.name contains audit", false},
		{"meta.name contains 'audit-66b1f0c2'", true},
		{"spec.operation contains [OPERATION_CREATE, OPERATION_UPDATE]", true},
		// in / not in.
		{"spec.operation in [OPERATION_CREATE, OPERATION_UPDATE]", true},
		{"spec.operation in [OPERATION_CREATE, OPERATION_DELETE]", false},
		{"spec.operation not in [OPERATION_CREATE, OPERATION_DELETE]", true},
		{"spec.operation in []", false},
		{"spec.operation not in []", true},
		// Paths through lists of objects.
		{"spec.payload.spec.permissions.rules.verb == VERB_ALL", true},
		{"spec.payload.spec.permissions.rules.verb == VERB_NONE", false},
		{"spec.payload.spec.permissions.rules.resources contains Project", true},
		{"spec.payload.spec.permissions.rules.resources exists", true},
		{"spec.payload.@type matches 'AuthorizationPolicy$'", true},
		// Ordering of strings is byte-wise.
		{"spec.remote_address >= '10.244.0.0' and spec.remote_address <= '10.244.255.255'", false}, // the doc's range misses it
		{"spec.remote_address > '10.244.255.255'", true},
		{"tenant_meta.namespace < acme.q", true},
		{"tenant_meta.namespace < acme.prod", false},
		{"tenant_meta.namespace <= acme.prod", true},
		// Numbers compare numerically, with numbers or numeric text.
		{"spec.error.code == 7", true},
		{"spec.error.code == '7'", true},
		{"spec.error.code == 7.0", true},
		{"spec.error.code > 10", false},
		{"spec.error.code >= 7", true},
		{"spec.error.code < 10", true},
		{"spec.error.code == seven", false},
		{"spec.error.code != seven", true},
		{"spec.payload.spec.ratio < 0.3", true},
		{"spec.payload.spec.priority in [1, 7]", true},
		// A string field compares with the number's text.
		{"meta.version == v1", true},
		// Booleans.
		{"spec.payload.spec.propagate == true", true},
		{"spec.payload.spec.propagate == 'true'", true},
		{"spec.payload.spec.propagate != false", true},
		{"spec.payload.spec.propagate == false", false},
		{"spec.payload.spec.propagate > false", false}, // booleans are not ordered
		// Times.
		{"meta.create_time >= date(2024-08-19)", true},
		{"meta.create_time >= date(2024-08-20)", false},
		{"meta.create_time < date(2024-08-19T10:15:30.123456790Z)", true},
		{"meta.create_time <= date(2024-08-19T10:15:30.123456788Z)", false},
		{"meta.create_time == date(2024-08-19T12:15:30.123456789+02:00)", true},
		{"meta.create_time >= now(-26h)", true},
		{"meta.create_time >= now(-24h)", false},
		{"meta.create_time >= now(-1h)", false},
		{"meta.create_time >= now(-2d)", true},
		{"meta.create_time in [date(2024-01-01), date(2024-08-19T10:15:30.123456789Z)]", true},
		{"meta.name >= date(2020-01-01)", false},   // not a time
		{"meta.create_time >= '2024-08-19'", true}, // text comparison
		// matches: unanchored RE2 search, on list elements too.
		{"spec.claims matches 'jane@'", true},
		{"spec.claims matches '^email=jane@example\\.com$'", true},
		{"spec.claims matches '^jane'", false},
		{"spec.claims matches '(?i)JANE'", true},
		{"spec.error.message matches '\"ci\"'", true},
		{"spec.error.code matches 7", false}, // matches reads strings only
		{"meta.name matches audit", true},
		// exists.
		{"spec.error exists", true},
		{"spec.error.details exists", false},                // []
		{"meta.annotations exists", false},                  // {}
		{"spec.payload.spec.expiration_time exists", false}, // null
		{"meta.description exists", true},                   // "" exists
		{"spec.nothing exists", false},
		{"spec.nothing not exists", true},
		{"spec.payload.meta.tags not exists", true},
		{"spec.payload.spec.priority exists", true},
		// Logic.
		{"spec.operation == OPERATION_UPDATE and spec.error.code == 7", true},
		{"spec.operation == OPERATION_CREATE or spec.error.code == 7", true},
		{"spec.operation == OPERATION_CREATE or spec.error.code == 8", false},
		{"(spec.operation == OPERATION_CREATE or spec.error.code == 7) and meta.tags contains prod", true},
		{"spec.operation == OPERATION_CREATE or spec.error.code == 7 and meta.tags contains nope", false},
	}
	for _, tc := range tests {
		t.Run(tc.filter, func(t *testing.T) {
			t.Parallel()
			m, err := ParseAndCompile(tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Match(doc, evalNow); got != tc.want {
				t.Errorf("Match = %v, want %v", got, tc.want)
			}
			if got := m.MatchJSON([]byte(auditDoc), evalNow); got != tc.want {
				t.Errorf("MatchJSON = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMatchScalarDocuments(t *testing.T) {
	t.Parallel()
	m, _ := ParseAndCompile("a == 1")
	for _, raw := range []string{`1`, `"x"`, `null`, `[]`, `[{"a":1}]`, ``} {
		var doc any
		_ = json.Unmarshal([]byte(raw), &doc)
		if got, gotJ := m.Match(doc, evalNow), m.MatchJSON([]byte(raw), evalNow); got != gotJ {
			t.Errorf("%s: Match %v, MatchJSON %v", raw, got, gotJ)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	t.Parallel()
	_, err := ParseAndCompile("a == 1 and\n  spec.claims matches '(abc'")
	fe, ok := err.(*Error)
	if !ok {
		t.Fatalf("err = %v", err)
	}
	want := "invalid regular expression (Go RE2 syntax): missing closing ) in '(abc' (2:23)\n  spec.claims matches '(abc'\n                      ^"
	if got := Format(fe); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if _, err := ParseAndCompile(`a matches '(?!x)'`); err == nil || !strings.Contains(err.Error(), "invalid or unsupported Perl syntax") {
		t.Errorf("lookahead: %v", err)
	}
	if _, err := Compile(&Compare{Path: newPath("a"), Op: Lt, Value: &List{}}); err == nil {
		t.Error("ordering against a list compiled")
	}
	if _, err := Compile(nil); err == nil {
		t.Error("nil compiled")
	}
}

// randomDoc builds a random JSON document over a small vocabulary of keys
// and values, so that random filters often hit.
func randomDoc(r *rand.Rand, depth int) any {
	switch k := r.IntN(10); {
	case depth > 3 || k < 4:
		return randomScalar(r)
	case k < 7:
		m := map[string]any{}
		for range r.IntN(4) {
			m[randomKey(r)] = randomDoc(r, depth+1)
		}
		return m
	default:
		var l []any
		for range r.IntN(4) {
			l = append(l, randomDoc(r, depth+1))
		}
		if l == nil {
			l = []any{}
		}
		return l
	}
}

var (
	fuzzKeys    = []string{"a", "b", "c", "@type", "0", "a.b"}
	fuzzStrings = []string{"", "x", "y", "X", "10", "2.5", "true", "2024-08-19T10:15:30Z", "2024-08-19T10:15:30.5+02:00", "jane@x.io", `q"uote`, "é"}
)

func randomKey(r *rand.Rand) string { return fuzzKeys[r.IntN(len(fuzzKeys))] }

func randomScalar(r *rand.Rand) any {
	switch r.IntN(6) {
	case 0:
		return nil
	case 1:
		return r.IntN(2) == 0
	case 2:
		return float64(r.IntN(21)-10) / 2
	default:
		return fuzzStrings[r.IntN(len(fuzzStrings))]
	}
}

func randomValue(r *rand.Rand) string {
	switch r.IntN(8) {
	case 0:
		return fmt.Sprint(r.IntN(21)-10, ".5")
	case 1:
		return fmt.Sprint(r.IntN(11) - 5)
	case 2:
		return [...]string{"true", "false"}[r.IntN(2)]
	case 3:
		return "date(2024-08-19T10:15:30Z)"
	case 4:
		return "now(-24h)"
	case 5:
		return "x"
	default:
		return quoteString(fuzzStrings[r.IntN(len(fuzzStrings))])
	}
}

func randomFilter(r *rand.Rand, depth int) string {
	if depth < 2 && r.IntN(3) == 0 {
		op := [...]string{"and", "or"}[r.IntN(2)]
		return "(" + randomFilter(r, depth+1) + " " + op + " " + randomFilter(r, depth+1) + ")"
	}
	path := randomKey(r)
	for range r.IntN(3) {
		path += "." + randomKey(r)
	}
	switch r.IntN(12) {
	case 0:
		return path + " exists"
	case 1:
		return path + " not exists"
	case 2:
		return path + " matches '^[xy]'"
	case 3, 4:
		op := [...]string{"in", "not in", "contains", "not contains"}[r.IntN(4)]
		return path + " " + op + " [" + randomValue(r) + ", " + randomValue(r) + "]"
	}
	op := [...]string{"==", "!=", "<", "<=", ">", ">="}[r.IntN(6)]
	return path + " " + op + " " + randomValue(r)
}

// TestMatchAndMatchJSONAgree evaluates random filters on random documents
// both ways (fixed seed).
func TestMatchAndMatchJSONAgree(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 11))
	hits := 0
	for range 3000 {
		src := randomFilter(r, 0)
		m, err := ParseAndCompile(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		for range 10 {
			doc := randomDoc(r, 0)
			raw, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			var decoded any
			if err := json.Unmarshal(raw, &decoded); err != nil {
				t.Fatal(err)
			}
			got, gotJ := m.Match(decoded, evalNow), m.MatchJSON(raw, evalNow)
			if got != gotJ {
				t.Fatalf("filter %s\ndoc %s\nMatch %v, MatchJSON %v", src, raw, got, gotJ)
			}
			if got {
				hits++
			}
		}
	}
	if hits < 3000 || hits > 27000 {
		t.Errorf("%d of 30000 matched: the random corpus is too one-sided to compare", hits)
	}
}
