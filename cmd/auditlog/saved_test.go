package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/auditlog/auditlog/tui"
)

const commentedConfig = `# my auditlog settings
theme: dracula # the dark one

# saved filters, most used first
filters:
  # the deletes of the day
  deletes: spec.operation == OPERATION_DELETE
  policies: "spec.message_kind == 'internal.endor.ai.endor.v1.Policy'" # kinds
keys:
  quit: [q, ctrl+c]
`

func TestSavedFiltersKeepComments(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(commentedConfig), 0o640); err != nil {
		t.Fatal(err)
	}
	s := &savedFilters{path: path}
	steps := []struct {
		name string
		do   func() error
		want []tui.SavedFilter
	}{
		{"save a new one", func() error {
			return s.save("mine", "spec.claims matches 'alice' and spec.operation in ['OPERATION_DELETE']")
		},
			[]tui.SavedFilter{sf("deletes", "spec.operation == OPERATION_DELETE"), sf("policies", "spec.message_kind == 'internal.endor.ai.endor.v1.Policy'"),
				sf("mine", "spec.claims matches 'alice' and spec.operation in ['OPERATION_DELETE']")}},
		{"save over an existing name", func() error { return s.save("deletes", "spec.operation == 'OPERATION_DELETE'") },
			[]tui.SavedFilter{sf("deletes", "spec.operation == 'OPERATION_DELETE'"), sf("policies", "spec.message_kind == 'internal.endor.ai.endor.v1.Policy'"),
				sf("mine", "spec.claims matches 'alice' and spec.operation in ['OPERATION_DELETE']")}},
		{"rename", func() error { return s.rename("policies", "policy changes") },
			[]tui.SavedFilter{sf("deletes", "spec.operation == 'OPERATION_DELETE'"), sf("policy changes", "spec.message_kind == 'internal.endor.ai.endor.v1.Policy'"),
				sf("mine", "spec.claims matches 'alice' and spec.operation in ['OPERATION_DELETE']")}},
		{"delete", func() error { return s.delete("mine") },
			[]tui.SavedFilter{sf("deletes", "spec.operation == 'OPERATION_DELETE'"), sf("policy changes", "spec.message_kind == 'internal.endor.ai.endor.v1.Policy'")}},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		cfg, err := loadConfig(path)
		if err != nil {
			t.Fatalf("%s: the config no longer loads: %v", st.name, err)
		}
		if !slices.Equal(cfg.Filters, st.want) {
			t.Fatalf("%s: filters %q\nwant %q", st.name, cfg.Filters, st.want)
		}
		if cfg.Theme != "dracula" || len(cfg.Keys["quit"]) != 2 {
			t.Fatalf("%s: other settings lost: %+v", st.name, cfg)
		}
	}
	data, _ := os.ReadFile(path)
	for _, c := range []string{"# my auditlog settings", "# the dark one", "# saved filters, most used first", "# the deletes of the day", "# kinds"} {
		if !strings.Contains(string(data), c) {
			t.Errorf("comment %q lost:\n%s", c, data)
		}
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the file's 0640", fi.Mode().Perm())
	}
}

func TestSavedFiltersRefuse(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(commentedConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	s := &savedFilters{path: path}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"a filter that does not parse", s.save("bad", "spec.operation =="), "bad"},
		{"an empty name", s.save(" ", "a == 1"), "one line"},
		{"a two-line name", s.rename("deletes", "a\nb"), "one line"},
		{"rename onto a taken name", s.rename("deletes", "policies"), "already called"},
		{"rename a missing one", s.rename("nope", "x"), "no saved filter"},
		{"delete a missing one", s.delete("nope"), "no saved filter"},
	}
	for _, tt := range tests {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one saying %q", tt.name, tt.err, tt.want)
		}
	}
	if data, _ := os.ReadFile(path); string(data) != commentedConfig {
		t.Errorf("a refused edit changed the file:\n%s", data)
	}
}

func TestSavedFiltersNewFile(t *testing.T) {
	t.Parallel()
	for _, start := range []string{"", "theme: nord\n", "theme: nord\nfilters:\n", "filters: {}\n"} {
		path := filepath.Join(t.TempDir(), "auditlog", "config.yaml")
		if start != "" {
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(start), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		s := &savedFilters{path: path}
		if err := s.save("first", "spec.operation == 'OPERATION_CREATE'"); err != nil {
			t.Fatalf("%q: %v", start, err)
		}
		cfg, err := loadConfig(path)
		if err != nil {
			t.Fatalf("%q: %v", start, err)
		}
		if want := []tui.SavedFilter{sf("first", "spec.operation == 'OPERATION_CREATE'")}; !slices.Equal(cfg.Filters, want) {
			t.Errorf("%q: filters %q", start, cfg.Filters)
		}
	}
}

func sf(name, filter string) tui.SavedFilter { return tui.SavedFilter{Name: name, Filter: filter} }
