package menu

import (
	"bytes"
	"encoding/json"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/common"
)

// CopyMsg asks the root to put Text on the clipboard; What names it in the
// status ("filter", "curl command"). An empty Text is nothing to copy.
type CopyMsg struct{ What, Text string }

// CopyItems are the items of the copy menu (y) for the query q at now. The
// filter is copied as it is; the frozen filter and the commands have
// now(...) replaced by the instant it means now, so that pasted into a
// ticket they select the same entries tomorrow. The commands name
// $ENDOR_TOKEN, never the token; baseURL is the API they call.
func CopyItems(q client.Query, baseURL string, now time.Time) []Item {
	item := func(label, what string, text func() string) Item {
		return Item{Label: label, Choose: func(string) (tea.Msg, error) { return CopyMsg{What: what, Text: text()}, nil }}
	}
	return []Item{
		item("filter", "filter", func() string { return client.RenderFilter(q, time.Time{}) }),
		item("frozen filter (relative times made absolute)", "frozen filter", func() string { return client.RenderFilter(q, now) }),
		item("endorctl command (frozen)", "endorctl command", func() string { return client.RenderEndorctl(q, now) }),
		item("curl command (frozen, token as $ENDOR_TOKEN)", "curl command", func() string { return client.RenderCurl(q, baseURL, now) }),
	}
}

// EntryItems are the copy menu's choices about the entry e: its JSON (the
// server's bytes, indented, keys in the server's order), its uuid, and,
// when hasValue, value: what is under the detail pane's cursor.
func EntryItems(e client.Entry, value string, hasValue bool) []Item {
	item := func(label, what, text string) Item {
		return Item{Label: label, Choose: func(string) (tea.Msg, error) { return CopyMsg{What: what, Text: text}, nil }}
	}
	raw := []byte(e.Raw)
	if len(raw) == 0 {
		raw, _ = json.Marshal(e.AuditLog)
	}
	var pretty bytes.Buffer
	if json.Indent(&pretty, raw, "", "  ") != nil {
		pretty.Reset()
		pretty.Write(raw)
	}
	items := []Item{
		item("this entry's JSON", "entry's JSON", pretty.String()),
		item("this entry's uuid ("+common.Sanitize(e.UUID)+")", "entry's uuid", e.UUID),
	}
	if hasValue {
		items = append(items, item("the value under the detail cursor ("+common.Truncate(common.Sanitize(value), 40)+")", "value under the cursor", value))
	}
	return items
}
