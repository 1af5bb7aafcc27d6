// Package tui is the explorer: a Bubble Tea program with a filter bar, a
// results table, a detail pane and a status bar. The root model in this
// package only routes messages and lays the components out; each component
// is a package under tui/. Data comes only through client.
package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/themes"
	"github.com/auditlog/auditlog/tui/builder"
	"github.com/auditlog/auditlog/tui/common"
	"github.com/auditlog/auditlog/tui/count"
	"github.com/auditlog/auditlog/tui/detail"
	"github.com/auditlog/auditlog/tui/facets"
	"github.com/auditlog/auditlog/tui/filterbar"
	"github.com/auditlog/auditlog/tui/help"
	"github.com/auditlog/auditlog/tui/histogram"
	"github.com/auditlog/auditlog/tui/internal/clipboard"
	"github.com/auditlog/auditlog/tui/internal/termquery"
	"github.com/auditlog/auditlog/tui/loader"
	"github.com/auditlog/auditlog/tui/statusbar"
	"github.com/auditlog/auditlog/tui/table"
)

// SavedFilter is a named filter from the config file, offered by the
// filter builder (f).
type SavedFilter = builder.Saved

// Options configure the explorer. Client and Namespace are required unless
// Err is set.
type Options struct {
	Client    *client.Client
	Namespace string
	Traverse  bool
	Tier      client.Tier
	// Filter is the first query's filter, in the canonical form
	// filters.Prepare printed; what is typed in the explorer goes through
	// Prepare too, and Unchecked (--no-check) lets unknown fields and enum
	// values through as warnings.
	Filter    string
	Unchecked bool
	PageSize  int // 0 means api.DefaultPageSize
	Theme     themes.Theme
	Color     bool
	// KeyOverrides rebind the explorer's actions (see KeyActions).
	KeyOverrides map[string][]string
	Logger       *slog.Logger
	// BaseURL is the API the copied endorctl and curl commands name.
	BaseURL string

	// Saved are the config file's saved filters; Recent the recently
	// applied ones, most recent first. SaveRecent, when set, is called
	// (off the UI goroutine) with the new list after each applied filter.
	Saved []SavedFilter
	// SaveFilter, RenameFilter and DeleteFilter change the config file's
	// saved filters (called off the UI goroutine); nil leaves the action
	// out of the builder.
	SaveFilter   func(name, filter string) error
	RenameFilter func(old, name string) error
	DeleteFilter func(name string) error
	Recent       []string
	SaveRecent   func([]string) error

	// Err is a blocking error found before the start, such as missing
	// credentials: the explorer opens on the error view that says what to
	// set, and Run returns Err when the user quits.
	Err error

	// Input and Output replace the terminal (tests).
	Input  io.Reader
	Output io.Writer
	// Now is the clock (tests fix it); Location the local time zone of `z`.
	Now      func() time.Time
	Location *time.Location
	// Clipboard is the clipboard setting: auto (tmux's buffer inside
	// tmux, the system clipboard outside, OSC 52 over SSH), system, osc52
	// or tmux; "" is auto. See tui/internal/clipboard.
	Clipboard string
	// Copy writes text to the clipboard and says where it went; nil uses
	// Clipboard's (tests replace it).
	Copy func(text string) (via string, err error)
}

// Run runs the explorer until the user quits or ctx ends. The terminal is
// restored either way.
func Run(ctx context.Context, opts Options) error {
	out := opts.Output
	popts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(ctx)}
	if opts.Input != nil {
		popts = append(popts, tea.WithInput(opts.Input))
	}
	var r *lipgloss.Renderer
	if out != nil {
		popts = append(popts, tea.WithOutput(out))
		r = lipgloss.NewRenderer(out)
	} else {
		r = lipgloss.DefaultRenderer()
	}
	if opts.Copy == nil {
		mode, err := clipboard.ParseMode(opts.Clipboard)
		if err != nil {
			return err
		}
		opts.Copy = clipboard.New(mode, out)
	}
	m, err := newModel(ctx, opts, r)
	if err != nil {
		return err
	}
	final, err := tea.NewProgram(m, popts...).Run()
	if err != nil {
		if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
			return nil // interrupted: not a failure of the explorer
		}
		return fmt.Errorf("explorer: %w", err)
	}
	if fm, ok := final.(Model); ok && fm.state == stateError {
		return fm.fatal
	}
	return nil
}

// CheckClipboard reports whether s is a clipboard setting (Options.Clipboard).
func CheckClipboard(s string) error { _, err := clipboard.ParseMode(s); return err }

// DarkBackground reports whether the terminal has a dark background, for
// choosing the default theme. It asks the terminal only when in and out
// are both terminals, waits at most termquery.Timeout, and falls back to
// dark: only the explorer calls it, commands that draw no screen never
// ask the terminal anything.
func DarkBackground(in io.Reader, out io.Writer) bool { return termquery.DarkBackground(in, out) }

// newModel builds the root model and prepares the first query (Init only
// returns it).
func newModel(ctx context.Context, opts Options, r *lipgloss.Renderer) (Model, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.PageSize <= 0 {
		opts.PageSize = api.DefaultPageSize
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Err == nil && opts.Client == nil {
		return Model{}, errors.New("tui: Options.Client is required")
	}
	keys, tableKeys, detailKeys := DefaultKeyMap(), common.DefaultKeyMap(), detail.DefaultKeyMap()
	if err := (keySet{&keys, &tableKeys, &detailKeys}).apply(opts.KeyOverrides); err != nil {
		return Model{}, err
	}
	st := common.NewStylesFor(r, opts.Theme, opts.Color)
	m := Model{
		opts:        opts,
		ctx:         ctx,
		keys:        keys,
		pendingJump: -1,
		q: client.Query{Namespace: opts.Namespace, Tier: opts.Tier, ListParameters: api.ListParameters{
			Filter: opts.Filter, PageSize: opts.PageSize, Traverse: opts.Traverse,
			Sort: api.Sort{Path: sortPath, Order: api.SortOrderDesc},
		}},
	}
	cm := common.Common{Styles: st, Keys: tableKeys, Now: opts.Now, Logger: opts.Logger}
	m.com = cm
	m.table = table.New(cm)
	m.table.SetEmptyMessage("loading the first page…")
	m.table.SetShowTier(opts.Tier == client.TierBoth)
	m.table.SetLocalTime(time.UTC)
	m.table.Focus()
	dc := cm
	dc.Keys = detailKeys.KeyMap
	m.detail = detail.New(dc)
	m.detail.KeyMap = detailKeys // its folding keys, rebound too
	m.detail.SetLocation(opts.Location)
	m.filterbar = filterbar.New(cm)
	m.filterbar.SetRecent(opts.Recent)
	m.status = statusbar.New(cm)
	m.count = count.New(cm, opts.Client)
	m.chart = histogram.New(cm, opts.Client)
	m.facets = facets.New(cm, opts.Client)
	m.loader = loader.New(cm, ctx, opts.Client)
	m.help = help.New(cm)
	m.syncBars()
	if opts.Err != nil {
		m.state, m.fatal = stateError, opts.Err
		return m, nil
	}
	m.initCmd = m.requery()
	return m, nil
}
