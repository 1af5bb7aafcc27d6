package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui"
)

// exploreFlags parses args with the root command's own flags.
func exploreFlags(t *testing.T, args ...string) (*exploreOptions, *pflag.FlagSet) {
	t.Helper()
	root := newRootCmd(nil, &bytes.Buffer{}, &bytes.Buffer{})
	if err := root.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	// installExplorer keeps its options in the RunE closure; read them back
	// from the parsed flags.
	o := &exploreOptions{}
	f := root.Flags()
	o.filter, _ = f.GetString("filter")
	o.archive, _ = f.GetBool("archive")
	o.tier, _ = f.GetString("tier")
	o.traverse, _ = f.GetBool("traverse")
	o.pageSize, _ = f.GetInt("page-size")
	o.theme, _ = f.GetString("theme")
	o.src.demo, _ = f.GetBool("demo")
	o.src.file, _ = f.GetString("file")
	o.noCheck, _ = f.GetBool("no-check")
	return o, f
}

func TestExploreOptions(t *testing.T) {
	t.Setenv("NO_COLOR", "1") // no terminal query for the background
	dir := t.TempDir()
	palette := filepath.Join(dir, "mine.yaml")
	if err := os.WriteFile(palette, []byte("name: mine\naccent: \"#ff0000\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "config.yaml")
	tests := []struct {
		name     string
		args     []string
		cfg      string
		wantErr  string
		pageSize int
		theme    string
	}{
		{name: "defaults", pageSize: 100, theme: "dark"},
		{name: "config page size", cfg: "page_size: 250\n", pageSize: 250, theme: "dark"},
		{name: "flag beats config", args: []string{"--page-size", "30"}, cfg: "page_size: 250\n", pageSize: 30, theme: "dark"},
		{name: "page size range", args: []string{"--page-size", "501"}, wantErr: "--page-size 501: want 1 to 500"},
		{name: "bad filter", args: []string{"--filter", "meta.create_time >="}, wantErr: "--filter: expected"},
		{name: "bad tier", args: []string{"--tier", "cold"}, wantErr: `--tier: unknown tier "cold"`},
		{name: "misspelt field", args: []string{"--filter", "spec.operaton == OPERATION_DELETE"}, wantErr: "--filter: 'spec.operaton' is not an AuditLog field; did you mean 'spec.operation'?"},
		{name: "misspelt field, --no-check", args: []string{"--no-check", "--filter", "spec.operaton == OPERATION_DELETE"}, pageSize: 100, theme: "dark"},
		{name: "misspelt field, no_check in the config", args: []string{"--filter", "spec.operaton == OPERATION_DELETE"}, cfg: "no_check: true\n", pageSize: 100, theme: "dark"},
		{name: "archived spelling with --archive", args: []string{"--archive", "--tier", "archived"}, pageSize: 100, theme: "dark"},
		{name: "archive and tier", args: []string{"--archive", "--tier", "both"}, wantErr: "--archive contradicts --tier both"},
		{name: "builtin theme flag", args: []string{"--theme", "dracula"}, pageSize: 100, theme: "dracula"},
		{name: "config theme", cfg: "theme: light\n", pageSize: 100, theme: "light"},
		{name: "theme file relative to config", cfg: "theme: mine.yaml\n", pageSize: 100, theme: "mine"},
		{name: "unknown theme", args: []string{"--theme", "neon"}, wantErr: `--theme: unknown theme "neon"`},
		{name: "unknown theme in config", cfg: "theme: neon\n", wantErr: cfgPath + `: theme: unknown theme "neon"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parseConfig(cfgPath, []byte(tc.cfg))
			if err != nil {
				t.Fatal(err)
			}
			o, flags := exploreFlags(t, tc.args...)
			opts, err := o.tuiOptions(cfg, flags, &globalOptions{stdin: strings.NewReader(""), stdout: io.Discard})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if opts.PageSize != tc.pageSize || opts.Theme.Name != tc.theme || opts.Color {
				t.Fatalf("page size %d theme %q color %v, want %d %q false", opts.PageSize, opts.Theme.Name, opts.Color, tc.pageSize, tc.theme)
			}
		})
	}
}

func TestExploreTierPrecedence(t *testing.T) {
	t.Parallel()
	archive, both := client.TierArchive, client.TierBoth
	tests := []struct {
		name    string
		args    []string
		cfgTier *client.Tier
		session client.Tier
		want    client.Tier
	}{
		{"session default", nil, nil, client.TierActive, client.TierActive},
		{"file default both", []string{"--file", "x.ndjson"}, nil, client.TierBoth, client.TierBoth},
		{"config tier", nil, &archive, client.TierActive, client.TierArchive},
		{"config ignored for a file", []string{"--file", "x.ndjson"}, &archive, client.TierBoth, client.TierBoth},
		{"flag beats config", []string{"--tier", "active"}, &both, client.TierActive, client.TierActive},
		{"archive flag", []string{"--archive"}, &both, client.TierActive, client.TierArchive},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o, flags := exploreFlags(t, tc.args...)
			var opts tui.Options
			o.applySession(&opts, &session{namespace: "acme", defaultTier: tc.session, traverse: true}, &appConfig{Tier: tc.cfgTier}, flags)
			if opts.Tier != tc.want || opts.Namespace != "acme" || !opts.Traverse {
				t.Fatalf("tier %v ns %q traverse %v, want %v acme true", opts.Tier, opts.Namespace, opts.Traverse, tc.want)
			}
		})
	}
}

func TestExploreNeedsTerminal(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"--demo"}, strings.NewReader(""), &out, &errOut)
	if code != exitUsage || !strings.Contains(errOut.String(), "needs a terminal") {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
}

func TestExploreBadFilterExits2(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"--filter", "spec.operation =="}, strings.NewReader(""), &out, &errOut)
	if code != exitUsage || !strings.Contains(errOut.String(), "^") {
		t.Fatalf("exit %d, stderr %q: want 2 with a caret", code, errOut.String())
	}
}

func TestExploreBadConfigExits2(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	if err := os.MkdirAll(filepath.Join(dir, "auditlog"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "auditlog", "config.yaml"), []byte("keys:\n  jump: [J]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run(context.Background(), nil, strings.NewReader(""), &out, &errOut)
	if code != exitUsage || !strings.Contains(errOut.String(), `config.yaml:2: keys: unknown action "jump"`) {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
}

// TestNoCredentialsIsDetected pins the coupling with connect: without any
// credentials the explorer opens on its error view instead of exiting.
func TestNoCredentialsIsDetected(t *testing.T) {
	home := t.TempDir()
	for _, k := range []string{"ENDOR_TOKEN", "ENDOR_API_CREDENTIALS_KEY", "ENDOR_API_CREDENTIALS_SECRET", "ENDOR_API", "ENDOR_NAMESPACE", "ENDOR_CONFIG_PATH"} {
		t.Setenv(k, "")
	}
	t.Setenv("HOME", home)
	g := &globalOptions{namespace: "acme"} // and no ~/.endorctl/config.yaml in HOME
	_, err := g.connect(context.Background(), sourceOptions{})
	if !isNoCredentials(err) {
		t.Fatalf("connect without credentials: %v (not recognised as missing credentials)", err)
	}
	if isNoCredentials(usagef("no namespace: pass -n")) {
		t.Fatal("another usage error taken for missing credentials")
	}
}
