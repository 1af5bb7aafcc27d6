package themes

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestBuiltinsAreComplete(t *testing.T) {
	t.Parallel()
	names := Names()
	for _, want := range []string{"dark", "light", "high-contrast", "dracula", "nord", "catppuccin-mocha", "solarized-dark"} {
		if _, ok := Builtin(want); !ok {
			t.Errorf("Builtin(%q) missing; have %v", want, names)
		}
	}
	for _, name := range names {
		th, _ := Builtin(name)
		if th.Name != name {
			t.Errorf("Builtin(%q).Name = %q", name, th.Name)
		}
		if err := th.Validate(); err != nil {
			t.Errorf("Builtin(%q): %v", name, err)
		}
	}
}

// TestFieldsCoverTheme guards the field table: every string field of Theme
// except Name must have a YAML key, or Validate and Parse would skip it.
func TestFieldsCoverTheme(t *testing.T) {
	t.Parallel()
	typ := reflect.TypeFor[Theme]()
	var th Theme
	v := reflect.ValueOf(&th).Elem()
	covered := map[uintptr]bool{}
	for _, f := range fields {
		covered[reflect.ValueOf(f.ptr(&th)).Pointer()] = true
	}
	for i := range typ.NumField() {
		if typ.Field(i).Name == "Name" {
			continue
		}
		if !covered[v.Field(i).Addr().Pointer()] {
			t.Errorf("Theme.%s has no YAML key in fields", typ.Field(i).Name)
		}
	}
	if len(fields) != typ.NumField()-1 {
		t.Errorf("fields has %d entries, Theme has %d colours", len(fields), typ.NumField()-1)
	}
}

func TestDefault(t *testing.T) {
	t.Parallel()
	if got := Default(true).Name; got != "dark" {
		t.Errorf("Default(true) = %q", got)
	}
	if got := Default(false).Name; got != "light" {
		t.Errorf("Default(false) = %q", got)
	}
}

func TestValidateRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, colour, want string
	}{
		{"empty", "", "accent is not set"},
		{"named colour", "red", `bad colour "red"`},
		{"five hex digits", "#12345", `bad colour "#12345"`},
		{"not hex", "#12345g", "is not a hex digit"},
		{"ansi too big", "256", `bad colour "256"`},
		{"negative", "-1", `bad colour "-1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			th := Default(true)
			th.Accent = tt.colour
			err := th.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	dark := Default(true)
	dracula, _ := Builtin("dracula")
	tests := []struct {
		name string
		yaml string
		base Theme
		want func(Theme) Theme
	}{
		{"empty file keeps base", "", dark, func(b Theme) Theme { return b }},
		{"comment only keeps base", "# nothing\n", dark, func(b Theme) Theme { return b }},
		{"missing keys fall back", "name: mine\naccent: \"#ff0000\"\nop_delete: 196\n", dark,
			func(b Theme) Theme { b.Name = "mine"; b.Accent = "#ff0000"; b.OpDelete = "196"; return b }},
		{"short hex", "accent: '#f0a'\n", dark, func(b Theme) Theme { b.Accent = "#f0a"; return b }},
		{"base switches the fallback", "accent: \"#000000\"\nbase: dracula\n", dark,
			func(Theme) Theme { d := dracula; d.Accent = "#000000"; return d }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse([]byte(tt.yaml), tt.base)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if want := tt.want(tt.base); got != want {
				t.Errorf("Parse =\n%+v\nwant\n%+v", got, want)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("result does not validate: %v", err)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		yaml string
		want string // the whole message
	}{
		{"unknown key with suggestion", "name: x\naccnet: \"#ffffff\"\n", `2: accnet: unknown key (did you mean "accent"?)`},
		{"other spelling", "\n\nopCreate: 1\n", `3: opCreate: unknown key (did you mean "op_create"?)`},
		{"unknown key far from all", "text: '1'\nwallpaper: '#000'\n", "2: wallpaper: unknown key"},
		{"bad colour", "text: '1'\nmuted: '1'\nerror: blood\n", `3: error: bad colour "blood": want #rrggbb, #rgb or an ANSI number 0-255`},
		{"ansi out of range", "warn: 300\n", `1: warn: bad colour "300": want #rrggbb, #rgb or an ANSI number 0-255`},
		{"list value", "text:\n  - '#fff'\n", "2: text: want a colour: #rrggbb, #rgb or an ANSI number 0-255"},
		{"null value", "text:\n", "1: text: want a colour: #rrggbb, #rgb or an ANSI number 0-255"},
		{"duplicate", "text: '1'\ntext: '2'\n", "2: text: set twice (first on line 1)"},
		{"unknown base", "base: neon\n", `1: base: unknown built-in theme "neon" (have catppuccin-mocha, dark, dracula, high-contrast, light, nord, solarized-dark)`},
		{"not a mapping", "- a\n- b\n", "1: a theme is a mapping of keys to colours"},
		{"yaml syntax", "text: '1'\nmuted: [\n", "theme: yaml: line 2: did not find expected node content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.yaml), Default(true))
			if err == nil {
				t.Fatal("Parse succeeded")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error =\n  %s\nwant\n  %s", got, tt.want)
			}
		})
	}
}

func TestLoadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(good, []byte("name: g\nselected: '#123456'\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("name: b\n\nselcted: '#123456'\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	th, err := LoadFile(good, Default(false))
	if err != nil {
		t.Fatal(err)
	}
	if th.Name != "g" || th.Selected != "#123456" || th.Text != Default(false).Text {
		t.Errorf("LoadFile(good) = %+v", th)
	}

	_, err = LoadFile(bad, Default(false))
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("LoadFile(bad) error %v is not a *ParseError", err)
	}
	if want := bad + `:3: selcted: unknown key (did you mean "selected"?)`; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}

	if _, err := LoadFile(filepath.Join(dir, "none.yaml"), Default(false)); err == nil || !strings.Contains(err.Error(), "none.yaml") {
		t.Errorf("missing file: error %v should name the file", err)
	}
}
