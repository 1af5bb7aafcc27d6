// Package themes holds the colour palettes of the explorer and reads them
// from YAML. A Theme is data only: colours as strings, no lipgloss styles;
// tui/common turns one into styles in one place.
package themes

import (
	"fmt"
	"sort"
	"strconv"
)

// Theme is a semantic palette. Every colour is either "#rrggbb" (or the
// short "#rgb") or an ANSI colour number from "0" to "255".
type Theme struct {
	// Name names the theme, e.g. "dark" or "dracula".
	Name string

	// Text is the normal foreground; Muted is secondary text (headers of
	// lesser weight, hints); Accent marks the focused region and titles;
	// Border draws pane borders.
	Text, Muted, Accent, Border string
	// Selected is the background of the selected row, SelectedText its
	// foreground.
	Selected, SelectedText string
	// Error, Warn, Success and Info colour status messages by level; Error
	// also marks failed audit entries.
	Error, Warn, Success, Info string

	// One colour per operation of an audit entry.
	OpCreate, OpUpdate, OpDelete, OpUpsert, OpUnspecified string

	// Colours of the JSON in the detail pane.
	JSONKey, JSONString, JSONNumber, JSONBool, JSONNull, JSONPunct string

	// Colours of the changes between two versions of an object.
	DiffAdd, DiffRemove, DiffChange string
}

// field ties a YAML key to the colour it sets. The keys are the snake_case
// forms of the field names; this table is the one list both Parse and
// Validate walk, so a new colour cannot be forgotten by either.
type field struct {
	key string
	ptr func(*Theme) *string
}

var fields = []field{
	{"text", func(t *Theme) *string { return &t.Text }},
	{"muted", func(t *Theme) *string { return &t.Muted }},
	{"accent", func(t *Theme) *string { return &t.Accent }},
	{"border", func(t *Theme) *string { return &t.Border }},
	{"selected", func(t *Theme) *string { return &t.Selected }},
	{"selected_text", func(t *Theme) *string { return &t.SelectedText }},
	{"error", func(t *Theme) *string { return &t.Error }},
	{"warn", func(t *Theme) *string { return &t.Warn }},
	{"success", func(t *Theme) *string { return &t.Success }},
	{"info", func(t *Theme) *string { return &t.Info }},
	{"op_create", func(t *Theme) *string { return &t.OpCreate }},
	{"op_update", func(t *Theme) *string { return &t.OpUpdate }},
	{"op_delete", func(t *Theme) *string { return &t.OpDelete }},
	{"op_upsert", func(t *Theme) *string { return &t.OpUpsert }},
	{"op_unspecified", func(t *Theme) *string { return &t.OpUnspecified }},
	{"json_key", func(t *Theme) *string { return &t.JSONKey }},
	{"json_string", func(t *Theme) *string { return &t.JSONString }},
	{"json_number", func(t *Theme) *string { return &t.JSONNumber }},
	{"json_bool", func(t *Theme) *string { return &t.JSONBool }},
	{"json_null", func(t *Theme) *string { return &t.JSONNull }},
	{"json_punct", func(t *Theme) *string { return &t.JSONPunct }},
	{"diff_add", func(t *Theme) *string { return &t.DiffAdd }},
	{"diff_remove", func(t *Theme) *string { return &t.DiffRemove }},
	{"diff_change", func(t *Theme) *string { return &t.DiffChange }},
}

// Keys returns the YAML keys a theme file may set: "name", "base" (a
// built-in to start from), then the colours in the order of the Theme fields.
func Keys() []string {
	keys := make([]string, 0, len(fields)+2)
	keys = append(keys, "name", "base")
	for _, f := range fields {
		keys = append(keys, f.key)
	}
	return keys
}

// Validate reports the first colour of t that is empty or not a colour.
func (t Theme) Validate() error {
	for _, f := range fields {
		v := *f.ptr(&t)
		if v == "" {
			return fmt.Errorf("theme %q: %s is not set", t.Name, f.key)
		}
		if err := checkColor(v); err != nil {
			return fmt.Errorf("theme %q: %s: %w", t.Name, f.key, err)
		}
	}
	return nil
}

// checkColor accepts "#rgb", "#rrggbb" and ANSI numbers 0–255.
func checkColor(s string) error {
	if len(s) > 0 && s[0] == '#' {
		hex := s[1:]
		if len(hex) != 3 && len(hex) != 6 {
			return fmt.Errorf("bad colour %q: want #rrggbb, #rgb or an ANSI number 0-255", s)
		}
		for i := 0; i < len(hex); i++ {
			c := hex[i]
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return fmt.Errorf("bad colour %q: %q is not a hex digit", s, c)
			}
		}
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 255 || s[0] == '+' {
		return fmt.Errorf("bad colour %q: want #rrggbb, #rgb or an ANSI number 0-255", s)
	}
	return nil
}

// Builtin returns the built-in theme of that name.
func Builtin(name string) (Theme, bool) {
	t, ok := builtins[name]
	return t, ok
}

// Names returns the names of the built-in themes, sorted.
func Names() []string {
	names := make([]string, 0, len(builtins))
	for n := range builtins {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Default returns the theme for a terminal with a dark or a light
// background ("dark" or "light").
func Default(darkBackground bool) Theme {
	if darkBackground {
		return builtins["dark"]
	}
	return builtins["light"]
}
