package auditlog_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/auditlog/auditlog"

// allowed lists, for each top-level package, the packages of this module its
// non-test files may import (DESIGN.md, "Layout and who may import whom").
// Tests may reach further: client and tui tests run against the real emulator.
var allowed = map[string][]string{
	"api":          {},
	"internal":     {}, // leaf helpers shared across the layers: textdist
	"filters":      {"internal"},
	"themes":       {"internal"},
	"safetext":     {},
	"client":       {"api", "filters", "safetext"},
	"emulator":     {"api", "filters"},
	"exportfile":   {"api", "filters"}, // streaming scan of export files
	"parquetlog":   {"api"},            // entries as Parquet rows
	"tui":          {"api", "client", "filters", "safetext", "themes", "tui"},
	"cmd/auditlog": {"api", "client", "emulator", "exportfile", "filters", "parquetlog", "safetext", "themes", "tui"},
}

func TestImportRules(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		if dir == "." {
			return nil
		}
		owner := topLevel(dir)
		rules, ok := allowed[owner]
		if !ok {
			t.Errorf("%s: package directory %q is not in the layout of DESIGN.md", path, dir)
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if !strings.HasPrefix(p, module+"/") {
				continue
			}
			target := topLevel(strings.TrimPrefix(p, module+"/"))
			if !contains(rules, target) {
				t.Errorf("%s imports %s: %s may import only %v", path, p, owner, rules)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBubbleTeaStaysInTUI keeps Bubble Tea types inside tui/ (and the
// command that starts the program) so that a move to its v2 line stays
// mechanical.
func TestBubbleTeaStaysInTUI(t *testing.T) {
	for _, dir := range []string{"api", "filters", "themes", "safetext", "client", "emulator", "cmd"} {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return nil
			}
			b, err := os.ReadFile(path)
			if err == nil && strings.Contains(string(b), "charmbracelet/bubbletea") {
				t.Errorf("%s imports Bubble Tea", path)
			}
			return nil
		})
	}
}

func topLevel(dir string) string {
	if strings.HasPrefix(dir, "cmd/") {
		parts := strings.SplitN(dir, "/", 3)
		return strings.Join(parts[:2], "/")
	}
	return strings.SplitN(dir, "/", 2)[0]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestTUIComponentsStayApart: a component (tui/<name>) imports, of the
// explorer, only the leaf tui/common; it never imports the root or another
// component, so that what the root must act on comes back as a message
// (tui/common's package doc). tui/common imports no tui package at all.
// The root (tui) may import every component.
func TestTUIComponentsStayApart(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir("tui", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		if d.IsDir() || dir == "tui" || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			rel, ok := strings.CutPrefix(p, module+"/")
			if !ok || (rel != "tui" && !strings.HasPrefix(rel, "tui/")) {
				continue
			}
			if rel != "tui/common" || dir == "tui/common" {
				t.Errorf("%s imports %s: a component imports only tui/common (and tui/common nothing of tui)", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
