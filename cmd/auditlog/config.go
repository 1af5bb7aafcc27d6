package main

import (
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

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/filters"
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
//	filters:                  # saved filters, offered by the presets menu (f)
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

// parseConfig decodes the config file. Errors name the file, the line and
// the key.
func parseConfig(path string, data []byte) (*appConfig, error) {
	c := &appConfig{path: path}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Content) == 0 {
		return c, nil // empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: the config must be a mapping of keys (theme, namespace, tier, page_size, traverse, filters, keys)", path, root.Line)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if err := c.set(k.Value, v); err != nil {
			return nil, fmt.Errorf("%s:%d: %s: %w", path, k.Line, k.Value, err)
		}
	}
	return c, nil
}

func (c *appConfig) set(name string, v *yaml.Node) error {
	switch name {
	case "theme":
		return scalar(v, &c.Theme)
	case "namespace":
		return scalar(v, &c.Namespace)
	case "tier":
		var s string
		if err := scalar(v, &s); err != nil {
			return err
		}
		t, err := client.ParseTier(s)
		if err != nil {
			return err
		}
		c.Tier = &t
	case "page_size":
		if err := v.Decode(&c.PageSize); err != nil {
			return fmt.Errorf("want a number from 1 to %d", api.MaxPageSize)
		}
		if c.PageSize < 1 || c.PageSize > api.MaxPageSize {
			return fmt.Errorf("%d is out of range: want 1 to %d", c.PageSize, api.MaxPageSize)
		}
	case "traverse":
		var b bool
		if err := v.Decode(&b); err != nil {
			return errors.New("want true or false")
		}
		c.Traverse = &b
	case "filters":
		return c.setFilters(v)
	case "keys":
		return c.setKeys(v)
	default:
		return errors.New("unknown key (known: theme, namespace, tier, page_size, traverse, filters, keys)")
	}
	return nil
}

func scalar(v *yaml.Node, dst *string) error {
	if v.Kind != yaml.ScalarNode {
		return errors.New("want a single value")
	}
	*dst = v.Value
	return nil
}

// setFilters reads the saved filters, in file order; each must parse.
func (c *appConfig) setFilters(v *yaml.Node) error {
	if v.Kind != yaml.MappingNode {
		return errors.New("want a mapping of names to filters")
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, f := v.Content[i], v.Content[i+1]
		if f.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: %s: want a filter string", f.Line, k.Value)
		}
		if _, err := filters.Parse(f.Value); err != nil {
			return fmt.Errorf("line %d: %s: %w", f.Line, k.Value, err)
		}
		c.Filters = append(c.Filters, tui.SavedFilter{Name: k.Value, Filter: f.Value})
	}
	return nil
}

// setKeys reads the key overrides; an unknown action is an error naming it.
func (c *appConfig) setKeys(v *yaml.Node) error {
	if v.Kind != yaml.MappingNode {
		return errors.New("want a mapping of actions to key lists, e.g. quit: [q, ctrl+c]")
	}
	known := tui.KeyActions()
	c.Keys = map[string][]string{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, list := v.Content[i], v.Content[i+1]
		if !slices.Contains(known, k.Value) {
			return fmt.Errorf("line %d: unknown action %q (known: %s)", k.Line, k.Value, strings.Join(known, ", "))
		}
		var keys []string
		if list.Kind == yaml.ScalarNode {
			keys = []string{list.Value}
		} else if err := list.Decode(&keys); err != nil {
			return fmt.Errorf("line %d: %s: want a list of keys, e.g. [q, ctrl+c]", list.Line, k.Value)
		}
		if len(keys) == 0 {
			return fmt.Errorf("line %d: %s: no keys", list.Line, k.Value)
		}
		c.Keys[k.Value] = keys
	}
	return nil
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
