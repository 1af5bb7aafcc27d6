package main

import (
	"bufio"
	"io"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/parquetlog"
)

// outParquet is -o parquet: one row per entry, typed columns and the whole
// JSON (package parquetlog).
const outParquet = "parquet"

// listFormats are the output types of `list`.
var listFormats = []string{outJSON, outNDJSON, outTable, outCSV, outParquet}

// newListWriter is newEntryWriter with Parquet besides. Parquet is binary:
// it is refused on a terminal.
func newListWriter(format string, w, notes io.Writer, term bool) (entryWriter, error) {
	if format != outParquet {
		return newEntryWriter(format, w, notes, term), nil
	}
	if term {
		return nil, usagef("-o parquet writes binary data: redirect stdout to a file, or use -O FILE")
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	return &parquetWriter{bw: bw, pw: parquetlog.NewWriter(bw, parquetlog.Options{})}, nil
}

// checkListFormat refuses output types that do not fit the query: counts
// and groups are not entries.
func checkListFormat(format string, o *listOptions) error {
	if format == outParquet && (o.count || len(o.groupPaths) > 0) {
		return usagef("-o parquet writes entries: not with --count or --group-aggregation-paths")
	}
	return nil
}

type parquetWriter struct {
	bw   *bufio.Writer
	pw   *parquetlog.Writer
	rows []parquetlog.Row
}

func (p *parquetWriter) Write(entries []client.Entry) error {
	p.rows = p.rows[:0]
	for i := range entries {
		e := &entries[i]
		p.rows = append(p.rows, parquetlog.RowOf(&e.AuditLog, e.Tier.String(), e.Raw))
	}
	return p.pw.Write(p.rows)
}

func (p *parquetWriter) Close(string) error {
	if err := p.pw.Close(); err != nil {
		return err
	}
	return p.bw.Flush()
}
