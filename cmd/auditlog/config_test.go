package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui"
)

func TestParseConfig(t *testing.T) {
	t.Parallel()
	src := `# the explorer's settings
theme: dracula
namespace: acme.prod
tier: both
page_size: 250
traverse: true
no_check: true
clipboard: tmux
filters:
  deletes: spec.operation == OPERATION_DELETE
  last day: meta.create_time >= now(-24h)
keys:
  quit: [q, ctrl+c]
  tier: x
`
	c, err := parseConfig("config.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	both := client.TierBoth
	yes := true
	want := &appConfig{
		path: "config.yaml", Theme: "dracula", Namespace: "acme.prod", Tier: &both, PageSize: 250, Traverse: &yes, NoCheck: true, Clipboard: "tmux",
		Filters: []tui.SavedFilter{
			{Name: "deletes", Filter: "spec.operation == OPERATION_DELETE"},
			{Name: "last day", Filter: "meta.create_time >= now(-24h)"},
		},
		Keys: map[string][]string{"quit": {"q", "ctrl+c"}, "tier": {"x"}},
	}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("got %+v\nwant %+v", c, want)
	}
}

func TestParseConfigErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, want string
	}{
		{"unknown key", "theme: dark\nthme: x\n", "config.yaml:2: thme: unknown key (known: theme, namespace, tier, page_size, traverse, no_check, clipboard, filters, keys)"},
		{"bad tier", "tier: cold\n", `config.yaml:1: tier: unknown tier "cold"`},
		{"tier not a scalar", "tier: [a]\n", `config.yaml:1: tier: want a single value`},
		{"theme not a scalar", "theme:\n  a: b\n", `config.yaml:2: theme: want a single value`},
		{"page size range", "\npage_size: 900\n", "config.yaml:2: page_size: 900 is out of range: want 1 to 500"},
		{"page size type", "page_size: many\n", "config.yaml:1: page_size: want a number"},
		{"traverse type", "traverse: maybe\n", "config.yaml:1: traverse: want true or false"},
		{"no_check type", "theme: x\nno_check: 3\n", "config.yaml:2: no_check: want true or false"},
		{"bad clipboard", "clipboard: xclip\n", `config.yaml:1: clipboard: clipboard "xclip": want auto, system, osc52 or tmux`},
		{"bad saved filter", "filters:\n  ok: a == 1\n  broken: meta.create_time >=\n", "config.yaml:3: filters: broken: expected"},
		{"saved filter not a string", "filters:\n  ok: [a]\n", "config.yaml:2: filters: ok: want a filter string"},
		{"unknown action", "keys:\n  quit: [q]\n  teleport: [t]\n", `config.yaml:3: keys: unknown action "teleport"`},
		{"empty keys", "keys:\n  quit: []\n", "config.yaml:2: keys: quit: no keys"},
		{"keys not a list", "keys:\n  quit: {a: b}\n", "config.yaml:2: keys: quit: want a list of keys"},
		{"not a mapping", "- a\n- b\n", "config.yaml:1: the config must be a mapping"},
		{"duplicate key", "theme: a\ntheme: b\n", "config.yaml: yaml:"},
		{"bad yaml", "theme: [\n", "config.yaml: yaml:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseConfig("config.yaml", []byte(tc.src))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to start with %q", err, tc.want)
			}
		})
	}
}

// TestConfigDocumentKeepsComments pins what saved-filter edits rely on:
// the document node holds the comments and the key order, and a missing
// file is an empty document.
func TestConfigDocumentKeepsComments(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	doc, err := loadConfigDocument(filepath.Join(dir, "none.yaml"))
	if err != nil || doc.Kind != yaml.DocumentNode || len(doc.Content) != 0 {
		t.Fatalf("missing file: %+v, %v", doc, err)
	}
	path := filepath.Join(dir, "config.yaml")
	src := "# mine\ntheme: dracula # dark\nfilters:\n  deletes: spec.operation == OPERATION_DELETE\n"
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	doc, err = loadConfigDocument(path)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	err = enc.Encode(doc)
	if err != nil || out.String() != src {
		t.Errorf("round trip:\n%s\nwant\n%s (%v)", out.String(), src, err)
	}
	if err := os.WriteFile(path, []byte("- a\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadConfigDocument(path); err == nil || !strings.Contains(err.Error(), "must be a mapping") {
		t.Errorf("a list loaded as a config document: %v", err)
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	t.Parallel()
	c, err := loadConfig(filepath.Join(t.TempDir(), "none.yaml"))
	if err != nil || c.Theme != "" || c.Keys != nil {
		t.Fatalf("a missing file should be an empty config: %+v, %v", c, err)
	}
}

func TestRecentFilters(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state", "auditlog", "recent-filters.json")
	if got := loadRecent(path); len(got) != 0 {
		t.Fatalf("missing file: %v", got)
	}
	var many []string
	for i := range 30 {
		many = append(many, strings.Repeat("a", i+1)+" == 1")
	}
	many = append([]string{"dup == 1", "dup == 1", "  "}, many...)
	if err := saveRecent(path, many); err != nil {
		t.Fatal(err)
	}
	got := loadRecent(path)
	if len(got) != maxRecentFilters || got[0] != "dup == 1" || got[1] != "a == 1" {
		t.Fatalf("recent = %q (%d), want %d, deduplicated, in order", got, len(got), maxRecentFilters)
	}
	if err := os.WriteFile(path, []byte("not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := loadRecent(path); got != nil {
		t.Fatalf("a broken state file should read as empty: %v", got)
	}
}

func TestConfigPathsFollowXDG(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	if got, want := configFile(), filepath.Join(dir, "config", "auditlog", "config.yaml"); got != want {
		t.Errorf("configFile = %s, want %s", got, want)
	}
	if got, want := recentFile(), filepath.Join(dir, "state", "auditlog", "recent-filters.json"); got != want {
		t.Errorf("recentFile = %s, want %s", got, want)
	}
}
