package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/spf13/cobra"
)

// demoExport is a demo export of about 2,600 entries over the demo
// tenant's namespaces and three years, in time order (as `list --tier
// both` writes it), made once for the tests of this file.
var demoExport = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "auditlog-stream-test-")
	if err != nil {
		return "", err
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"list", "--demo", "--demo-size", "3000", "--list-all", "-o", "ndjson", "--tier", "both"}, strings.NewReader(""), &out, &errb)
	if code != 0 {
		return "", &usageError{err: os.ErrInvalid}
	}
	p := filepath.Join(dir, "demo.ndjson")
	return p, os.WriteFile(p, out.Bytes(), 0o600)
})

func demoFile(t *testing.T) string {
	t.Helper()
	p, err := demoExport()
	if err != nil {
		t.Fatalf("making the demo export: %v", err)
	}
	return p
}

// TestStreamMatchesEmulator runs the same queries on the same export
// through the streaming pass and through the in-process emulator
// (--no-stream) and wants the same output. The export is in time order,
// which is the order of --tier both: the outputs must be equal byte for
// byte. With one tier the emulator orders by uuid and the stream keeps
// the file's order, so those are compared as sets of lines.
func TestStreamMatchesEmulator(t *testing.T) {
	file := demoFile(t)
	shuffled := shuffle(t, file)
	envelope, envelopeGz := envelopes(t, file)
	cases := []struct {
		name    string
		file    string
		args    []string
		ordered bool
	}{
		{"everything ndjson", file, []string{"--list-all", "-o", "ndjson"}, true},
		{"everything json", file, []string{"--list-all"}, true},
		{"filter ndjson", file, []string{"--list-all", "-o", "ndjson", "--filter", "spec.operation in [OPERATION_UPDATE, OPERATION_DELETE] and spec.claims matches 'email=raj\\.'"}, true},
		{"filter table", file, []string{"--list-all", "-o", "table", "--filter", "spec.operation==OPERATION_DELETE"}, true},
		{"filter csv", file, []string{"--list-all", "-o", "csv", "--filter", "spec.error exists"}, true},
		{"time filter", file, []string{"--list-all", "-o", "ndjson", "--filter", "meta.create_time >= now(-40d) and meta.create_time < now(-10d)"}, true},
		{"namespace traverse", file, []string{"--list-all", "-o", "ndjson", "-n", "acme.prod"}, true},
		{"namespace only", file, []string{"--list-all", "-o", "ndjson", "-n", "acme", "--traverse=false"}, true},
		{"active tier", file, []string{"--list-all", "-o", "ndjson", "--tier", "active"}, false},
		{"archive tier filter", file, []string{"--list-all", "-o", "ndjson", "--archive", "--filter", "spec.message_kind == internal.endor.ai.endor.v1.Policy"}, false},
		{"shuffled both", shuffled, []string{"--list-all", "-o", "ndjson", "--filter", "spec.operation==OPERATION_CREATE"}, false},
		{"endorctl envelope", envelope, []string{"--list-all", "-o", "ndjson", "--filter", "spec.operation==OPERATION_UPDATE", "-n", "acme"}, true},
		{"endorctl envelope gzip", envelopeGz, []string{"--list-all", "-o", "csv", "--filter", "spec.operation==OPERATION_DELETE"}, true},
		{"count", file, []string{"--count"}, true},
		{"count envelope gzip", envelopeGz, []string{"--count", "--filter", "spec.claims matches 'github'"}, true},
		{"count ndjson filter ns", file, []string{"--count", "-o", "ndjson", "-n", "acme.dev", "--filter", "spec.remote_address matches ':'"}, true},
		{"count archive", file, []string{"--count", "--tier", "archive"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"list", "--file", tc.file}, tc.args...)
			code, stream, serr := runCmd(t, args...)
			if code != 0 {
				t.Fatalf("stream: exit %d: %s", code, serr)
			}
			code, index, ierr := runCmd(t, append(args, "--no-stream")...)
			if code != 0 {
				t.Fatalf("emulator: exit %d: %s", code, ierr)
			}
			if !tc.ordered {
				stream, index = sortedLines(stream), sortedLines(index)
			}
			if stream != index {
				t.Fatalf("stream and emulator differ:\nstream (%d bytes):\n%s\nemulator (%d bytes):\n%s", len(stream), clip(stream), len(index), clip(index))
			}
			if len(stream) < 20 && !strings.HasPrefix(tc.name, "count") && !strings.HasPrefix(tc.name, "unknown") {
				t.Fatalf("the query selected nothing: not a useful comparison")
			}
		})
	}
}

