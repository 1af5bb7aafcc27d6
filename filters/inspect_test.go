package filters

import (
	"slices"
	"strings"
	"testing"
)

func TestConjuncts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		want      []string
	}{
		{"one clause", "spec.operation == OPERATION_CREATE", []string{"spec.operation == OPERATION_CREATE"}},
		{"and chain", "a == 1 and b == 2 and c exists", []string{"a == 1", "b == 2", "c exists"}},
		{"or is one clause", "a == 1 or b == 2", []string{"a == 1 or b == 2"}},
		{"or inside and", "a == 1 and (b == 2 or c == 3)", []string{"a == 1", "b == 2 or c == 3"}},
		{"and inside or", "(a == 1 and b == 2) or c == 3", []string{"(a == 1 and b == 2) or c == 3"}},
		{"parenthesised and", "(a == 1 and b == 2) and c == 3", []string{"a == 1", "b == 2", "c == 3"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, c := range Conjuncts(mustParse(t, tc.src)) {
				got = append(got, c.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Conjuncts(%q) = %q, want %q", tc.src, got, tc.want)
			}
		})
	}
	if Conjuncts(nil) != nil {
		t.Error("Conjuncts(nil) is not nil")
	}
}

func TestInspect(t *testing.T) {
	t.Parallel()
	e := mustParse(t, "a == 1 and (b in ['x', y] or c exists)")
	var got []string
	depth := 0
	Inspect(e, func(n Node) bool {
		if n == nil {
			depth--
			return true
		}
		got = append(got, strings.Repeat(".", depth)+nodeName(n))
		depth++
		return true
	})
	want := []string{
		"*filters.Logical", ".*filters.Compare", "..a", "..1",
		".*filters.Logical", "..*filters.Compare", "...b", "...*filters.List", "....'x'", "....y",
		"..*filters.Exists", "...c",
	}
	if !slices.Equal(got, want) {
		t.Errorf("walk:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if depth != 0 {
		t.Errorf("fn(nil) calls do not balance: depth %d", depth)
	}

	// Returning false skips the children.
	n := 0
	Inspect(e, func(x Node) bool {
		if x != nil {
			n++
		}
		_, isLogical := x.(*Logical)
		return isLogical
	})
	if n != 5 { // and, a == 1 (its children skipped), or, b in [...], c exists
		t.Errorf("pruned walk visited %d nodes, want 5", n)
	}
}

func nodeName(n Node) string {
	switch n := n.(type) {
	case *Path, *String, *Bare, *Number:
		return n.(interface{ String() string }).String()
	default:
		return typeName(n)
	}
}

func typeName(n Node) string {
	switch n.(type) {
	case *Logical:
		return "*filters.Logical"
	case *Compare:
		return "*filters.Compare"
	case *Exists:
		return "*filters.Exists"
	case *List:
		return "*filters.List"
	}
	return "?"
}

func TestMentionsAndPaths(t *testing.T) {
	t.Parallel()
	e := mustParse(t, "spec.operation == OPERATION_CREATE and (meta.create_time >= now(-1h) or spec.operation exists)")
	if !Mentions(e, PathCreateTime) || Mentions(e, PathMessageKind) {
		t.Error("Mentions is wrong")
	}
	if got, want := Paths(e), []string{"spec.operation", "meta.create_time"}; !slices.Equal(got, want) {
		t.Errorf("Paths = %q, want %q", got, want)
	}
}

func TestPrepare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		src       string
		opts      PrepareOptions
		canonical string
		err       string // the whole message with its caret, "" for none
		code      Code
		warnings  int
	}{
		{"empty", "  ", PrepareOptions{}, "", "", "", 0},
		{"canonical", "spec.operation=='OPERATION_CREATE' AND meta.create_time>=now(-7d)", PrepareOptions{},
			"spec.operation == 'OPERATION_CREATE' and meta.create_time >= now(-168h)", "", "", 0},
		{"misspelt field", "spec.operaton == OPERATION_CREATE", PrepareOptions{}, "",
			"'spec.operaton' is not an AuditLog field; did you mean 'spec.operation'? (1:1)\nspec.operaton == OPERATION_CREATE\n^", CodeUnknownField, 0},
		{"near enum", "spec.operation == OPERATION_CRATE", PrepareOptions{}, "",
			"unknown operation 'OPERATION_CRATE'; did you mean 'OPERATION_CREATE'? (1:19)\nspec.operation == OPERATION_CRATE\n                  ^", CodeEnum, 0},
		{"bad regex", "spec.claims matches '[a-'", PrepareOptions{}, "",
			"invalid regular expression (Go RE2 syntax): missing closing ] in '[a-' (1:21)\nspec.claims matches '[a-'\n                    ^", CodeRegexp, 0},
		{"syntax", "spec.operation ==", PrepareOptions{}, "", "expected a value after '==' (1:18)\nspec.operation ==\n                 ^", CodeSyntax, 0},
		{"unchecked enum passes", "spec.operation == OPERATION_FUTURE", PrepareOptions{Unchecked: true},
			"spec.operation == OPERATION_FUTURE", "", "", 1},
		{"unchecked regex still refused", "spec.claims matches '('", PrepareOptions{Unchecked: true}, "",
			"invalid regular expression (Go RE2 syntax): missing closing ) in '(' (1:21)\nspec.claims matches '('\n                    ^", CodeRegexp, 0},
		{"archive warning kept", "meta.create_time >= now(-720h)", PrepareOptions{Archive: true},
			"meta.create_time >= now(-720h)", "", "", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := Prepare(tc.src, tc.opts)
			if tc.err != "" {
				fe, ok := err.(*Error)
				if !ok {
					t.Fatalf("Prepare(%q) error = %v (%T), want an *Error", tc.src, err, err)
				}
				if got := Format(fe); got != tc.err {
					t.Errorf("message:\n%s\nwant:\n%s", got, tc.err)
				}
				if fe.Code != tc.code {
					t.Errorf("code %q, want %q", fe.Code, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatalf("Prepare(%q): %v", tc.src, err)
			}
			if p.Canonical != tc.canonical {
				t.Errorf("Canonical = %q, want %q", p.Canonical, tc.canonical)
			}
			if len(p.Warnings) != tc.warnings {
				t.Errorf("%d warnings, want %d: %v", len(p.Warnings), tc.warnings, p.Warnings)
			}
		})
	}
}
