package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/safetext"
	"github.com/spf13/cobra"
)

type whoamiOptions struct {
	src     sourceOptions
	output  string
	timeout time.Duration
}

func newWhoamiCmd(g *globalOptions) *cobra.Command {
	o := &whoamiOptions{}
	cmd := &cobra.Command{
		Use:   "whoami",
		Short: "Show who the credentials are (GET /v1/auth)",
		Long: "Show who the credentials are, as the API answers GET /v1/auth: the user, the\n" +
			"login provider that issued the token (google, github, sso, … or api-key), when\n" +
			"the token expires and the tenants. -o json prints the same for scripts; the\n" +
			"token itself is never printed.",
		Example: "  auditlog whoami\n  auditlog whoami --demo -o json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := parseOutput(o.output, "text", outJSON)
			if err != nil {
				return err
			}
			if o.timeout <= 0 {
				return usagef("--timeout must be positive")
			}
			s, err := g.connectWith(cmd.Context(), o.src, connectOptions{timeout: o.timeout, tellWaits: true})
			if err != nil {
				return err
			}
			defer s.close()
			id, _, err := s.client.Whoami(cmd.Context())
			if err != nil {
				return err
			}
			if format == outJSON {
				return writeJSONLine(g.stdout, id, isTerminal(g.stdout))
			}
			return writeIdentity(g.stdout, id, time.Now())
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output-type", "o", "text", "text or json")
	f.DurationVarP(&o.timeout, "timeout", "t", client.DefaultTimeout, "time allowed for the request")
	addSourceFlags(cmd, &o.src)
	return cmd
}

// writeIdentity prints id as aligned lines, every server string escaped.
func writeIdentity(w io.Writer, id *api.Identity, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s\t%s\n", k, v)
		}
	}
	line("user", safetext.Sanitize(id.Name()))
	if n := id.User.Meta.Name; n != id.Name() {
		line("name", safetext.Sanitize(n))
	}
	line("uuid", safetext.Sanitize(id.User.UUID))
	line("provider", safetext.Sanitize(id.Provider()))
	if !id.ExpirationTime.IsZero() {
		left := id.ExpirationTime.Sub(now).Round(time.Minute)
		when := "expired"
		if left > 0 {
			when = "in " + strings.TrimSuffix(left.String(), "0s")
		}
		line("expires", id.ExpirationTime.UTC().Format(time.RFC3339)+" ("+when+")")
	}
	tenants := make([]string, len(id.Tenants))
	for i, t := range id.Tenants {
		tenants[i] = safetext.Sanitize(t)
	}
	line("tenants", strings.Join(tenants, ", "))
	if id.Name() == "" && id.Provider() == "" {
		line("user", "(the server did not say)")
	}
	return tw.Flush()
}
