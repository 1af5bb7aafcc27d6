package client

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/emulator"
	"github.com/go-resty/resty/v2"
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

// BenchmarkReadBody compares reading a 1 MB list page (plain and gzip) as
// the client does (resty sends, readBody reads with a pre-sized buffer)
// with resty reading it itself (SetResponseBodyLimit, its gzip handling):
// the measurement behind keeping readBody (package doc).
func BenchmarkReadBody(b *testing.B) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	objs := make([]string, 0, 500)
	for i := range 500 {
		objs = append(objs, entry(fmt.Sprintf("%024x", i), t0, "acme"))
	}
	body := []byte(listBody("", objs...))
	body = bytes.Repeat(body, 4)
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write(body)
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "gz") {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(zb.Bytes())
			return
		}
		w.Write(body)
	}))
	defer srv.Close()
	b.Logf("body %d bytes, gzip %d", len(body), zb.Len())
	c, _ := New(srv.URL, WithToken("x"))
	for _, path := range []string{"/plain", "/gz"} {
		b.Run("ours"+path, func(b *testing.B) {
			rc := resty.New().SetDoNotParseResponse(true)
			for b.Loop() {
				res, err := rc.R().SetHeader("Accept-Encoding", "gzip").Get(srv.URL + path)
				if err != nil {
					b.Fatal(err)
				}
				got, err := c.readBody(res.RawResponse)
				if err != nil || len(got) != len(body) {
					b.Fatal(err, len(got))
				}
			}
		})
		b.Run("resty"+path, func(b *testing.B) {
			rc := resty.New().SetResponseBodyLimit(DefaultMaxBodySize)
			for b.Loop() {
				res, err := rc.R().SetHeader("Accept-Encoding", "gzip").Get(srv.URL + path)
				if err != nil || len(res.Body()) != len(body) {
					b.Fatal(err)
				}
			}
		})
	}
}
