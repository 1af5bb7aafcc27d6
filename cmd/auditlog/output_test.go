package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestCSVCell(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"=1+1", "'=1+1"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", `'\t=1`},
		{"\r=1", `'\r=1`},
		{"a=b", "a=b"},
		{"", ""},
		{"\x1b]0;x\a", `\x1b]0;x\a`},
	}
	for _, tt := range tests {
		if got := csvCell(tt.in); got != tt.want {
			t.Errorf("csvCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRawJSONOnATerminalEscapesWhatATerminalWouldRun(t *testing.T) {
	t.Parallel()
	raw := []byte(`{"a":"x` + "\u009b31m\u202e" + `y","b":"Jürgen"}`)
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	writeRawJSON(w, raw, true)
	w.Flush()
	got := buf.String()
	if strings.ContainsAny(got, "\u009b\u202e") || !strings.Contains(got, `\u009b31m\u202e`) || !strings.Contains(got, "Jürgen") {
		t.Errorf("got %q", got)
	}
	var a, b any
	json.Unmarshal(raw, &a)
	if err := json.Unmarshal([]byte(got), &b); err != nil {
		t.Fatal(err)
	}
	if ja, _ := json.Marshal(a); string(ja) != mustJSON(b) {
		t.Errorf("the value changed: %s vs %s", ja, mustJSON(b))
	}
	buf.Reset()
	writeRawJSON(w, raw, false)
	w.Flush()
	if !bytes.Equal(buf.Bytes(), raw) {
		t.Errorf("not on a terminal the bytes must pass unchanged")
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestProgressOnlyWhenOn(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	p := &progress{w: &buf}
	p.add(500)
	p.done()
	if buf.Len() != 0 {
		t.Errorf("progress written when off: %q", buf.String())
	}
	p = &progress{w: &buf, on: true}
	p.add(500)
	p.add(500) // within the throttle: not shown again
	p.done()
	if got := buf.String(); got != "\rauditlog: 500 entries…\r\x1b[K" {
		t.Errorf("progress = %q", got)
	}
}
