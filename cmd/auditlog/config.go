package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/adrg/xdg"
	"go.yaml.in/yaml/v3"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui"
)

// maxRecentFilters bounds the recent-filters state file.
const maxRecentFilters = 20

// appConfig is the explorer's config file,
// $XDG_CONFIG_HOME/auditlog/config.yaml:
//
//	theme: dracula            # a built-in theme, or a palette file (YAML)
//	namespace: acme           # used when neither -n nor ENDOR_NAMESPACE is set
//	tier: active              # active, archive or both
//	page_size: 200
//	traverse: true
//	no_check: true            # send filters without checking field names and
//	                          # spec.operation values, as --no-check does
//	clipboard: auto           # auto (tmux's buffer in tmux, else the system
//	                          # clipboard, OSC 52 over SSH), system, osc52, tmux
//	filters:                  # saved filters, shown in the filter builder (f)
//	  deletes: spec.operation == OPERATION_DELETE
//	keys:                     # rebind keys: the explorer's actions (quit, tier,
//	  quit: [q, ctrl+c]       # filter, …) and the panes' (table.line_down,
//	  tier: [a]               # detail.toggle, …); tui.KeyActions lists them
//	  table.line_down: [j, down]
//
// Every field is optional; the zero value means "not set".
type appConfig struct {
	path      string
	Theme     string
	Namespace string
	Tier      *client.Tier
	PageSize  int
	Traverse  *bool
	NoCheck   bool
	Clipboard string
	Filters   []tui.SavedFilter
	Keys      map[string][]string
}

// configFile returns the path of the explorer's config file.
func configFile() string {
	xdg.Reload() // the environment may have changed since init (tests)
	return filepath.Join(xdg.ConfigHome, "auditlog", "config.yaml")
}

// recentFile returns the path of the recent-filters state file.
func recentFile() string {
	xdg.Reload()
	return filepath.Join(xdg.StateHome, "auditlog", "recent-filters.json")
}

// loadConfig reads the config file; a missing file is an empty config.
func loadConfig(path string) (*appConfig, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &appConfig{path: path}, nil
	}
	if err != nil {
		return nil, err
	}
	return parseConfig(path, data)
}

// parseConfig decodes the config file into configFields, refusing unknown
// keys. Errors name the file, the line and the key.
func parseConfig(path string, data []byte) (*appConfig, error) {
	c := &appConfig{path: path}
	doc, err := configDocument(path, data)
	if err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return c, nil // empty file
	}
	root := doc.Content[0]
	known := configKeys()
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; !slices.Contains(known, k.Value) {
			return nil, fmt.Errorf("%s:%d: %s: unknown key (known: %s)", path, k.Line, k.Value, strings.Join(known, ", "))
		}
	}
	var f configFields
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		var ce *configError
		if errors.As(err, &ce) {
			return nil, fmt.Errorf("%s:%d: %s: %s", path, ce.line, keyAt(root, ce.line), ce.msg)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c.Theme, c.Namespace, c.Tier, c.PageSize = string(f.Theme), string(f.Namespace), f.Tier.tier, int(f.PageSize)
	c.Traverse, c.NoCheck = f.Traverse.value, f.NoCheck.value != nil && *f.NoCheck.value
	c.Filters, c.Keys, c.Clipboard = f.Filters, f.Keys, string(f.Clipboard)
	return c, nil
}

// loadConfigDocument reads the config file as a YAML document node, with
// its comments and key order, for edits that keep them (saved filters); a
// missing file is an empty document.
func loadConfigDocument(path string) (*yaml.Node, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &yaml.Node{Kind: yaml.DocumentNode}, nil
	}
	if err != nil {
		return nil, err
	}
	return configDocument(path, data)
}

// configDocument parses data as a YAML document whose root, if any, is a
// mapping.
func configDocument(path string, data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if doc.Kind == 0 {
		doc.Kind = yaml.DocumentNode // an empty file
	}
	if len(doc.Content) > 0 && doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: the config must be a mapping of keys (%s)", path, doc.Content[0].Line, strings.Join(configKeys(), ", "))
	}
	return &doc, nil
}

// keyAt returns the top-level key whose value holds line.
func keyAt(root *yaml.Node, line int) string {
	key := ""
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Line <= line {
			key = root.Content[i].Value
		}
	}
	return key
}

// loadRecent reads the recent filters; a missing or unreadable file is an
// empty list (the state is a convenience, not data).
func loadRecent(path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var r []string
	if json.Unmarshal(data, &r) != nil {
		return nil
	}
	return boundRecent(r)
}

// saveRecent writes the recent filters (at most maxRecentFilters) through a
// temporary file, so that a crash never leaves half a file.
func saveRecent(path string, r []string) error {
	data, err := json.MarshalIndent(boundRecent(r), "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".recent-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func boundRecent(r []string) []string {
	out := make([]string, 0, min(len(r), maxRecentFilters))
	for _, s := range r {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
		if len(out) == maxRecentFilters {
			break
		}
	}
	return out
}
