package main

import (
	"io"

	"github.com/spf13/cobra"
)

// globalOptions are the flags every command shares, spelled as endorctl
// spells them (reference §14.2). Empty values fall back to the environment
// and then to the endorctl config file when credentials are resolved.
type globalOptions struct {
	api        string
	token      string
	apiKey     string
	apiSecret  string
	namespace  string
	configPath string
	debug      string   // path of the debug log file; empty means no log
	debugLog   debugLog // --debug's file, opened once (connect.go)

	stdin          io.Reader
	stdout, stderr io.Writer
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root, _ := newRoot(stdin, stdout, stderr)
	return root
}

// newRoot returns the root command and the options its commands share.
func newRoot(stdin io.Reader, stdout, stderr io.Writer) (*cobra.Command, *globalOptions) {
	g := &globalOptions{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "auditlog",
		Short: "Explore Endor Labs audit logs",
		Long: "auditlog explores Endor Labs audit logs: who changed what, when and from where.\n\n" +
			"Run without a command it opens the explorer. The same binary carries a local\n" +
			"emulator of the Endor API (auditlog serve) and demo data (--demo).",
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return asUsage(err) })

	pf := root.PersistentFlags()
	pf.StringVar(&g.api, "api", "", "Endor API base URL (env ENDOR_API, default https://api.endorlabs.com)")
	pf.StringVar(&g.token, "token", "", "bearer token (env ENDOR_TOKEN)")
	pf.StringVar(&g.apiKey, "api-key", "", "API key, exchanged for a token (env ENDOR_API_CREDENTIALS_KEY)")
	pf.StringVar(&g.apiSecret, "api-secret", "", "API secret (env ENDOR_API_CREDENTIALS_SECRET)")
	pf.StringVarP(&g.namespace, "namespace", "n", "", "tenant namespace (env ENDOR_NAMESPACE)")
	pf.StringVar(&g.configPath, "config-path", "", "endorctl config file (env ENDOR_CONFIG_PATH, default ~/.endorctl/config.yaml)")
	pf.StringVar(&g.debug, "debug", "", "write a debug log to this file")

	installExplorer(root, g) // `auditlog` alone opens the explorer (explore.go)
	// Each command lives in its own file; add it here.
	root.AddCommand(newServeCmd(g), newListCmd(g), newHistoryCmd(g), newFilterCmd(g), newWhoamiCmd(g))
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	usageArgs(root)
	return root, g
}
