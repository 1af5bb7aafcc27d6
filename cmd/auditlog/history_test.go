package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestHistoryFromAFile(t *testing.T) {
	t.Parallel()
	file := writeExport(t)
	t.Run("text", func(t *testing.T) {
		t.Parallel()
		code, out, errOut := runCmd(t, "history", "--file", file, "66a000000000000000000001")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		for _, want := range []string{
			"3 versions of Policy 66a000000000000000000001",
			"CREATE", "first version",
			"UPDATE", "~ /spec/enabled: true → false", `+ /spec/rules/1: "b"`,
			"DELETE", "no payload",
			"[archive 000000000000000000000001]", "[active 000000000000000000000003]",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
		if strings.Index(out, "000000000000000000000001]") > strings.Index(out, "000000000000000000000002]") {
			t.Errorf("not oldest first:\n%s", out)
		}
	})
	t.Run("json", func(t *testing.T) {
		t.Parallel()
		code, out, errOut := runCmd(t, "history", "--file", file, "66a000000000000000000001", "-o", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var h struct {
			MessageUUID string `json:"message_uuid"`
			Versions    []struct {
				Tier    string          `json:"tier"`
				Entry   json.RawMessage `json:"entry"`
				Changes []struct {
					Op, Path string
					Old, New json.RawMessage
				} `json:"changes"`
			} `json:"versions"`
		}
		if err := json.Unmarshal([]byte(out), &h); err != nil {
			t.Fatal(err)
		}
		if len(h.Versions) != 3 || h.Versions[0].Tier != "archive" || len(h.Versions[1].Changes) != 2 {
			t.Fatalf("history = %+v", h)
		}
		c := h.Versions[1].Changes[0]
		if c.Op != "replace" || c.Path != "/spec/enabled" || string(c.Old) != "true" || string(c.New) != "false" {
			t.Errorf("change = %+v", c)
		}
	})
	t.Run("unknown object", func(t *testing.T) {
		t.Parallel()
		code, _, errOut := runCmd(t, "history", "--file", file, "nope\x1b[2J")
		if code != 1 || !strings.Contains(errOut, "no audit log entries") || strings.Contains(errOut, "\x1b") {
			t.Errorf("exit %d: %q", code, errOut)
		}
	})
	t.Run("no uuid", func(t *testing.T) {
		t.Parallel()
		if code, _, _ := runCmd(t, "history", "--file", file); code != 2 {
			t.Errorf("exit %d", code)
		}
	})
}
