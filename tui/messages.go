package tui

import (
	"time"
)

// copiedMsg reports the end of a copy to the clipboard.
type copiedMsg struct {
	what string
	via  string // "clipboard" or "OSC 52"
	err  error
}

// recentSavedMsg reports that the recent filters were written (or not).
type recentSavedMsg struct{ err error }

// whoamiMsg carries the user's name from GET /v1/auth ("" if unknown).
type whoamiMsg struct{ user string }

// retryMsg asks the error view to start over.
type retryMsg struct{}

// flashFor is how long a message stays in the status bar, by level; an
// error stays until the next key.
var flashFor = [...]time.Duration{4 * time.Second, 8 * time.Second, 0}
