package client

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/auditlog/auditlog/safetext"

	"go.yaml.in/yaml/v3"
)

// The environment variables (and config.yaml keys) endorctl reads.
const (
	EnvAPI        = "ENDOR_API"
	EnvToken      = "ENDOR_TOKEN"
	EnvAPIKey     = "ENDOR_API_CREDENTIALS_KEY"
	EnvAPISecret  = "ENDOR_API_CREDENTIALS_SECRET"
	EnvNamespace  = "ENDOR_NAMESPACE"
	EnvConfigPath = "ENDOR_CONFIG_PATH"
)

// CredentialHelp says where credentials come from, for every message about
// missing or refused ones: the command line's and the explorer's.
const CredentialHelp = "Set one of:\n" +
	"  " + EnvToken + "                      a token (or --token); tokens last about 4 hours\n" +
	"  " + EnvAPIKey + " and\n" +
	"  " + EnvAPISecret + "     an API key (or --api-key/--api-secret)\n" +
	"with " + EnvNamespace + " (or -n) for the tenant, and " + EnvAPI + " for another server;\n" +
	"or put the same keys in ~/.endorctl/config.yaml (" + EnvConfigPath + ").\n" +
	"To look around without an account: auditlog --demo"

// Credentials say where the API is, how to authenticate and which
// namespace to read.
type Credentials struct {
	API, Token, APIKey, APISecret, Namespace string
	// TokenSource says where the credentials came from, for messages:
	// "flag", "ENDOR_TOKEN", "config" or "api-key" (never the value).
	TokenSource string
	// ConfigFile is the config file that was read, if any.
	ConfigFile string
}

// Options returns the client options that authenticate as c.
func (c Credentials) Options() []Option {
	if c.APIKey != "" {
		return []Option{WithAPIKey(c.APIKey, c.APISecret)}
	}
	if c.Token != "" {
		return []Option{WithToken(c.Token)}
	}
	return nil
}

// ResolveCredentials finds credentials the way endorctl does: flags first,
// then the environment (ENDOR_TOKEN, ENDOR_API_CREDENTIALS_KEY/_SECRET,
// ENDOR_API, ENDOR_NAMESPACE), then the endorctl config file, a flat YAML
// map whose keys are those variable names. The file is configPath, else
// ENDOR_CONFIG_PATH, else ~/.endorctl/config.yaml; a directory means the
// config.yaml inside it (the endorctl docs are ambiguous, scripts use
// both). A missing default file is fine; a named one that is missing or
// unreadable is an error naming it.
//
// The first source that holds a token or a key pair decides how to
// authenticate; within one source a token wins over a key (endorctl's
// troubleshooting says to unset ENDOR_TOKEN to use the configured key).
// API defaults to DefaultBaseURL. An empty namespace is not an error here.
func ResolveCredentials(flags Credentials, getenv func(string) string, configPath string) (Credentials, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	env := Credentials{
		API: getenv(EnvAPI), Token: getenv(EnvToken), APIKey: getenv(EnvAPIKey),
		APISecret: getenv(EnvAPISecret), Namespace: getenv(EnvNamespace),
	}
	file, path, err := readConfig(configPath, getenv)
	if err != nil {
		return Credentials{}, err
	}
	// A token pasted with its newline, or quoted with a space, is the
	// same token: an Authorization header with either is refused.
	for _, c := range []*Credentials{&flags, &env, &file} {
		c.Token, c.APIKey, c.APISecret = strings.TrimSpace(c.Token), strings.TrimSpace(c.APIKey), strings.TrimSpace(c.APISecret)
	}
	out := Credentials{ConfigFile: path}
	out.API = first(flags.API, env.API, file.API, DefaultBaseURL)
	out.Namespace = first(flags.Namespace, env.Namespace, file.Namespace)
	sources := []struct {
		c      Credentials
		name   string // where a token comes from
		keyVar string // how to name a half-set key pair
	}{
		{flags, "flag", "--api-key/--api-secret"},
		{env, EnvToken, EnvAPIKey + "/" + EnvAPISecret},
		{file, "config", EnvAPIKey + "/" + EnvAPISecret + " in " + path},
	}
	for _, s := range sources {
		if s.c.Token != "" {
			out.Token, out.TokenSource = s.c.Token, s.name
			return out, nil
		}
		if s.c.APIKey != "" || s.c.APISecret != "" {
			if s.c.APIKey == "" || s.c.APISecret == "" {
				return Credentials{}, fmt.Errorf("incomplete API key: %s must both be set", s.keyVar)
			}
			out.APIKey, out.APISecret, out.TokenSource = s.c.APIKey, s.c.APISecret, "api-key"
			return out, nil
		}
	}
	return out, nil
}

func first(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// readConfig reads the endorctl config file; it returns the path it read
// ("" when there was none).
func readConfig(configPath string, getenv func(string) string) (Credentials, string, error) {
	explicit := true
	path := configPath
	if path == "" {
		path = getenv(EnvConfigPath)
	}
	if path == "" {
		explicit = false
		home := getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return Credentials{}, "", nil
			}
			home = h
		}
		path = filepath.Join(home, ".endorctl", "config.yaml")
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, "config.yaml")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if !explicit && errors.Is(err, os.ErrNotExist) {
			return Credentials{}, "", nil
		}
		return Credentials{}, "", fmt.Errorf("reading the endorctl config: %w", err)
	}
	m, err := configMap(b)
	if err != nil {
		return Credentials{}, "", fmt.Errorf("reading the endorctl config %s: %w", path, err)
	}
	get := func(k string) string { return m[k] }
	return Credentials{
		API: get(EnvAPI), Token: get(EnvToken), APIKey: get(EnvAPIKey),
		APISecret: get(EnvAPISecret), Namespace: get(EnvNamespace),
	}, path, nil
}

// configMap reads the flat YAML map of the endorctl config. Its errors
// name lines and keys, never values: the file holds secrets, and a file
// that is not a map at all (a token pasted alone, say) must not be echoed.
func configMap(b []byte) (map[string]string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return nil, errors.New("not a YAML mapping of KEY: value")
		}
		return nil, yamlSyntaxError(err)
	}
	m := map[string]string{}
	if len(doc.Content) == 0 {
		return m, nil // empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: not a YAML mapping of KEY: value (such as %s: https://api.endorlabs.com)", root.Line, EnvAPI)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("line %d: a key that is not a name", k.Line)
		}
		switch v.Kind {
		case yaml.ScalarNode:
			if v.Tag != "!!null" {
				m[k.Value] = v.Value
			}
		case yaml.AliasNode, yaml.MappingNode, yaml.SequenceNode:
			if strings.HasPrefix(k.Value, "ENDOR_") {
				return nil, fmt.Errorf("line %d: %s: want a single value", v.Line, safetext.Sanitize(k.Value))
			}
		}
	}
	return m, nil
}

// yamlSyntaxError keeps the line of a YAML syntax error and drops the
// rest, which may quote the file.
func yamlSyntaxError(err error) error {
	msg := err.Error()
	if m := yamlLine.FindString(msg); m != "" {
		return fmt.Errorf("not valid YAML at %s", m)
	}
	return errors.New("not valid YAML")
}

var yamlLine = regexp.MustCompile(`line \d+`)
