package tui

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/emulator"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

// startProgram runs the whole explorer in a teatest program.
func startProgram(t *testing.T, opts Options, w, h int) *teatest.TestModel {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	m, err := newModel(ctx, opts, viewtest.PlainRenderer())
	if err != nil {
		t.Fatal(err)
	}
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
}

// waitOutput waits until the program has written all of wants (each may
// come in a different frame).
func waitOutput(t *testing.T, tm *teatest.TestModel, wants ...string) {
	t.Helper()
	seen := make([]bool, len(wants))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		all := true
		for i, w := range wants {
			seen[i] = seen[i] || bytes.Contains(b, []byte(w))
			all = all && seen[i]
		}
		return all
	}, teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

func quit(t *testing.T, tm *teatest.TestModel) Model {
	t.Helper()
	tm.Send(viewtest.Key("q"))
	return tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
}

func TestProgramPagingTierDetailHelp(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(100, "active"), archive: entries(5, "archive")}
	opts := testOptions(newTestClient(t, f))
	opts.PageSize = 20
	tm := startProgram(t, opts, 120, 40)
	// The screen holds more than a page of 20: the second page is asked
	// for at once, and no more while the cursor is far from the end.
	waitOutput(t, tm, "row 1 of 100 · 40 loaded · page 1/2+") // the server's total, from the count API

	// Paging: at the end of what is loaded, the next pages come by
	// themselves until a screenful is loaded below the cursor.
	tm.Send(viewtest.Key("end"))
	waitOutput(t, tm, "row 40 of 100 · 80 loaded · page 2/4+")

	// Detail: enter opens it full-screen on a narrow terminal, esc closes.
	tm.Send(viewtest.Key("enter"))
	waitOutput(t, tm, `"message_uuid"`, "esc back")
	tm.Send(viewtest.Key("esc"))
	waitOutput(t, tm, "TIME (UTC)")

	// Help overlay from the key maps, closed with esc.
	tm.Send(viewtest.Key("?"))
	waitOutput(t, tm, "press ?/esc to close", "results table")
	tm.Send(viewtest.Key("esc"))
	waitOutput(t, tm, "TIME (UTC)")

	// Tier: a switches to the archive, re-queried from its first page.
	tm.Send(viewtest.Key("a"))
	waitOutput(t, tm, "tier ARCHIVE", "row 1 of 5 · page 1/1 · all loaded")

	final := quit(t, tm)
	if final.q.Tier != client.TierArchive || final.table.Len() != 5 {
		t.Fatalf("final tier %v with %d rows", final.q.Tier, final.table.Len())
	}
}

func TestProgramBadFilterKeepsResults(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(30, "active")}
	tm := startProgram(t, testOptions(newTestClient(t, f)), 100, 30)
	waitOutput(t, tm, "row 1 of 30")
	tm.Send(viewtest.Key("/"))
	tm.Type("spec.operation == ")
	tm.Send(viewtest.Key("enter"))
	waitOutput(t, tm, "error: ", "(1:")
	tm.Send(viewtest.Key("esc"))
	tm.Send(viewtest.Key("ctrl+c")) // quits from anywhere
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	if final.table.Len() != 30 || final.q.Filter != "" || len(f.filters()) != 1 {
		t.Fatalf("rows %d, filter %q, %d requests: the bad filter changed something", final.table.Len(), final.q.Filter, len(f.filters()))
	}
}

// TestProgramCancellation: a slow query is cancelled by the next one, and
// only the next one's rows are shown.
func TestProgramCancellation(t *testing.T) {
	t.Parallel()
	started, cancelled := make(chan struct{}), make(chan struct{})
	f := &fakeAPI{active: entries(30, "active")}
	f.hook = func(r *http.Request) int {
		if strings.Contains(r.URL.Query().Get("list_parameters.filter"), "slow") {
			close(started)
			<-r.Context().Done()
			close(cancelled)
		}
		return 0
	}
	tm := startProgram(t, testOptions(newTestClient(t, f)), 100, 30)
	waitOutput(t, tm, "row 1 of 30")
	tm.Send(filterbarApplied("spec.claims matches 'slow'"))
	wait(t, started, "the slow request")
	waitOutput(t, tm, "loading") // the spinner and elapsed time show
	tm.Send(filterbarApplied("spec.operation == OPERATION_DELETE"))
	wait(t, cancelled, "the cancellation of the slow request")
	waitOutput(t, tm, "spec.operation == OPERATION_DELETE", "row 1 of 30")
	final := quit(t, tm)
	if final.q.Filter != "spec.operation == OPERATION_DELETE" || final.loader.Busy() {
		t.Fatalf("final filter %q, in flight %v", final.q.Filter, final.loader.Busy())
	}
}

// TestProgramHostileEntries runs the whole program on the real emulator
// serving an export whose every string field carries CSI, OSC (title and
// clipboard), DCS and 8-bit CSI sequences, and checks that none of them
// reaches the terminal while their escaped forms do.
func TestProgramHostileEntries(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	for _, e := range hostileEntries() {
		e.Meta.CreateTime = time.Now().Add(-time.Hour) // inside the active 30 days
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(append(b, '\n'))
	}
	file := filepath.Join(t.TempDir(), "hostile.ndjson")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, err := emulator.Start(ctx, emulator.Options{File: file})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, err := client.New(srv.URL(), client.WithToken(srv.Token()), client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	opts := testOptions(c)
	opts.Namespace, opts.Tier, opts.Traverse = srv.Namespace(), client.TierBoth, true
	tm := startProgram(t, opts, 160, 40)
	var all bytes.Buffer
	waitOutputInto(t, tm, &all, `\x1b]0;pwned\a`, `\x1b]52;c;cHduZWQ=\a`, `\x1bP+q544e\x1b\`, `\u{9b}6n`, `\x1b[2J\x1b[31m`)
	tm.Send(viewtest.Key("tab")) // the detail pane, with payload and claims
	tm.Send(viewtest.Key("o"))   // everything unfolded
	waitOutputInto(t, tm, &all, "esc back")
	tm.Send(viewtest.Key("ctrl+c"))
	rest, err := io.ReadAll(tm.FinalOutput(t, teatest.WithFinalTimeout(10*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	all.Write(rest)
	for _, p := range hostilePayloads {
		if bytes.Contains(all.Bytes(), []byte(p)) {
			t.Errorf("the payload %q reached the terminal", p)
		}
	}
	for _, p := range []string{"\x1b]", "\x1bP", "\x9b", "\a"} {
		if bytes.Contains(all.Bytes(), []byte(p)) {
			t.Errorf("%q (part of a payload) reached the terminal", p)
		}
	}
}

// waitOutputInto is waitOutput that also keeps every byte read in sink.
func waitOutputInto(t *testing.T, tm *teatest.TestModel, sink *bytes.Buffer, wants ...string) {
	t.Helper()
	var last []byte
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		last = append(last[:0], b...)
		for _, w := range wants {
			if !bytes.Contains(b, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	sink.Write(last)
}
