package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/safetext"
	"github.com/mattn/go-runewidth"
)

// The output formats of list and history.
const (
	outJSON   = "json"
	outNDJSON = "ndjson"
	outTable  = "table"
	outCSV    = "csv"
)

func parseOutput(s string, allowed ...string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, a := range allowed {
		if s == a {
			return s, nil
		}
	}
	return "", usagef("unknown output %q: want %s", s, strings.Join(allowed, ", "))
}

// entryWriter prints entries as they arrive, page by page, in one format.
type entryWriter interface {
	// Write prints entries; it may be called many times.
	Write(entries []client.Entry) error
	// Close ends the output; next is the cursor of the next page ("" for
	// the last page or a --list-all run).
	Close(next string) error
}

// newEntryWriter returns the writer for format on w. Notes for the reader
// of a table (no entries, how to get the next page) go to notes, so that
// stdout holds only rows.
func newEntryWriter(format string, w, notes io.Writer, term bool) entryWriter {
	bw := bufio.NewWriterSize(w, 256<<10)
	switch format {
	case outNDJSON:
		return &ndjsonWriter{w: bw, term: term}
	case outTable:
		return &tableWriter{w: bw, notes: notes}
	case outCSV:
		return &csvWriter{bw: bw, w: csv.NewWriter(bw)}
	default:
		return &jsonWriter{w: bw, term: term}
	}
}

// jsonWriter prints the envelope endorctl prints,
// {"list":{"objects":[…],"response":{…}}}, with each object as the bytes
// the server sent. The envelope is opened before the first entry and
// closed at the end, so a --list-all run streams instead of holding every
// entry in memory; on an error the envelope stays open, so that jq fails
// rather than read a partial list as complete.
type jsonWriter struct {
	w      *bufio.Writer
	term   bool
	opened bool
	n      int
}

func (j *jsonWriter) Write(entries []client.Entry) error {
	if !j.opened {
		j.w.WriteString(`{"list":{"objects":[`)
		j.opened = true
	}
	for _, e := range entries {
		if j.n > 0 {
			j.w.WriteByte(',')
		}
		j.n++
		writeRawJSON(j.w, e.Raw, j.term)
	}
	return j.w.Flush()
}

func (j *jsonWriter) Close(next string) error {
	if !j.opened {
		j.w.WriteString(`{"list":{"objects":[`)
	}
	b, _ := json.Marshal(listResponse(next))
	j.w.WriteString(`],"response":`)
	writeRawJSON(j.w, b, j.term) // the server's cursor
	j.w.WriteString("}}\n")
	return j.w.Flush()
}

// listResponse is the response member of the envelope for the cursor
// next: the server's next_page_token when it paged by offset (the client's
// "offset:N" cursor), its next_page_id otherwise.
func listResponse(next string) api.ListResponse {
	if off, ok := strings.CutPrefix(next, "offset:"); ok {
		if n, err := strconv.ParseInt(off, 10, 64); err == nil {
			return api.ListResponse{NextPageToken: api.PageToken(n)}
		}
	}
	return api.ListResponse{NextPageID: next}
}

// ndjsonWriter prints one object per line, as the server sent it.
type ndjsonWriter struct {
	w    *bufio.Writer
	term bool
}

func (n *ndjsonWriter) Write(entries []client.Entry) error {
	for _, e := range entries {
		raw := e.Raw
		if bytes.IndexByte(raw, '\n') >= 0 {
			// An indented answer: one object per line is the format's rule.
			var buf bytes.Buffer
			if json.Compact(&buf, raw) == nil {
				raw = buf.Bytes()
			}
		}
		writeRawJSON(n.w, raw, n.term)
		n.w.WriteByte('\n')
	}
	return n.w.Flush()
}

func (n *ndjsonWriter) Close(string) error { return n.w.Flush() }

// writeRawJSON writes raw JSON. On a terminal, characters a terminal would
// act on (C1 controls, bidi overrides; JSON already escapes C0) are
// written as \uXXXX escapes: the same JSON value, harmless to show.
func writeRawJSON(w io.Writer, raw []byte, term bool) error {
	if term {
		raw = safetext.JSON(raw)
	}
	_, err := w.Write(raw)
	return err
}

// writeJSONLine marshals v and writes it with a newline, escaped as
// writeRawJSON does on a terminal.
func writeJSONLine(w io.Writer, v any, term bool) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return writeRawJSON(w, append(b, '\n'), term)
}

// Row is the summary of an entry that table and csv print.
type row struct {
	time, tier, op, status, namespace, kind, object, uuid, user, address, errMsg string
	claims                                                                       []string
}

