package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/auditlog/auditlog/client"
	"github.com/spf13/cobra"
)

// Manifest is the provenance of an export: what was asked, of whom, when,
// by which tool, and the SHA-256 of exactly the bytes written, so that the
// export can be checked and the query run again later. It is written as
// indented JSON beside the data.
type Manifest struct {
	Tool        string       `json:"tool"`
	ToolVersion string       `json:"tool_version"`
	ExportedAt  time.Time    `json:"exported_at"`
	Source      SourceInfo   `json:"source"`
	Namespace   string       `json:"namespace"` // "" with --file and no -n: every namespace of the file
	Traverse    bool         `json:"traverse"`
	Tier        string       `json:"tier"`
	Filter      string       `json:"filter"`        // canonical, as sent
	Frozen      string       `json:"frozen_filter"` // now(…) replaced by the instant it meant at exported_at
	FieldMask   string       `json:"field_mask,omitempty"`
	SortPath    string       `json:"sort_path,omitempty"`
	SortOrder   string       `json:"sort_order,omitempty"`
	Endorctl    string       `json:"endorctl"` // the same query with endorctl (frozen); two lines for tier both
	Entries     int64        `json:"entries"`
	Output      OutputDigest `json:"output"`
}

// SourceInfo says where the entries came from: the API's host, an export
// file or the demo data.
type SourceInfo struct {
	API  string `json:"api,omitempty"`
	File string `json:"file,omitempty"`
	Demo bool   `json:"demo,omitempty"`
}

// OutputDigest identifies the data written.
type OutputDigest struct {
	Path   string `json:"path"` // "-" for stdout
	Format string `json:"format"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// manifestRun is --manifest and -O for one list run: it hashes what goes
// to the output and, when the run succeeds, writes the manifest.
type manifestRun struct {
	path    string // --manifest
	outFile string // -O
	m       Manifest
	h       hash.Hash
	n       int64
	entries int64
	asked   bool // query was called
}

func addManifestFlags(cmd *cobra.Command, r *manifestRun) {
	f := cmd.Flags()
	f.StringVar(&r.path, "manifest", "", "write the provenance of the export (query, source, time, count, SHA-256 of the output) to this file")
	f.StringVarP(&r.outFile, "output-file", "O", "", "write the entries to this file instead of stdout")
}

// run runs list with its output going through the hash (and to -O), then
// writes the manifest when list succeeded. A failed run writes none.
func (r *manifestRun) run(g *globalOptions, o *listOptions, list func() error) error {
	if r.path == "" && r.outFile == "" {
		return list()
	}
	if r.path != "" && (o.count || len(o.groupPaths) > 0) {
		return usagef("--manifest records an export of entries: not with --count or --group-aggregation-paths")
	}
	if r.path != "" && r.outFile != "" && sameFile(r.path, r.outFile) {
		return usagef("--manifest and -O name the same file")
	}
	stdout := g.stdout
	defer func() { g.stdout = stdout }()
	var out io.Writer = stdout
	var f *os.File
	if r.outFile != "" {
		var err error
		if f, err = os.OpenFile(r.outFile, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644); err != nil {
			return asUsage(err)
		}
		defer f.Close()
		out = f
	}
	r.h = sha256.New()
	r.m = Manifest{Tool: "auditlog", ToolVersion: version, ExportedAt: time.Now().UTC()}
	r.m.Output.Path = "-"
	if r.outFile != "" {
		r.m.Output.Path = r.outFile
	}
	g.stdout = &hashWriter{w: out, r: r, term: isTerminal(out)}
	if err := list(); err != nil {
		return err
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return err
		}
	}
	if r.path == "" {
		return nil
	}
	if !r.asked {
		return fmt.Errorf("internal error: the list ran without recording its query for the manifest")
	}
	r.m.Entries = r.entries
	r.m.Output.Bytes = r.n
	r.m.Output.SHA256 = hex.EncodeToString(r.h.Sum(nil))
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // filters hold >= and <
	enc.SetIndent("", "  ")
	if err := enc.Encode(r.m); err != nil {
		return err
	}
	return os.WriteFile(r.path, b.Bytes(), 0o644)
}

// query records what the run asks, as it is sent (the session's namespace,
// tier and parameters), and where from.
func (r *manifestRun) query(opts client.ListOptions, src sourceOptions, baseURL, format string) {
	if r == nil || r.h == nil {
		return
	}
	r.asked = true
	m := &r.m
	switch {
	case src.file != "":
		m.Source.File = src.file
	case src.demo:
		m.Source.Demo = true
	default:
		m.Source.API = baseURL
		if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
			m.Source.API = u.Host
		}
	}
	// Clone: in file mode the session's namespace may point into the
	// mapped export, which is gone when the session closes.
	opts.Namespace = strings.Clone(opts.Namespace)
	m.Namespace, m.Traverse, m.Tier = opts.Namespace, opts.Traverse, opts.Tier.String()
	m.Filter = opts.Filter
	q := client.Query{Namespace: opts.Namespace, Tier: opts.Tier, ListParameters: opts.ListParameters}
	m.Frozen = client.RenderFilter(q, m.ExportedAt)
	m.FieldMask, m.SortPath, m.SortOrder = opts.Mask, opts.Sort.Path, opts.Sort.Order
	m.Endorctl = client.RenderEndorctl(q, m.ExportedAt)
	m.Output.Format = format
}

// wrap counts the entries w writes.
func (r *manifestRun) wrap(w entryWriter) entryWriter {
	if r == nil || r.h == nil {
		return w
	}
	return &countingWriter{entryWriter: w, n: &r.entries}
}

type countingWriter struct {
	entryWriter
	n *int64
}

func (c *countingWriter) Write(es []client.Entry) error {
	*c.n += int64(len(es))
	return c.entryWriter.Write(es)
}

// hashWriter passes bytes on and hashes exactly those written. It is a
// terminal when its destination is, so that output to a terminal stays
// escaped.
type hashWriter struct {
	w    io.Writer
	r    *manifestRun
	term bool
}

func (h *hashWriter) Write(p []byte) (int, error) {
	n, err := h.w.Write(p)
	h.r.h.Write(p[:n])
	h.r.n += int64(n)
	return n, err
}

// IsTerminal reports whether the destination is a terminal (isTerminal
// asks).
func (h *hashWriter) IsTerminal() bool { return h.term }

func sameFile(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}
