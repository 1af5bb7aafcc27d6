package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/auditlog/auditlog/filters"
)

// savedFilters edits the saved filters of the config file (its filters:
// mapping) for the explorer's builder: save, rename, delete. Each edit
// reads the file again, changes the one entry in the YAML node tree, and
// writes it back through a temporary file, so that the user's comments,
// key order and other settings stay as they were.
type savedFilters struct {
	path string
	mu   sync.Mutex // one edit at a time: the builder runs them off the UI goroutine
}

// save adds name with filter at the end of the filters, or replaces the
// filter of an existing name in place. The filter must parse.
func (s *savedFilters) save(name, filter string) error {
	if err := checkSavedName(name); err != nil {
		return err
	}
	if _, err := filters.Parse(filter); err != nil {
		return fmt.Errorf("filter %q: %w", name, err)
	}
	return s.edit(func(m *yaml.Node) error {
		if i := indexOfKey(m, name); i >= 0 {
			m.Content[i+1].Value, m.Content[i+1].Style, m.Content[i+1].Tag = filter, 0, "!!str"
			return nil
		}
		m.Content = append(m.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name},
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: filter})
		return nil
	})
}

// rename renames a saved filter, keeping its place and its comments.
func (s *savedFilters) rename(old, name string) error {
	if err := checkSavedName(name); err != nil {
		return err
	}
	return s.edit(func(m *yaml.Node) error {
		i := indexOfKey(m, old)
		if i < 0 {
			return fmt.Errorf("no saved filter is called %q", old)
		}
		if old != name && indexOfKey(m, name) >= 0 {
			return fmt.Errorf("a saved filter is already called %q", name)
		}
		m.Content[i].Value, m.Content[i].Style = name, 0
		return nil
	})
}

// delete removes a saved filter.
func (s *savedFilters) delete(name string) error {
	return s.edit(func(m *yaml.Node) error {
		i := indexOfKey(m, name)
		if i < 0 {
			return fmt.Errorf("no saved filter is called %q", name)
		}
		m.Content = append(m.Content[:i], m.Content[i+2:]...)
		return nil
	})
}

func checkSavedName(name string) error {
	if strings.TrimSpace(name) == "" || strings.ContainsAny(name, "\r\n") {
		return errors.New("a saved filter's name is one line of text")
	}
	return nil
}

// indexOfKey returns the index in m.Content of the key name, or -1.
func indexOfKey(m *yaml.Node, name string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == name {
			return i
		}
	}
	return -1
}

// edit runs fn on the filters: mapping of the config file (created, at
// the end of the file, when there is none) and writes the file back.
func (s *savedFilters) edit(fn func(m *yaml.Node) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	doc, err := loadConfigDocument(s.path)
	if err != nil {
		return err
	}
	if len(doc.Content) == 0 {
		doc.Content = []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}
	}
	root := doc.Content[0]
	i := indexOfKey(root, "filters")
	if i < 0 {
		root.Content = append(root.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "filters"},
			&yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"})
		i = len(root.Content) - 2
	}
	m := root.Content[i+1]
	if m.Kind == yaml.ScalarNode && (m.Tag == "!!null" || m.Value == "") {
		// "filters:" with nothing after it.
		*m = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", HeadComment: m.HeadComment, LineComment: m.LineComment}
	}
	if m.Kind != yaml.MappingNode {
		return fmt.Errorf("%s:%d: filters: want a mapping of names to filters", s.path, m.Line)
	}
	if len(m.Content) == 0 {
		m.Style = 0 // an empty flow mapping ({}) grows as a block
	}
	if err := fn(m); err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	return writeFileAtomic(s.path, buf.Bytes())
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory, keeping the file's mode (0600 for a new one): a crash never
// leaves half a config.
func writeFileAtomic(path string, data []byte) error {
	mode := os.FileMode(0o600)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