// TestStreamUnknownNamespace: a namespace the export does not hold fails
// on both paths (the emulator refuses it as outside its tenant; the stream
// says the file holds nothing there, and prints nothing).
func TestStreamUnknownNamespace(t *testing.T) {
	file := demoFile(t)
	for _, extra := range [][]string{nil, {"--no-stream"}} {
		code, out, serr := runCmd(t, append([]string{"list", "--file", file, "--list-all", "-n", "nobody"}, extra...)...)
		if code == 0 || (extra == nil && out != "") || serr == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", extra, code, out, serr)
		}
	}
}

// TestStreamHistoryMatchesEmulator compares history through both paths.
func TestStreamHistoryMatchesEmulator(t *testing.T) {
	file := demoFile(t)
	// The object with the most versions in the export.
	code, groups, _ := runCmd(t, "list", "--file", file, "--group-aggregation-paths", "spec.message_uuid", "-o", "table")
	if code != 0 {
		t.Fatal("group failed")
	}
	best, most := "", 0
	for _, l := range strings.Split(strings.TrimSpace(groups), "\n") {
		f := strings.Fields(l)
		var n int
		if len(f) == 2 {
			for _, c := range f[0] {
				n = n*10 + int(c-'0')
			}
			if n > most {
				most, best = n, strings.TrimPrefix(f[1], "spec.message_uuid=")
			}
		}
	}
	if most < 3 {
		t.Fatalf("no object with 3 versions in the demo export (best %q, %d)", best, most)
	}
	for _, out := range []string{"text", "json"} {
		for _, ns := range []string{"", "acme"} {
			args := []string{"history", "--file", file, best, "-o", out}
			if ns != "" {
				args = append(args, "-n", ns)
			}
			c1, s1, e1 := runCmd(t, args...)
			c2, s2, e2 := runCmd(t, append(args, "--no-stream")...)
			if c1 != c2 || s1 != s2 {
				t.Fatalf("%v: stream exit %d (%s), emulator exit %d (%s); outputs equal: %v\n%s\n---\n%s", args, c1, e1, c2, e2, s1 == s2, clip(s1), clip(s2))
			}
			if c1 != 0 || !strings.Contains(s1, best) {
				t.Fatalf("%v: exit %d: %s", args, c1, e1)
			}
		}
	}
	// An object the export does not hold: the same failure.
	c1, _, e1 := runCmd(t, "history", "--file", file, "ffffffffffffffffffffffff", "-n", "acme")
	c2, _, e2 := runCmd(t, "history", "--file", file, "ffffffffffffffffffffffff", "-n", "acme", "--no-stream")
	if c1 != 1 || c1 != c2 || e1 != e2 {
		t.Fatalf("missing object: stream %d %q, emulator %d %q", c1, e1, c2, e2)
	}
}

// TestStreamGzip reads a compressed export directly: the same output as the
// plain file.
func TestStreamGzip(t *testing.T) {
	file := demoFile(t)
	data, _ := os.ReadFile(file)
	gzPath := filepath.Join(t.TempDir(), "export.ndjson.gz")
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	os.WriteFile(gzPath, b.Bytes(), 0o600)
	args := []string{"--list-all", "-o", "ndjson", "--filter", "spec.operation==OPERATION_UPDATE"}
	_, want, _ := runCmd(t, append([]string{"list", "--file", file}, args...)...)
	code, got, serr := runCmd(t, append([]string{"list", "--file", gzPath}, args...)...)
	if code != 0 || got != want || len(got) == 0 {
		t.Fatalf("gzip: exit %d (%s), %d bytes, want %d", code, serr, len(got), len(want))
	}
	// A truncated one is a usage error that names the file and gzip.
	os.WriteFile(gzPath, b.Bytes()[:b.Len()/2], 0o600)
	code, _, serr = runCmd(t, append([]string{"list", "--file", gzPath}, args...)...)
	if code != 2 || !strings.Contains(serr, gzPath) || !strings.Contains(serr, "gzip") {
		t.Fatalf("truncated gzip: exit %d, %q", code, serr)
	}
}

