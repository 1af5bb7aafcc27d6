package safetext

import (
	"encoding/json"
	"testing"
)

func TestJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"clean", `{"a":"héllo 日本"}`, `{"a":"héllo 日本"}`},
		{"escaped controls stay", `{"a":"\u001b]0;x\u0007"}`, `{"a":"\u001b]0;x\u0007"}`},
		{"c1 csi", "{\"a\":\"\u009b31m\"}", `{"a":"\u009b31m"}`},
		{"bidi override", "[\"user\u202egpj.exe\"]", `["user\u202egpj.exe"]`},
		{"del", "[\"a\x7fb\"]", `["a\u007fb"]`},
		{"not utf-8", "[\"a\xffb\"]", `["a\ufffdb"]`},
		{"tag character: a surrogate pair", "[\"x\U000E0041\"]", `["x\udb40\udc41"]`},
		{"line separator", "[\"a\u2028b\"]", `["a\u2028b"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := string(JSON([]byte(tt.in)))
			if got != tt.want {
				t.Errorf("JSON(%q) = %q, want %q", tt.in, got, tt.want)
			}
			var a, b any
			if err := json.Unmarshal([]byte(got), &a); err != nil {
				t.Fatalf("not JSON any more: %v", err)
			}
			if err := json.Unmarshal([]byte(tt.in), &b); err != nil {
				t.Fatal(err)
			}
			if ja, _ := json.Marshal(a); string(ja) != func() string { jb, _ := json.Marshal(b); return string(jb) }() {
				t.Errorf("the value changed: %s", ja)
			}
		})
	}
}

func TestLines(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"a\nb", "a\nb"},
		{"bad filter\n  spec.x\x1b]0;t\x07\n  ^", "bad filter\n  spec.x\\x1b]0;t\\a\n  ^"},
		{"\u202e\r\n", "\\u{202e}\\r\n"},
	}
	for _, tt := range tests {
		if got := Lines(tt.in); got != tt.want {
			t.Errorf("Lines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
