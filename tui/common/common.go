// Package common is the leaf package every TUI component shares: the size
// of the area it draws in, the styles built from the theme, the navigation
// keys, the clock, and the helpers that make server strings safe and fit
// them to a width.
//
// # The component shape
//
// Every component of the explorer (tui/table, tui/detail, tui/filterbar,
// tui/statusbar, tui/help, tui/menu, tui/history, and new ones such as
// tui/builder or tui/histogram) follows one shape, after soft-serve's:
//
//   - New(c common.Common, ...) Model takes a Common for everything shared:
//     size, styles, navigation keys, clock, logger. There are no per-component
//     WithStyles, WithWidth or WithHeight options; arguments after c are only
//     what is the component's own (its data, or an option such as table's
//     focus or detail's wrapping).
//   - SetSize(width, height) when the root lays out (components whose height
//     is their own, such as the bars, take SetWidth and report Height).
//   - Update(tea.Msg) (Model, tea.Cmd) returns the concrete type; only the
//     root implements tea.Model.
//   - View() draws exactly the size it was given, with c.Styles only (View
//     never builds styles), every server string through Sanitize.
//   - A KeyMap struct built by DefaultKeyMap, matched with key.Matches, with
//     ShortHelp and FullHelp so that the help overlay is generated. Panes that
//     scroll embed the navigation KeyMap of this package (c.Keys) rather than
//     declaring their own up/down/page keys.
//   - What the root must act on comes back as a message (a chosen filter, a
//     copy request, "closed"), never as a closure over the root or a call
//     into it: a component never imports the root or another component.
//
// The root builds one Common (NewCommon or by hand) and hands each component
// a copy; a pane whose keys the config file rebinds apart (table.*,
// detail.*) gets a copy with its own Keys.
package common

import (
	"log/slog"
	"time"

	"github.com/auditlog/auditlog/themes"
)

// Common is what every component needs from the root: its size, the
// styles, the navigation keys, the clock and a logger (which writes to the
// --debug file, never to the terminal). It is passed by value: a component
// keeps its own copy and its own size.
type Common struct {
	Width, Height int
	Styles        *Styles
	// Keys are the navigation keys of a scrolling pane (see KeyMap).
	Keys KeyMap
	// Now is the explorer's clock (tests fix it); nil means time.Now.
	Now func() time.Time
	// Logger is never nil in a Common from NewCommon.
	Logger *slog.Logger
}

// NewCommon returns a Common with styles, the default navigation keys, the
// system clock and a logger that discards. With styles nil it draws with
// the dark theme and no colour (tests and tools).
func NewCommon(styles *Styles) Common {
	if styles == nil {
		styles = NewStyles(themes.Default(true), false)
	}
	return Common{Styles: styles, Keys: DefaultKeyMap(), Now: time.Now, Logger: slog.New(slog.DiscardHandler)}
}

// Clock returns c.Now, or time.Now when it is unset.
func (c Common) Clock() func() time.Time {
	if c.Now == nil {
		return time.Now
	}
	return c.Now
}
