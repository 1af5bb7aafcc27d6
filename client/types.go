package client

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/auditlog/auditlog/api"
)

// Tier is the store a query reads: the active store (30 days), the archive
// (3 years), or both merged by meta.create_time.
type Tier int

// The tiers.
const (
	TierActive Tier = iota
	TierArchive
	TierBoth
)

// String returns "active", "archive" or "both".
func (t Tier) String() string {
	switch t {
	case TierActive:
		return "active"
	case TierArchive:
		return "archive"
	case TierBoth:
		return "both"
	}
	return fmt.Sprintf("Tier(%d)", int(t))
}

// Next returns the tier after t in the cycle active → archive → both.
func (t Tier) Next() Tier { return (t + 1) % 3 }

// ParseTier reads "active", "archive" or "both" (case-insensitive).
func ParseTier(s string) (Tier, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "active":
		return TierActive, nil
	case "archive", "archived":
		return TierArchive, nil
	case "both", "all":
		return TierBoth, nil
	}
	return 0, fmt.Errorf("unknown tier %q: want active, archive or both", s)
}

// ListOptions says what to list. ListParameters holds the list_parameters.*
// of the request (filter, mask, page size, sort, traverse, …); its paging
// fields (PageID, PageToken) are ignored in favour of Cursor.
type ListOptions struct {
	Namespace string
	Tier      Tier
	api.ListParameters
	// Cursor continues a listing: pass the NextCursor of the previous page.
	// It is opaque; for TierBoth it carries the position in both stores.
	Cursor string
	// Timeout, when positive, replaces the client's per-request timeout
	// (WithTimeout) for the requests of this call: each attempt's deadline
	// and the Request-Timeout header sent. A query refused with
	// deadline-exceeded can be asked again with more time without a new
	// Client.
	Timeout time.Duration
}

// Entry is one AuditLog as received, with the tier it came from and the
// exact bytes the server sent (for JSON output and the detail view; masked
// rows hold only the masked fields).
type Entry struct {
	api.AuditLog
	Tier Tier
	Raw  json.RawMessage
}

// Page is one page of a listing.
type Page struct {
	Entries []Entry
	// NextCursor continues the listing; empty when there is nothing more.
	NextCursor string
}
