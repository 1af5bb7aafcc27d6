package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/safetext"
	"github.com/spf13/cobra"
)

type historyOptions struct {
	src     sourceOptions
	output  string
	timeout time.Duration
}

func newHistoryCmd(g *globalOptions) *cobra.Command {
	o := &historyOptions{}
	cmd := &cobra.Command{
		Use:   "history MESSAGE_UUID",
		Short: "Show every change to one object, oldest first",
		Long: "Show every audit log entry about one object (its spec.message_uuid), from the\n" +
			"active store and the archive, in the namespace and its children, oldest first;\n" +
			"for each version, the payload fields that changed since the previous one, by\n" +
			"JSON Pointer path (/spec/rules/0/enabled). -o json prints the same for scripts.",
		Example: "  auditlog history 66a0c1d2e3f4a5b6c7d8e9f0 -n acme\n  auditlog history --demo 66a0c1d2e3f4a5b6c7d8e9f0 -o json | jq '.versions[].changes'",
		Args:    cobra.ExactArgs(1),
		RunE:    func(cmd *cobra.Command, args []string) error { return runHistory(cmd, g, o, args[0]) },
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output-type", "o", "text", "text or json")
	f.DurationVarP(&o.timeout, "timeout", "t", client.DefaultTimeout, "time allowed for each request")
	addSourceFlags(cmd, &o.src)
	addStreamFlags(cmd)
	return cmd
}

func runHistory(cmd *cobra.Command, g *globalOptions, o *historyOptions, uuid string) error {
	format, err := parseOutput(o.output, "text", outJSON)
	if err != nil {
		return err
	}
	uuid = strings.TrimSpace(uuid)
	if uuid == "" {
		return usagef("history needs the object's uuid (spec.message_uuid)")
	}
	if o.timeout <= 0 {
		return usagef("--timeout must be positive")
	}
	ctx := cmd.Context()
	versions, ns, streamed, err := streamHistory(cmd, g, o.src, uuid) // stream.go: --file in one pass
	if !streamed {
		var s *session
		if s, err = g.connectWith(ctx, o.src, connectOptions{timeout: o.timeout, tellWaits: true}); err != nil {
			return err
		}
		defer s.close()
		ns = s.namespace
		versions, err = s.client.History(ctx, s.namespace, uuid)
	}
	if err != nil {
		return err
	}
	if len(versions) == 0 {
		return fmt.Errorf("no audit log entries about object %s in %s or its child namespaces", safetext.Sanitize(uuid), safetext.Sanitize(ns))
	}
	if format == outJSON {
		return writeHistoryJSON(g.stdout, uuid, versions, isTerminal(g.stdout))
	}
	return writeHistoryText(g.stdout, uuid, versions)
}

// historyJSON is the -o json form of a history.
type historyJSON struct {
	MessageUUID string        `json:"message_uuid"`
	Versions    []versionJSON `json:"versions"`
}

type versionJSON struct {
	Tier    string          `json:"tier"`
	Entry   json.RawMessage `json:"entry"`
	Changes []client.Change `json:"changes"`
}

// writeHistoryJSON prints the history for scripts; on a terminal (term)
// the server's text is escaped as writeRawJSON does.
func writeHistoryJSON(w io.Writer, uuid string, versions []client.Version, term bool) error {
	h := historyJSON{MessageUUID: uuid, Versions: make([]versionJSON, len(versions))}
	for i, v := range versions {
		ch := v.Changes
		if ch == nil {
			ch = []client.Change{}
		}
		h.Versions[i] = versionJSON{Tier: v.Tier.String(), Entry: v.Raw, Changes: ch}
	}
	b, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return err
	}
	return writeRawJSON(w, append(b, '\n'), term)
}

// maxValueWidth bounds a changed value in the text output.
const maxValueWidth = 120

func writeHistoryText(w io.Writer, uuid string, versions []client.Version) error {
	bw := bufio.NewWriter(w)
	first := versions[0]
	kind := first.Spec.MessageKind
	for _, v := range versions {
		if v.Spec.MessageKind != "" {
			kind = v.Spec.MessageKind
		}
	}
	plural := "s"
	if len(versions) == 1 {
		plural = ""
	}
	fmt.Fprintf(bw, "%d version%s of %s %s\n", len(versions), plural, safetext.Sanitize(api.ShortKind(kind)), safetext.Sanitize(uuid))
	for i, v := range versions {
		r := summarize(v.Entry)
		fmt.Fprintf(bw, "\n%s  %-6s  %s  by %s", r.time, safetext.Sanitize(r.op), safetext.Sanitize(r.namespace), safetext.Sanitize(r.user))
		if r.address != "" {
			fmt.Fprintf(bw, " from %s", safetext.Sanitize(r.address))
		}
		fmt.Fprintf(bw, "  [%s %s]\n", r.tier, safetext.Sanitize(r.uuid))
		if r.errMsg != "" || r.status != "ok" {
			fmt.Fprintf(bw, "  failed: %s %s\n", safetext.Sanitize(r.status), safetext.Sanitize(r.errMsg))
		}
		switch {
		case i == 0:
			fmt.Fprintln(bw, "  first version")
		case len(v.Spec.Payload) == 0 || string(v.Spec.Payload) == "null":
			fmt.Fprintln(bw, "  no payload")
		case len(v.Changes) == 0:
			fmt.Fprintln(bw, "  payload unchanged")
		}
		for _, c := range v.Changes {
			path := c.Path
			if path == "" {
				path = "(whole payload)"
			}
			path = safetext.Sanitize(path)
			switch c.Op {
			case "add":
				fmt.Fprintf(bw, "  + %s: %s\n", path, shortValue(c.New))
			case "remove":
				fmt.Fprintf(bw, "  - %s: %s\n", path, shortValue(c.Old))
			default:
				fmt.Fprintf(bw, "  ~ %s: %s → %s\n", path, shortValue(c.Old), shortValue(c.New))
			}
		}
	}
	return bw.Flush()
}

// shortValue prints a JSON value on one line, sanitized and bounded.
func shortValue(v json.RawMessage) string {
	if len(v) == 0 {
		return "(none)"
	}
	s := safetext.Sanitize(string(v))
	if r := []rune(s); len(r) > maxValueWidth {
		s = string(r[:maxValueWidth-1]) + "…"
	}
	return s
}
