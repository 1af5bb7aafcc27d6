package common

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/themes"
)

// Styles holds every lipgloss style the components draw with. It is built
// once from a theme by NewStyles; View functions use these and never create
// styles of their own.
type Styles struct {
	// Color says whether the styles carry colours; false under NO_COLOR
	// and in golden tests.
	Color bool

	Title  lipgloss.Style // pane titles
	Muted  lipgloss.Style // secondary text, hints
	Accent lipgloss.Style

	// The filter bar.
	FilterPrompt lipgloss.Style
	FilterText   lipgloss.Style
	FilterMode   lipgloss.Style // the active/archive/both badge
	Caret        lipgloss.Style // the ^ under a filter error
	Error        lipgloss.Style // an error message in the filter bar or a pane

	// The results table.
	TableHeader       lipgloss.Style
	TableRow          lipgloss.Style
	TableSelected     lipgloss.Style // the selected row of the focused table
	TableSelectedBlur lipgloss.Style // the selected row when the table has no focus
	TableFailed       lipgloss.Style // the marker of a failed entry (spec.error set)
	TableTier         lipgloss.Style // the tier tag
	TableEmpty        lipgloss.Style // the line shown when there are no rows

	// Operations, by the short name of api.Operation; see Op.
	OpCreate, OpUpdate, OpDelete, OpUpsert, OpUnspecified lipgloss.Style

	// The detail pane.
	DetailCursor lipgloss.Style // the line under the cursor, when focused
	DetailFolded lipgloss.Style // the "12 keys" note after a folded node
	DetailHeader lipgloss.Style // section headings ("changes since previous version")
	JSONKey      lipgloss.Style
	JSONString   lipgloss.Style
	JSONNumber   lipgloss.Style
	JSONBool     lipgloss.Style
	JSONNull     lipgloss.Style
	JSONPunct    lipgloss.Style
	DiffAdd      lipgloss.Style
	DiffRemove   lipgloss.Style
	DiffChange   lipgloss.Style

	// The status bar, and messages by level.
	StatusBar   lipgloss.Style
	StatusInfo  lipgloss.Style
	StatusWarn  lipgloss.Style
	StatusError lipgloss.Style
	Spinner     lipgloss.Style

	// Help styles the bubbles help model (short and full help).
	Help help.Styles
	// HelpOverlay is the box of the full help overlay.
	HelpOverlay lipgloss.Style
}

// NewStyles builds the styles of a theme with lipgloss's default renderer.
// With color false no colour at all is set, only bold, reverse and underline
// where they carry meaning (headers, the selected row, errors); the
// components add markers (▶, !) so that nothing depends on colour alone.
func NewStyles(t themes.Theme, color bool) *Styles {
	return NewStylesFor(lipgloss.DefaultRenderer(), t, color)
}

