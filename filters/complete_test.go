package filters

import (
	"strings"
	"testing"
)

func TestComplete(t *testing.T) {
	t.Parallel()
	seen := Suggestions{
		Paths: []string{"spec.payload.spec.rule", "spec.payload.meta.name"},
		Values: map[string][]string{
			"spec.claims":         {"email=alice@example.com", "email=bob@example.com"},
			"spec.remote_address": {"10.244.3.1", "2001:db8::7"},
		},
	}
	tests := []struct {
		name  string
		src   string // | marks the caret
		kind  CompletionKind
		path  string
		first []string // the first candidates' Text, in order
		span  string   // the text the candidates replace
	}{
		{"empty filter offers paths", "|", CompletePath, "", []string{"uuid", "meta.name", "meta.description"}, ""},
		{"path prefix", "spec.op|", CompletePath, "", []string{"spec.operation"}, "spec.op"},
		{"path inside the word", "spec.operation == OPERATION_CREATE and mess|", CompletePath, "", []string{"spec.message_kind", "spec.message_uuid"}, "mess"},
		{"payload paths seen", "spec.payload.spec.r|", CompletePath, "", []string{"spec.payload.spec.rule"}, "spec.payload.spec.r"},
		{"after a parenthesis", "(rem|", CompletePath, "", []string{"spec.remote_address"}, "rem"},
		{"caret mid-word replaces the whole word", "spec.cl|aims == 'x'", CompletePath, "", []string{"spec.claims"}, "spec.claims"},
		{"operators of a time", "meta.create_time |", CompleteOperator, "meta.create_time", []string{">=", "<=", ">", "<"}, ""},
		{"operators of a list", "spec.claims |", CompleteOperator, "spec.claims", []string{"contains", "not contains", "matches"}, ""},
		{"operators of the enum", "spec.operation |", CompleteOperator, "spec.operation", []string{"==", "!=", "in", "not in"}, ""},
		{"operator prefix", "spec.remote_address ma|", CompleteOperator, "spec.remote_address", []string{"matches"}, "ma"},
		{"after not", "spec.claims not |", CompleteOperator, "spec.claims", []string{"contains", "exists"}, ""},
		{"enum values", "spec.operation == |", CompleteValue, "spec.operation", []string{"OPERATION_CREATE", "OPERATION_UPDATE", "OPERATION_DELETE", "OPERATION_UPSERT"}, ""},
		{"enum value prefix, any case", "spec.operation == operation_d|", CompleteValue, "spec.operation", []string{"OPERATION_DELETE"}, "operation_d"},
		{"enum in a list", "spec.operation in [OPERATION_CREATE, OPERATION_U|", CompleteValue, "spec.operation", []string{"OPERATION_UPDATE", "OPERATION_UPSERT"}, "OPERATION_U"},
		{"kinds by short name", "spec.message_kind == Pol|", CompleteValue, "spec.message_kind", []string{"'internal.endor.ai.endor.v1.Policy'"}, "Pol"},
		{"kinds by quoted short name", "spec.message_kind == 'Auth|", CompleteValue, "spec.message_kind", []string{"'internal.endor.ai.endor.v1.AuthorizationPolicy'"}, "'Auth"},
		{"time values", "meta.create_time >= |", CompleteValue, "meta.create_time", []string{"now(-1h)", "now(-24h)"}, ""},
		{"seen actors", "spec.claims contains 'email=al|", CompleteValue, "spec.claims", []string{"'email=alice@example.com'"}, "'email=al"},
		{"seen actors under matches are literals", "spec.claims matches bob|", CompleteValue, "spec.claims", []string{"'email=bob@example\\.com'"}, "bob"},
		{"seen addresses", "spec.remote_address == '2001|", CompleteValue, "spec.remote_address", []string{"'2001:db8::7'"}, "'2001"},
		{"after a closed condition", "spec.operation == OPERATION_CREATE |", CompleteConnector, "", []string{"and", "or"}, ""},
		{"connector prefix", "spec.claims contains 'x' o|", CompleteConnector, "", []string{"or"}, "o"},
		{"after exists", "spec.error exists |", CompleteConnector, "", []string{"and", "or"}, ""},
		{"inside a string with spaces", "spec.claims contains 'email=a b|'", CompleteValue, "spec.claims", nil, "'email=a b'"},
		{"nothing after two words", "foo bar |", CompleteNothing, "", nil, ""},
		{"nothing matches", "spec.zzz|", CompletePath, "", nil, "spec.zzz"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			caret := strings.Index(tc.src, "|")
			src := strings.Replace(tc.src, "|", "", 1)
			c := Complete(src, caret, seen)
			if c.Kind != tc.kind || c.Path != tc.path {
				t.Fatalf("kind %d path %q, want %d %q", c.Kind, c.Path, tc.kind, tc.path)
			}
			if got := src[c.Start:c.End]; got != tc.span {
				t.Errorf("span %q, want %q", got, tc.span)
			}
			if len(c.Candidates) < len(tc.first) {
				t.Fatalf("candidates %v, want at least %q", texts(c.Candidates), tc.first)
			}
			for i, want := range tc.first {
				if c.Candidates[i].Text != want {
					t.Errorf("candidates %q, want them to start with %q", texts(c.Candidates), tc.first)
					break
				}
			}
			if tc.first == nil && len(c.Candidates) > 0 {
				t.Errorf("candidates %q, want none", texts(c.Candidates))
			}
		})
	}
}

// TestCompletedFiltersParse: inserting a value candidate after an operator
// yields a filter that parses, so Tab never writes a broken filter.
func TestCompletedFiltersParse(t *testing.T) {
	t.Parallel()
	for _, src := range []string{"spec.operation == ", "spec.message_kind == ", "meta.create_time >= ", "spec.claims contains "} {
		c := Complete(src, len(src), Suggestions{Values: map[string][]string{"spec.claims": {"it's \x1b"}}})
		for _, cand := range c.Candidates {
			if strings.HasPrefix(cand.Text, "date(") {
				continue // a template to fill in
			}
			out := src[:c.Start] + cand.Text + src[c.End:]
			if _, err := Parse(out); err != nil {
				t.Errorf("%q does not parse: %v", out, err)
			}
		}
	}
}

func texts(cs []Candidate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Text
	}
	return out
}

func FuzzComplete(f *testing.F) {
	for _, s := range []string{"", "spec.operation == ", "a in [b, ", "(x not ", "'\xff", "spec.claims contains 'a"} {
		f.Add(s, len(s))
	}
	f.Fuzz(func(t *testing.T, src string, caret int) {
		c := Complete(src, caret, Suggestions{Paths: []string{"x.y"}, Values: map[string][]string{"x.y": {"v"}}})
		if c.Kind != CompleteNothing && (c.Start < 0 || c.End > len(src) || c.Start > c.End) {
			t.Fatalf("span %d..%d outside %q", c.Start, c.End, src)
		}
	})
}
