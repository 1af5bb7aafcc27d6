package main

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/filters"
	"github.com/auditlog/auditlog/tui"
)

// configFields is the config file as decoded, one field per key (the yaml
// tags are the one list of known keys). Each field type checks its value
// and reports a configError with the line.
type configFields struct {
	Theme     configString    `yaml:"theme"`
	Namespace configString    `yaml:"namespace"`
	Tier      configTier      `yaml:"tier"`
	PageSize  configPageSize  `yaml:"page_size"`
	Traverse  configBool      `yaml:"traverse"`
	NoCheck   configBool      `yaml:"no_check"`
	Clipboard configClipboard `yaml:"clipboard"`
	Filters   configFilters   `yaml:"filters"`
	Keys      configKeyMap    `yaml:"keys"`
}

// configKeys returns the keys of the config file, in declaration order.
func configKeys() []string {
	t := reflect.TypeFor[configFields]()
	keys := make([]string, t.NumField())
	for i := range keys {
		keys[i] = t.Field(i).Tag.Get("yaml")
	}
	return keys
}

// configError is a bad value at a line of the config file.
type configError struct {
	line int
	msg  string
}

func (e *configError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

func badValue(n *yaml.Node, format string, a ...any) error {
	return &configError{line: n.Line, msg: fmt.Sprintf(format, a...)}
}

type configString string

func (s *configString) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return badValue(n, "want a single value")
	}
	*s = configString(n.Value)
	return nil
}

type configTier struct{ tier *client.Tier }

func (t *configTier) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return badValue(n, "want a single value")
	}
	v, err := client.ParseTier(n.Value)
	if err != nil {
		return badValue(n, "%v", err)
	}
	t.tier = &v
	return nil
}

type configClipboard string

func (c *configClipboard) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return badValue(n, "want a single value")
	}
	if err := tui.CheckClipboard(n.Value); err != nil {
		return badValue(n, "%v", err)
	}
	*c = configClipboard(n.Value)
	return nil
}

type configPageSize int

func (p *configPageSize) UnmarshalYAML(n *yaml.Node) error {
	var v int
	if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil {
		return badValue(n, "want a number from 1 to %d", api.MaxPageSize)
	}
	if v < 1 || v > api.MaxPageSize {
		return badValue(n, "%d is out of range: want 1 to %d", v, api.MaxPageSize)
	}
	*p = configPageSize(v)
	return nil
}

type configBool struct{ value *bool }

func (b *configBool) UnmarshalYAML(n *yaml.Node) error {
	var v bool
	if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil {
		return badValue(n, "want true or false")
	}
	b.value = &v
	return nil
}

// configFilters are the saved filters, in file order; each must parse.
type configFilters []tui.SavedFilter

func (fs *configFilters) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return badValue(n, "want a mapping of names to filters")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, f := n.Content[i], n.Content[i+1]
		if f.Kind != yaml.ScalarNode {
			return badValue(f, "%s: want a filter string", k.Value)
		}
		if _, err := filters.Parse(f.Value); err != nil {
			return badValue(f, "%s: %v", k.Value, err)
		}
		*fs = append(*fs, tui.SavedFilter{Name: k.Value, Filter: f.Value})
	}
	return nil
}

// configKeyMap are the key overrides; an unknown action is an error naming
// it.
type configKeyMap map[string][]string

func (m *configKeyMap) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return badValue(n, "want a mapping of actions to key lists, e.g. quit: [q, ctrl+c]")
	}
	known := tui.KeyActions()
	*m = configKeyMap{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, list := n.Content[i], n.Content[i+1]
		if !slices.Contains(known, k.Value) {
			return badValue(k, "unknown action %q (known: %s)", k.Value, strings.Join(known, ", "))
		}
		var keys []string
		if list.Kind == yaml.ScalarNode {
			keys = []string{list.Value}
		} else if list.Kind != yaml.SequenceNode || list.Decode(&keys) != nil {
			return badValue(list, "%s: want a list of keys, e.g. [q, ctrl+c]", k.Value)
		}
		if len(keys) == 0 {
			return badValue(list, "%s: no keys", k.Value)
		}
		(*m)[k.Value] = keys
	}
	return nil
}