// NewStylesFor is NewStyles with a given renderer (e.g. one per SSH session,
// or one with a fixed colour profile in tests).
func NewStylesFor(r *lipgloss.Renderer, t themes.Theme, color bool) *Styles {
	base := r.NewStyle()
	fg := func(c string) lipgloss.Style {
		if !color {
			return base
		}
		return base.Foreground(lipgloss.Color(c))
	}
	s := &Styles{Color: color}

	s.Title = fg(t.Accent).Bold(true)
	s.Muted = fg(t.Muted)
	s.Accent = fg(t.Accent)

	s.FilterPrompt = fg(t.Accent).Bold(true)
	s.FilterText = fg(t.Text)
	s.FilterMode = fg(t.Accent).Bold(true)
	s.Caret = fg(t.Error).Bold(true)
	s.Error = fg(t.Error).Bold(true)

	s.TableHeader = fg(t.Muted).Bold(true).Underline(true)
	s.TableRow = fg(t.Text)
	if color {
		s.TableSelected = base.Foreground(lipgloss.Color(t.SelectedText)).Background(lipgloss.Color(t.Selected)).Bold(true)
		s.TableSelectedBlur = base.Foreground(lipgloss.Color(t.Text)).Background(lipgloss.Color(t.Border))
	} else {
		s.TableSelected = base.Reverse(true).Bold(true)
		s.TableSelectedBlur = base.Reverse(true)
	}
	s.TableFailed = fg(t.Error).Bold(true)
	s.TableTier = fg(t.Muted)
	s.TableEmpty = fg(t.Muted).Italic(true)

	s.OpCreate = fg(t.OpCreate)
	s.OpUpdate = fg(t.OpUpdate)
	s.OpDelete = fg(t.OpDelete).Bold(color)
	s.OpUpsert = fg(t.OpUpsert)
	s.OpUnspecified = fg(t.OpUnspecified)

	if color {
		s.DetailCursor = base.Background(lipgloss.Color(t.Selected))
	} else {
		s.DetailCursor = base.Reverse(true)
	}
	s.DetailFolded = fg(t.Muted).Italic(true)
	s.DetailHeader = fg(t.Accent).Bold(true)
	s.JSONKey = fg(t.JSONKey)
	s.JSONString = fg(t.JSONString)
	s.JSONNumber = fg(t.JSONNumber)
	s.JSONBool = fg(t.JSONBool)
	s.JSONNull = fg(t.JSONNull)
	s.JSONPunct = fg(t.JSONPunct)
	s.DiffAdd = fg(t.DiffAdd)
	s.DiffRemove = fg(t.DiffRemove)
	s.DiffChange = fg(t.DiffChange)

	s.StatusBar = fg(t.Text)
	s.StatusInfo = fg(t.Info)
	s.StatusWarn = fg(t.Warn).Bold(true)
	s.StatusError = fg(t.Error).Bold(true)
	s.Spinner = fg(t.Accent)

	s.Help = help.Styles{
		Ellipsis:       fg(t.Muted),
		ShortKey:       fg(t.Accent),
		ShortDesc:      fg(t.Muted),
		ShortSeparator: fg(t.Border),
		FullKey:        fg(t.Accent).Bold(true),
		FullDesc:       fg(t.Text),
		FullSeparator:  fg(t.Border),
	}
	s.HelpOverlay = base.Border(lipgloss.RoundedBorder()).Padding(0, 1)
	if color {
		s.HelpOverlay = s.HelpOverlay.BorderForeground(lipgloss.Color(t.Accent))
	}
	return s
}

// Op returns the style of an operation; unknown operations (a newer
// server's) get the OpUnspecified style.
func (s *Styles) Op(op api.Operation) lipgloss.Style {
	switch op {
	case api.OperationCreate:
		return s.OpCreate
	case api.OperationUpdate:
		return s.OpUpdate
	case api.OperationDelete:
		return s.OpDelete
	case api.OperationUpsert:
		return s.OpUpsert
	}
	return s.OpUnspecified
}

// Paint is a style reduced to the escape sequences that open and close it,
// so that hot paths (a table row scrolled into view, a JSON line) colour
// text by concatenation instead of a lipgloss Render call each. It is
// exact for the styles of this package that set only colours and
// attributes (no width, padding, margin, border or alignment) applied to
// one line of sanitized text; styles_test.go checks that for every such
// style and colour profile.
type Paint struct {
	Open, Close string
}

// PaintOf captures the escape sequences style emits around a character.
func PaintOf(style lipgloss.Style) Paint {
	const probe = "x"
	out := style.Render(probe)
	i := strings.Index(out, probe)
	if i < 0 {
		return Paint{}
	}
	return Paint{Open: out[:i], Close: out[i+len(probe):]}
}

// Wrap returns s styled.
func (p Paint) Wrap(s string) string {
	if p.Open == "" && p.Close == "" {
		return s
	}
	return p.Open + s + p.Close
}

// WriteTo writes s styled to b.
func (p Paint) WriteTo(b *strings.Builder, s string) {
	b.WriteString(p.Open)
	b.WriteString(s)
	b.WriteString(p.Close)
}
