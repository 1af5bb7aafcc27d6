package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auditlog/auditlog/emulator"
)

// TestListAgainstTheAPI runs `auditlog list` the way a user with an Endor
// account does (credentials from flags or the endorctl config file, the
// API at --api), against the emulator standing in for the service.
func TestListAgainstTheAPI(t *testing.T) {
	t.Parallel()
	const token = "tok-e2e-SECRET-9c1d"
	srv, err := emulator.Start(context.Background(), emulator.Options{Demo: true, DemoSize: 300, Token: token})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	dir := t.TempDir()
	config := filepath.Join(dir, "config.yaml")
	os.WriteFile(config, []byte("ENDOR_API: "+srv.URL()+"\nENDOR_API_CREDENTIALS_KEY: endr+key\nENDOR_API_CREDENTIALS_SECRET: "+token+"\nENDOR_NAMESPACE: "+srv.Namespace()+"\n"), 0o600)
	tests := []struct {
		name string
		args []string
		code int
		want string // in stdout or stderr
	}{
		{"token flag", []string{"--api", srv.URL(), "--token", token, "-n", srv.Namespace(), "--traverse", "--count"}, 0, `{"count_response":{"count":`},
		{"API key from the endorctl config", []string{"--config-path", config, "--traverse", "--count", "--tier", "both"}, 0, `{"count_response":{"count":`},
		{"config directory", []string{"--config-path", dir, "--traverse", "--list-all", "-o", "ndjson", "--tier", "both", "--filter", "spec.operation==OPERATION_UPDATE"}, 0, `"OPERATION_UPDATE"`},
		{"a wrong token", []string{"--api", srv.URL(), "--token", token + "x", "-n", srv.Namespace()}, 1, "tokens last about 4 hours"},
		{"another tenant's namespace", []string{"--api", srv.URL(), "--token", token, "-n", "globex"}, 1, "permission-denied"},
		{"a timeout too short names --timeout", []string{"--api", srv.URL(), "--token", token, "-n", srv.Namespace(), "--timeout", "1ns"}, 1, "--timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			logPath := filepath.Join(t.TempDir(), "debug.log")
			code, out, errOut := runCmd(t, append([]string{"list", "--debug", logPath}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errOut)
			}
			if !strings.Contains(out+errOut, tt.want) {
				t.Errorf("output lacks %q:\nstdout %s\nstderr %s", tt.want, out, errOut)
			}
			logged, _ := os.ReadFile(logPath)
			for _, s := range []string{out, errOut, string(logged)} {
				if strings.Contains(s, token) {
					t.Errorf("the token leaked: %s", s)
				}
			}
			if len(logged) == 0 {
				t.Error("--debug wrote nothing")
			}
		})
	}
}

func TestCountThroughTheAPIMatchesTheFileOfTheSameEntries(t *testing.T) {
	t.Parallel()
	// Export the demo with list, read the export back with --file: the
	// same entries, whatever their tier.
	code, out, errOut := runCmd(t, "list", "--demo", "--demo-size", "300", "--list-all", "-o", "ndjson", "--tier", "both")
	if code != 0 {
		t.Fatal(errOut)
	}
	path := filepath.Join(t.TempDir(), "demo.ndjson")
	os.WriteFile(path, []byte(out), 0o600)
	lines := strings.Count(out, "\n")
	code, cnt, errOut := runCmd(t, "list", "--file", path, "--count")
	if code != 0 {
		t.Fatal(errOut)
	}
	var env envelope
	if err := json.Unmarshal([]byte(cnt), &env); err != nil || env.CountResponse == nil || env.CountResponse.Count != int64(lines) {
		t.Errorf("--file counts %s, the export has %d lines", cnt, lines)
	}
}
