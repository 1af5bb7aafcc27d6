package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/auditlog/auditlog/client"
)

// errNoCredentials is what connect returns, as a usage error, when neither
// a token nor an API key is configured: the explorer opens on a view that
// says what to set instead of exiting.
var errNoCredentials = errors.New("no credentials")

// usageArgs makes every argument validator of cmd and its subcommands
// return a usage error (exit status 2), so that run decides the exit
// status by type and never by cobra's wording. Flag errors are usage errors
// through the root's flag error func.
func usageArgs(cmd *cobra.Command) {
	if v := cmd.Args; v != nil {
		cmd.Args = func(c *cobra.Command, args []string) error { return asUsage(v(c, args)) }
	}
	for _, sub := range cmd.Commands() {
		usageArgs(sub)
	}
}

// tierChoice is what --tier and --archive ask for, checked in one place for
// list and the explorer: set is false when neither flag was given.
type tierChoice struct {
	tier client.Tier
	set  bool
}

// parseTierFlags checks --tier against --archive: an unknown tier or one
// that contradicts --archive is a usage error.
func parseTierFlags(tier string, archive bool) (tierChoice, error) {
	if tier == "" {
		if archive {
			return tierChoice{client.TierArchive, true}, nil
		}
		return tierChoice{}, nil
	}
	t, err := client.ParseTier(tier)
	if err != nil {
		return tierChoice{}, usagef("--tier: %w", err)
	}
	if archive && t != client.TierArchive {
		return tierChoice{}, usagef("--archive contradicts --tier %s: pass one", tier)
	}
	return tierChoice{t, true}, nil
}

// or returns the chosen tier, or def when no flag chose one.
func (c tierChoice) or(def client.Tier) client.Tier {
	if c.set {
		return c.tier
	}
	return def
}

// archiveOnly reports whether the flags ask for the archive alone.
func (c tierChoice) archiveOnly() bool { return c.set && c.tier == client.TierArchive }

// resolveTier combines --tier, --archive and the source's default.
func resolveTier(_ *cobra.Command, tier string, archive bool, def client.Tier) (client.Tier, error) {
	c, err := parseTierFlags(tier, archive)
	return c.or(def), err
}
