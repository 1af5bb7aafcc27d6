package client

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestResolveCredentials(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	writeFile := func(dir, body string) string {
		t.Helper()
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "config.yaml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	keyConfig := "ENDOR_API: https://config.example\nENDOR_API_CREDENTIALS_KEY: endr+cfgkey\nENDOR_API_CREDENTIALS_SECRET: endr+cfgsecret\nENDOR_NAMESPACE: cfgns\n"
	defaultPath := writeFile(filepath.Join(home, ".endorctl"), keyConfig)
	otherDir := t.TempDir()
	otherPath := writeFile(otherDir, "ENDOR_TOKEN: cfgtoken\nENDOR_NAMESPACE: otherns\n")
	halfKey := writeFile(t.TempDir(), "ENDOR_API_CREDENTIALS_KEY: endr+only\n")

	tests := []struct {
		name       string
		flags      Credentials
		env        map[string]string
		configPath string
		want       Credentials
		wantErr    string
	}{
		{
			name: "the default config file",
			env:  map[string]string{"HOME": home},
			want: Credentials{API: "https://config.example", APIKey: "endr+cfgkey", APISecret: "endr+cfgsecret", Namespace: "cfgns", TokenSource: "api-key", ConfigFile: defaultPath},
		},
		{
			name: "the environment beats the file; ENDOR_TOKEN beats the file's key",
			env:  map[string]string{"HOME": home, "ENDOR_TOKEN": "envtoken", "ENDOR_NAMESPACE": "envns", "ENDOR_API": "https://env.example"},
			want: Credentials{API: "https://env.example", Token: "envtoken", Namespace: "envns", TokenSource: "ENDOR_TOKEN", ConfigFile: defaultPath},
		},
		{
			name:  "flags beat everything",
			flags: Credentials{Token: "flagtoken", Namespace: "flagns", API: "https://flag.example"},
			env:   map[string]string{"HOME": home, "ENDOR_TOKEN": "envtoken", "ENDOR_NAMESPACE": "envns"},
			want:  Credentials{API: "https://flag.example", Token: "flagtoken", Namespace: "flagns", TokenSource: "flag", ConfigFile: defaultPath},
		},
		{
			name:  "a key pair in flags beats a token in the environment",
			flags: Credentials{APIKey: "k", APISecret: "s"},
			env:   map[string]string{"HOME": home, "ENDOR_TOKEN": "envtoken"},
			want:  Credentials{API: "https://config.example", APIKey: "k", APISecret: "s", Namespace: "cfgns", TokenSource: "api-key", ConfigFile: defaultPath},
		},
		{
			name: "a key pair in the environment",
			env:  map[string]string{"HOME": t.TempDir(), "ENDOR_API_CREDENTIALS_KEY": "ek", "ENDOR_API_CREDENTIALS_SECRET": "es"},
			want: Credentials{API: DefaultBaseURL, APIKey: "ek", APISecret: "es", TokenSource: "api-key"},
		},
		{
			name: "ENDOR_CONFIG_PATH as a directory",
			env:  map[string]string{"HOME": home, "ENDOR_CONFIG_PATH": otherDir},
			want: Credentials{API: DefaultBaseURL, Token: "cfgtoken", Namespace: "otherns", TokenSource: "config", ConfigFile: otherPath},
		},
		{
			name: "ENDOR_CONFIG_PATH as a file",
			env:  map[string]string{"HOME": home, "ENDOR_CONFIG_PATH": otherPath},
			want: Credentials{API: DefaultBaseURL, Token: "cfgtoken", Namespace: "otherns", TokenSource: "config", ConfigFile: otherPath},
		},
		{
			name:       "--config-path beats ENDOR_CONFIG_PATH",
			env:        map[string]string{"HOME": home, "ENDOR_CONFIG_PATH": otherPath},
			configPath: defaultPath,
			want:       Credentials{API: "https://config.example", APIKey: "endr+cfgkey", APISecret: "endr+cfgsecret", Namespace: "cfgns", TokenSource: "api-key", ConfigFile: defaultPath},
		},
		{
			name: "no file, no credentials",
			env:  map[string]string{"HOME": t.TempDir()},
			want: Credentials{API: DefaultBaseURL},
		},
		{
			name:       "a named file that is missing",
			configPath: filepath.Join(home, "nope.yaml"),
			wantErr:    "nope.yaml",
		},
		{
			name:    "half a key pair",
			env:     map[string]string{"ENDOR_CONFIG_PATH": halfKey},
			wantErr: "ENDOR_API_CREDENTIALS_KEY/ENDOR_API_CREDENTIALS_SECRET in " + halfKey + " must both be set",
		},
		{
			name:    "half a key pair in flags",
			flags:   Credentials{APISecret: "s"},
			env:     map[string]string{"HOME": home},
			wantErr: "--api-key/--api-secret must both be set",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ResolveCredentials(tt.flags, func(k string) string { return tt.env[k] }, tt.configPath)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				for _, s := range []string{"cfgsecret", "endr+only", "cfgtoken"} {
					if strings.Contains(err.Error(), s) {
						t.Errorf("the error holds a secret: %v", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestBadConfigYAMLNamesTheFile(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(p, []byte("ENDOR_TOKEN: [unclosed\n"), 0o600)
	_, err := ResolveCredentials(Credentials{}, func(string) string { return "" }, p)
	if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "line") {
		t.Fatalf("error = %v", err)
	}
}
