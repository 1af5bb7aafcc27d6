package common

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/themes"
)

func trueColorRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	return r
}

func TestNewStylesWithoutColorSetsNoColour(t *testing.T) {
	t.Parallel()
	for _, name := range themes.Names() {
		th, _ := themes.Builtin(name)
		s := NewStylesFor(trueColorRenderer(), th, false)
		for _, st := range []lipgloss.Style{s.TableRow, s.TableHeader, s.TableSelected, s.Op(api.OperationDelete), s.JSONKey, s.StatusError, s.Error, s.DiffAdd} {
			out := st.Render("x")
			// Colours are SGR 30–39, 40–49, 90–107 or 38;/48; sequences.
			if strings.Contains(out, "38;") || strings.Contains(out, "48;") || strings.Contains(out, "[3") || strings.Contains(out, "[4") || strings.Contains(out, "[9") {
				t.Errorf("%s without colour renders %q", name, out)
			}
		}
		// The selected row must still stand out: reverse video.
		if out := s.TableSelected.Render("x"); !strings.Contains(out, "7") {
			t.Errorf("%s: selected row without colour renders %q, want reverse video", name, out)
		}
	}
}

func TestNewStylesWithColour(t *testing.T) {
	t.Parallel()
	th, _ := themes.Builtin("dracula")
	s := NewStylesFor(trueColorRenderer(), th, true)
	tests := []struct {
		name  string
		style lipgloss.Style
		want  string // the SGR parameters of the theme colour
	}{
		{"delete is red", s.Op(api.OperationDelete), "38;2;255;85;85"},
		{"create is green", s.Op(api.OperationCreate), "38;2;80;250;123"},
		{"unknown op is muted", s.Op(api.Operation("OPERATION_RENAME")), "38;2;97;113;163"},
		{"json key", s.JSONKey, "38;2;255;121;198"},
		{"selected background", s.TableSelected, "48;2;68;71;89"}, // termenv rounds #44475a
	}
	for _, tt := range tests {
		if out := tt.style.Render("x"); !strings.Contains(out, tt.want) {
			t.Errorf("%s: renders %q, want %s", tt.name, out, tt.want)
		}
	}
}

func TestPaintMatchesRender(t *testing.T) {
	t.Parallel()
	samples := []string{"x", "UPDATE", "alice@example.com  10.244.3.1   ", "日本語 🔐", `\x1b[2J`, " "}
	for _, profile := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		for _, color := range []bool{true, false} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(profile)
			th, _ := themes.Builtin("catppuccin-mocha")
			s := NewStylesFor(r, th, color)
			styles := map[string]lipgloss.Style{
				"TableRow": s.TableRow, "TableSelected": s.TableSelected, "TableSelectedBlur": s.TableSelectedBlur,
				"TableFailed": s.TableFailed, "TableTier": s.TableTier, "TableEmpty": s.TableEmpty,
				"OpCreate": s.OpCreate, "OpUpdate": s.OpUpdate, "OpDelete": s.OpDelete, "OpUpsert": s.OpUpsert, "OpUnspecified": s.OpUnspecified,
				"DetailCursor": s.DetailCursor, "DetailFolded": s.DetailFolded, "DetailHeader": s.DetailHeader,
				"JSONKey": s.JSONKey, "JSONString": s.JSONString, "JSONNumber": s.JSONNumber, "JSONBool": s.JSONBool,
				"JSONNull": s.JSONNull, "JSONPunct": s.JSONPunct, "DiffAdd": s.DiffAdd, "DiffRemove": s.DiffRemove, "DiffChange": s.DiffChange,
				"Muted": s.Muted, "Error": s.Error,
			}
			for name, st := range styles {
				p := PaintOf(st)
				for _, in := range samples {
					if got, want := p.Wrap(in), st.Render(in); got != want {
						t.Errorf("profile %v colour %v: PaintOf(%s).Wrap(%q) = %q, Render gives %q", profile, color, name, in, got, want)
					}
				}
			}
		}
	}
}