func summarize(e client.Entry) row {
	r := row{
		tier:      e.Tier.String(),
		op:        e.Spec.Operation.Short(),
		status:    "ok",
		namespace: e.TenantMeta.Namespace,
		kind:      api.ShortKind(e.Spec.MessageKind),
		object:    e.Spec.MessageUUID,
		uuid:      e.UUID,
		user:      e.Actor(),
		address:   e.Spec.RemoteAddress,
		claims:    e.Spec.Claims,
	}
	if !e.Meta.CreateTime.IsZero() {
		r.time = e.Meta.CreateTime.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	if e.Spec.Error != nil {
		r.status = e.Spec.Error.Code.String()
		r.errMsg = e.Spec.Error.UnescapedMessage()
	}
	return r
}

// tableColumns are fixed widths, so that pages printed as they arrive line
// up with each other; the address comes last and is never cut.
var tableColumns = []struct {
	title string
	width int
	get   func(row) string
}{
	{"TIME", 24, func(r row) string { return r.time }},
	{"TIER", 7, func(r row) string { return r.tier }},
	{"OP", 6, func(r row) string { return r.op }},
	{"STATUS", 17, func(r row) string { return r.status }},
	{"NAMESPACE", 18, func(r row) string { return r.namespace }},
	{"KIND", 20, func(r row) string { return r.kind }},
	{"OBJECT", 24, func(r row) string { return r.object }},
	{"UUID", 24, func(r row) string { return r.uuid }},
	{"USER", 28, func(r row) string { return r.user }},
	{"ADDRESS", 0, func(r row) string { return r.address }},
}

// tableWriter prints aligned, sanitized rows.
type tableWriter struct {
	w      *bufio.Writer
	notes  io.Writer
	header bool
}

func (t *tableWriter) line(cells func(i int) string) {
	var b strings.Builder
	for i, c := range tableColumns {
		s := cells(i)
		if c.width > 0 {
			s = runewidth.FillRight(runewidth.Truncate(s, c.width, "…"), c.width)
			b.WriteString(s)
			b.WriteString("  ")
			continue
		}
		b.WriteString(s)
	}
	t.w.WriteString(strings.TrimRight(b.String(), " "))
	t.w.WriteByte('\n')
}

func (t *tableWriter) Write(entries []client.Entry) error {
	if len(entries) == 0 {
		return nil // an empty page prints no header: Close says "no entries"
	}
	if !t.header {
		t.header = true
		t.line(func(i int) string { return tableColumns[i].title })
	}
	for _, e := range entries {
		r := summarize(e)
		t.line(func(i int) string { return safetext.Sanitize(tableColumns[i].get(r)) })
	}
	return t.w.Flush()
}

func (t *tableWriter) Close(next string) error {
	err := t.w.Flush()
	if !t.header {
		fmt.Fprintln(t.notes, "no entries")
	}
	if next != "" {
		fmt.Fprintf(t.notes, "more: --page-id %s\n", safetext.Sanitize(next))
	}
	return err
}

// csvWriter prints one row per entry with full values.
type csvWriter struct {
	bw     *bufio.Writer
	w      *csv.Writer
	header bool
}

var csvHeader = []string{"create_time", "tier", "operation", "status", "namespace", "message_kind", "message_uuid", "uuid", "user", "remote_address", "error", "claims"}

func (c *csvWriter) Write(entries []client.Entry) error {
	if !c.header {
		c.header = true
		c.w.Write(csvHeader)
	}
	for _, e := range entries {
		r := summarize(e)
		if e.Spec.MessageKind != "" {
			r.kind = e.Spec.MessageKind
		}
		rec := []string{r.time, r.tier, r.op, r.status, r.namespace, r.kind, r.object, r.uuid, r.user, r.address, r.errMsg, strings.Join(r.claims, ";")}
		for i := range rec {
			rec[i] = csvCell(rec[i])
		}
		c.w.Write(rec)
	}
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}

func (c *csvWriter) Close(string) error {
	if !c.header {
		c.w.Write(csvHeader)
	}
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}

// csvCell makes a value safe for a spreadsheet and a terminal: a cell that
// starts with = + - @ tab or CR would be run as a formula, so it gets a
// leading apostrophe (OWASP's advice); control characters are escaped.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + safetext.Sanitize(s)
	}
	return safetext.Sanitize(s)
}

// writeCount prints the answer of --count.
func writeCount(w io.Writer, format string, n int64) error {
	if format == outJSON {
		b, _ := json.Marshal(api.ListAuditLogsResponse{CountResponse: &api.CountResponse{Count: n}})
		_, err := fmt.Fprintf(w, "%s\n", b)
		return err
	}
	_, err := fmt.Fprintln(w, n)
	return err
}

// writeGroups prints a group_response: the envelope for json, one line per
// group otherwise. Group keys and values are the server's text: escaped on
// a terminal (term) for json, always sanitized otherwise.
func writeGroups(w io.Writer, format string, g *api.GroupResponse, term bool) error {
	if format == outJSON || format == outNDJSON {
		return writeJSONLine(w, api.ListAuditLogsResponse{GroupResponse: g}, term)
	}
	bw := bufio.NewWriter(w)
	keys := make([]string, 0, len(g.Groups))
	for k := range g.Groups {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		d := g.Groups[k]
		var n int64
		if d.AggregationCount != nil {
			n = d.AggregationCount.Count
		}
		label := k
		if parts, err := api.ParseGroupKey(k); err == nil {
			vals := make([]string, len(parts))
			for i, p := range parts {
				b, _ := json.Marshal(p.Value)
				vals[i] = p.Key + "=" + strings.Trim(string(b), `"`)
			}
			label = strings.Join(vals, " ")
		} else if t, err := strconv.Unquote(k); err == nil {
			label = t
		}
		if format == outCSV {
			fmt.Fprintf(bw, "%s,%d\n", csvQuote(csvCell(label)), n)
			continue
		}
		fmt.Fprintf(bw, "%10d  %s\n", n, safetext.Sanitize(label))
	}
	return bw.Flush()
}

func csvQuote(s string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{s})
	w.Flush()
	return strings.TrimRight(b.String(), "\n")
}

// progress reports a long --list-all run on stderr when it is a terminal,
// at most a few times a second.
type progress struct {
	w     io.Writer
	on    bool
	n     int
	last  time.Time
	shown bool
}

func (p *progress) add(n int) {
	p.n += n
	if !p.on || time.Since(p.last) < 250*time.Millisecond {
		return
	}
	p.last = time.Now()
	p.shown = true
	fmt.Fprintf(p.w, "\rauditlog: %d entries…", p.n)
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
