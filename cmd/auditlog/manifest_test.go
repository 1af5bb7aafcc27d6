package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestManifest exports through each path (the stream on --file, the
// emulator with --no-stream and --demo, one page and all pages, stdout and
// -O) and checks the manifest against the output: the SHA-256 and size of
// exactly the bytes written, the entry count, the query.
func TestManifest(t *testing.T) {
	file := demoFile(t)
	filter := "spec.operation == OPERATION_DELETE and meta.create_time >= now(-400d)"
	cases := []struct {
		name    string
		args    []string
		outFile bool
		format  string
		count   func(out string) int
		tier    string
		source  func(m Manifest) bool
	}{
		{"stream ndjson stdout", []string{"--file", file, "--list-all", "-o", "ndjson", "-n", "acme"}, false, "ndjson", lines, "both", func(m Manifest) bool { return m.Source.File == file && m.Namespace == "acme" }},
		{"stream json -O", []string{"--file", file, "--list-all"}, true, "json", objects, "both", func(m Manifest) bool { return m.Source.File == file && m.Namespace == "" }},
		{"emulator csv", []string{"--file", file, "--list-all", "-o", "csv", "--no-stream", "--tier", "archive"}, false, "csv", func(s string) int { return lines(s) - 1 }, "archive", func(m Manifest) bool { return m.Source.File == file }},
		{"demo one page", []string{"--demo", "--demo-size", "2000", "--page-size", "7", "--tier", "both"}, true, "json", objects, "both", func(m Manifest) bool { return m.Source.Demo }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			mpath := filepath.Join(dir, "export.manifest.json")
			args := append([]string{"list", "--filter", filter, "--manifest", mpath}, tc.args...)
			opath := filepath.Join(dir, "export.data")
			if tc.outFile {
				args = append(args, "-O", opath)
			}
			code, stdout, serr := runCmd(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, serr)
			}
			out := stdout
			if tc.outFile {
				if stdout != "" {
					t.Fatalf("-O: %d bytes on stdout", len(stdout))
				}
				b, err := os.ReadFile(opath)
				if err != nil {
					t.Fatal(err)
				}
				out = string(b)
			}
			b, err := os.ReadFile(mpath)
			if err != nil {
				t.Fatal(err)
			}
			var m Manifest
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatalf("%v\n%s", err, b)
			}
			sum := sha256.Sum256([]byte(out))
			if m.Output.SHA256 != hex.EncodeToString(sum[:]) || m.Output.Bytes != int64(len(out)) {
				t.Errorf("manifest says %s (%d bytes); the output is %x (%d bytes)", m.Output.SHA256, m.Output.Bytes, sum, len(out))
			}
			if n := tc.count(out); n == 0 || m.Entries != int64(n) {
				t.Errorf("manifest counts %d entries, the output holds %d", m.Entries, n)
			}
			if m.Filter != "spec.operation == OPERATION_DELETE and meta.create_time >= now(-9600h)" || strings.Contains(m.Frozen, "now(") || !strings.Contains(m.Frozen, "date(") {
				t.Errorf("filter %q, frozen %q", m.Filter, m.Frozen)
			}
			if !strings.HasPrefix(m.Endorctl, "endorctl api list -r AuditLog") || !strings.Contains(m.Endorctl, m.Frozen) {
				t.Errorf("endorctl %q", m.Endorctl)
			}
			if m.Tier != tc.tier || m.Output.Format != tc.format || !tc.source(m) || m.ToolVersion == "" || m.ExportedAt.IsZero() {
				t.Errorf("manifest %+v", m)
			}
			if want := map[bool]string{false: "-", true: opath}[tc.outFile]; m.Output.Path != want {
				t.Errorf("output path %q, want %q", m.Output.Path, want)
			}
		})
	}
}

// TestManifestRefused: no manifest for a failed run or for a count.
func TestManifestRefused(t *testing.T) {
	file := demoFile(t)
	dir := t.TempDir()
	mpath := filepath.Join(dir, "m.json")
	for _, args := range [][]string{
		{"--file", file, "--list-all", "--filter", "spec.operation =="},
		{"--file", file, "--count"},
		{"--file", filepath.Join(dir, "missing.ndjson"), "--list-all"},
		{"--file", file, "--list-all", "-O", mpath},
	} {
		code, _, serr := runCmd(t, append([]string{"list", "--manifest", mpath}, args...)...)
		if code != 2 {
			t.Errorf("%v: exit %d (%s), want 2", args, code, serr)
		}
		if _, err := os.Stat(mpath); err == nil {
			t.Fatalf("%v: a manifest was written", args)
		}
	}
}

func lines(s string) int { return strings.Count(s, "\n") }

func objects(s string) int {
	var env struct {
		List struct{ Objects []json.RawMessage } `json:"list"`
	}
	if json.Unmarshal([]byte(s), &env) != nil {
		return -1
	}
	return len(env.List.Objects)
}
