package client

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/emulator"
)

func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("AUDITLOG_BENCH_ENTRIES")); err == nil && n > 0 {
		return n
	}
	return 100000
}

// fileEmulator writes an export of about size demo entries (every entry
// the demo tenant sees, both tiers) and serves it in the emulator's file
// mode. It returns the server, a client on it and the namespace to query.
func fileEmulator(b *testing.B, size int) (*emulator.Server, *Client, string) {
	b.Helper()
	demo, err := emulator.Start(context.Background(), emulator.Options{Demo: true, DemoSize: size})
	if err != nil {
		b.Fatal(err)
	}
	defer demo.Close()
	dc, err := New(demo.URL(), WithToken(demo.Token()))
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "export.ndjson")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	opts := ListOptions{Namespace: demo.Namespace(), Tier: TierBoth, ListParameters: api.ListParameters{Traverse: true, PageSize: api.MaxPageSize}}
	for e, err := range dc.All(context.Background(), opts) {
		if err != nil {
			b.Fatal(err)
		}
		w.Write(e.Raw)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	srv, err := emulator.Start(context.Background(), emulator.Options{File: path})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	// As `auditlog list --file` connects: no gzip on loopback.
	c, err := New(srv.URL(), WithToken(srv.Token()), WithCompression(false))
	if err != nil {
		b.Fatal(err)
	}
	return srv, c, srv.Namespace()
}

// rawPages fetches every page of both stores as the client would, and
// returns the bodies.
func rawPages(b *testing.B, c *Client, srv *emulator.Server, ns string) [][]byte {
	b.Helper()
	var pages [][]byte
	for _, route := range []string{"", "/archived"} {
		cursor := ""
		for {
			p := api.ListParameters{Traverse: true, PageSize: api.MaxPageSize, PageID: cursor, Sort: api.Sort{Path: CreateTimePath, Order: api.SortOrderAsc}}
			u := srv.URL() + "/v1/namespaces/" + url.PathEscape(ns) + "/audit-logs" + route + "?" + p.Values().Encode()
			req, _ := http.NewRequest(http.MethodGet, u, nil)
			req.Header.Set("Authorization", "Bearer "+srv.Token())
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 {
				b.Fatalf("%s: %d %v", u, resp.StatusCode, err)
			}
			var lr api.ListAuditLogsResponse
			if err := json.Unmarshal(body, &lr); err != nil {
				b.Fatal(err)
			}
			if lr.List == nil || len(lr.List.Objects) == 0 {
				break
			}
			pages = append(pages, body)
			next := lr.List.Response.NextPageID
			if next == "" || next == cursor {
				break
			}
			cursor = next
		}
	}
	return pages
}
