// Package common is the leaf package every TUI component shares: the size
// of the area it draws in, the styles built from the theme, the logger, and
// the helpers that make server strings safe and fit them to a width.
package common

import (
	"log/slog"
)

// Common is what every component needs from the root: its size, the styles
// and a logger (which writes to the --debug file, never to the terminal).
type Common struct {
	Width, Height int
	Styles        *Styles
	Logger        *slog.Logger
}

// SetSize sets the size of the area the component draws in.
func (c *Common) SetSize(width, height int) {
	c.Width, c.Height = width, height
}

// Log returns the logger, or one that discards everything when none was
// set, so that components can log without checking.
func (c *Common) Log() *slog.Logger {
	if c.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Logger
}
