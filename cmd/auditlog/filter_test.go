package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The -update flag rewrites golden files. Another test file of the package
// may declare it first (package variables initialise before init runs).
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func init() {
	// A fixed clock for fmt --freeze.
	filterNow = func() time.Time { return time.Date(2026, 11, 27, 4, 41, 24, 0, time.UTC) }
}

// runFilterCmd runs the command line with stdin and returns the exit
// status and both outputs.
func runFilterCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestFilterCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		args  []string
		stdin string
	}{
		{"fmt canonical", []string{"filter", "fmt", "spec.operation=='OPERATION_CREATE' AND (meta.create_time>=now(-7d)) or spec.claims Contains x"}, ""},
		{"fmt freeze", []string{"filter", "fmt", "--freeze", "meta.create_time >= now(-24h) and meta.create_time < now(0s)"}, ""},
		{"fmt stdin multi-line", []string{"filter", "fmt", "-"}, "spec.operation=='OPERATION_CREATE'\n            and meta.create_time>=date(2024-08-18T00:00:00Z)\n"},
		{"fmt missing value", []string{"filter", "fmt", "meta.create_time >= and spec.operation == OPERATION_CREATE"}, ""},
		{"fmt error on second line from stdin", []string{"filter", "fmt", "-"}, "spec.operation == OPERATION_CREATE\n  and spec.claims not matches 'jane'\n"},
		{"fmt bad regex", []string{"filter", "fmt", "spec.claims matches '(jane'"}, ""},
		{"fmt escapes control characters", []string{"filter", "fmt", "spec.claims == 'a\\x1b[31mb'"}, ""},
		{"check valid", []string{"filter", "check", "spec.operation == OPERATION_CREATE and meta.create_time >= now(-24h)"}, ""},
		{"check unknown operation", []string{"filter", "check", "spec.operation == OPERATION_CRATE"}, ""},
		{"check warnings exit 0", []string{"filter", "check", "spec.remote_address >= '10.244.0.0' and meta.create_time >= '2024-01-01'"}, ""},
		{"check misspelt field exit 2", []string{"filter", "check", "spec.operaton == OPERATION_CREATE"}, ""},
		{"check strict", []string{"filter", "check", "--strict", "meta.name contains admin"}, ""},
		{"check archive", []string{"filter", "check", "--archive", "meta.create_time >= now(-720h)"}, ""},
		{"check archive order", []string{"filter", "check", "--archive", "meta.create_time >= now(-720h) and spec.message_kind == 'internal.endor.ai.endor.v1.Policy'"}, ""},
		{"check syntax error", []string{"filter", "check", "(spec.operation == OPERATION_CREATE"}, ""},
		{"check stdin", []string{"filter", "check", "-"}, "spec.claims matches '.*api-key.*'\n"},
		{"no filter", []string{"filter", "check"}, ""},
		{"unquoted filter", []string{"filter", "fmt", "spec.operation", "==", "X"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runFilterCmd(t, tc.stdin, tc.args...)
			got := "$ auditlog " + strings.Join(tc.args, " ") + "\nexit " + itoaCmd(code) + "\n--- stdout\n" + out + "--- stderr\n" + errOut
			golden := filepath.Join("testdata", "filter", strings.ReplaceAll(tc.name, " ", "_")+".golden")
			if updateGolden() {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
		})
	}
}

func itoaCmd(i int) string { return string(rune('0' + i)) }

// TestFilterCheckAcceptsDocFilters runs `filter check` on every filter the
// Endor docs quote (the filters package's testdata).
func TestFilterCheckAcceptsDocFilters(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "..", "filters", "testdata", "docfilters.txt"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, rec := range strings.Split(string(data), "\n---\n") {
		var lines []string
		for _, l := range strings.Split(rec, "\n") {
			if len(lines) == 0 && strings.HasPrefix(l, "#") {
				continue
			}
			lines = append(lines, l)
		}
		src := strings.TrimSpace(strings.Join(lines, "\n"))
		if src == "" {
			continue
		}
		n++
		code, out, errOut := runFilterCmd(t, src, "filter", "check", "-")
		if code != 0 || out != "" {
			t.Errorf("filter check %q: exit %d, stdout %q, stderr:\n%s", src, code, out, errOut)
		}
		if strings.Contains(errOut, "error:") {
			t.Errorf("filter check %q reports an error:\n%s", src, errOut)
		}
		code, out, errOut = runFilterCmd(t, "", "filter", "fmt", src)
		if code != 0 {
			t.Errorf("filter fmt %q: exit %d: %s", src, code, errOut)
		}
		if code, again, _ := runFilterCmd(t, "", "filter", "fmt", strings.TrimSpace(out)); code != 0 || again != out {
			t.Errorf("filter fmt is not a fixpoint on %q: %q then %q", src, out, again)
		}
	}
	if n < 40 {
		t.Errorf("only %d doc filters", n)
	}
}