// TestStreamBadFile: an invalid entry names its line, as file mode does.
func TestStreamBadFile(t *testing.T) {
	good := fixtureEntries[0].json()
	cases := []struct {
		name, data, want string
	}{
		{"bad json", good + "\n{\"uuid\":\n", "line 2: invalid entry: not valid JSON"},
		{"no time", good + "\n" + `{"uuid":"x","tenant_meta":{"namespace":"acme"}}` + "\n", "line 2: invalid entry: meta.create_time is missing"},
		{"empty", "\n\n", "holds no audit log entries"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "bad.ndjson")
			os.WriteFile(p, []byte(tc.data), 0o600)
			for _, extra := range [][]string{nil, {"--no-stream"}} {
				code, _, serr := runCmd(t, append([]string{"list", "--file", p, "--list-all"}, extra...)...)
				if code != 2 || !strings.Contains(serr, tc.want) {
					t.Fatalf("%v: exit %d, %q; want 2 and %q", extra, code, serr, tc.want)
				}
			}
		})
	}
}

// TestStreamable: which queries take the streaming pass.
func TestStreamable(t *testing.T) {
	cases := []struct {
		args []string
		want bool
	}{
		{[]string{"--file", "x", "--list-all"}, true},
		{[]string{"--file", "x", "--count"}, true},
		{[]string{"--file", "x", "--list-all", "-n", "acme", "--traverse=false"}, true},
		{[]string{"--file", "x"}, false}, // one page: cursors are the emulator's
		{[]string{"--file", "x", "--list-all", "--sort-path", "meta.create_time"}, false},
		{[]string{"--file", "x", "--list-all", "--sort-order", "desc"}, false},
		{[]string{"--file", "x", "--list-all", "--field-mask", "uuid"}, false},
		{[]string{"--file", "x", "--group-aggregation-paths", "spec.operation"}, false},
		{[]string{"--file", "x", "--list-all", "--traverse=false"}, false},
		{[]string{"--file", "x", "--list-all", "--no-stream"}, false},
		{[]string{"--demo", "--list-all"}, false},
	}
	for _, tc := range cases {
		g := &globalOptions{}
		cmd := newListCmd(g)
		cmd.PersistentFlags().StringVarP(&g.namespace, "namespace", "n", "", "")
		if err := cmd.ParseFlags(tc.args); err != nil {
			t.Fatal(err)
		}
		o := listOptionsOf(t, cmd)
		if _, got := streamable(cmd, g, o); got != tc.want {
			t.Errorf("%v: streamable %v, want %v", tc.args, got, tc.want)
		}
	}
}

// envelopes writes the export as endorctl prints it (the list envelope,
// indented), plain and gzip-compressed.
func envelopes(t *testing.T, file string) (plain, gz string) {
	t.Helper()
	code, out, serr := runCmd(t, "list", "--file", file, "--list-all", "-o", "json", "--no-stream")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, serr)
	}
	var ind bytes.Buffer
	if err := json.Indent(&ind, []byte(out), "", "  "); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	plain, gz = filepath.Join(dir, "export.json"), filepath.Join(dir, "export.json.gz")
	os.WriteFile(plain, ind.Bytes(), 0o600)
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(ind.Bytes())
	zw.Close()
	os.WriteFile(gz, b.Bytes(), 0o600)
	return plain, gz
}

func shuffle(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	p := filepath.Join(t.TempDir(), "shuffled.ndjson")
	os.WriteFile(p, []byte(strings.Join(lines, "")), 0o600)
	return p
}

func sortedLines(s string) string {
	l := strings.Split(s, "\n")
	slices.Sort(l)
	return strings.Join(l, "\n")
}

func clip(s string) string {
	if len(s) > 1500 {
		return s[:1500] + "…"
	}
	return s
}

// listOptionsOf reads back the options streamable looks at from parsed
// flags.
func listOptionsOf(t *testing.T, cmd *cobra.Command) *listOptions {
	t.Helper()
	f := cmd.Flags()
	o := &listOptions{}
	o.src.file, _ = f.GetString("file")
	o.src.demo, _ = f.GetBool("demo")
	o.listAll, _ = f.GetBool("list-all")
	o.count, _ = f.GetBool("count")
	o.mask, _ = f.GetString("field-mask")
	o.groupPaths, _ = f.GetStringSlice("group-aggregation-paths")
	o.sortPath, _ = f.GetString("sort-path")
	o.sortOrder, _ = f.GetString("sort-order")
	o.pageID, _ = f.GetString("page-id")
	o.traverse, _ = f.GetBool("traverse")
	return o
}
