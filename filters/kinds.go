package filters

import (
	"sort"
	"strings"
)

// KindPrefix is the proto package every spec.message_kind value starts with.
const KindPrefix = "internal.endor.ai.endor.v1."

// KindInfo describes one resource kind that audit logs record.
type KindInfo struct {
	Short       string // e.g. Policy
	Full        string // e.g. internal.endor.ai.endor.v1.Policy
	Description string
}

// kinds lists every resource kind the Endor audit-log page names ("You can
// retrieve audit logs for the following resources", reference §4.3), by
// its proto message name, plus three kinds Endor's SDK exposes as tenant
// resources that are administrative and so plausibly audited (APIKey,
// Invitation, IdentityProvider). The names ScanResult, Policy and
// AuthorizationPolicy appear verbatim as spec.message_kind values in the
// docs; Namespace, Project, Repository, RepositoryVersion, EndorLicense,
// NotificationTarget, APIKey, Invitation and IdentityProvider are resource
// names of Endor's SDK; UserTelemetry appears as a message kind in public
// scripts that query Endor. Tenant, User, SupportedToolChain (the page says
// "supported toolchains"; the spelling is our best guess) and
// ApplicationTelemetry are inferred from the page's wording.
var kinds = []KindInfo{
	{"Tenant", "", "A tenant: the root namespace of an Endor Labs customer."},
	{"Namespace", "", "A namespace within a tenant."},
	{"Project", "", "A project: a monitored source repository or package."},
	{"User", "", "A user of the tenant."},
	{"UserTelemetry", "", "User telemetry: actions users take in the Endor Labs UI."},
	{"Repository", "", "A source code repository."},
	{"RepositoryVersion", "", "A version (branch, tag or commit) of a repository."},
	{"ScanResult", "", "The result of a scan."},
	{"AuthorizationPolicy", "", "An authorization policy: who may do what in a namespace."},
	{"Policy", "", "A policy. Action, remediation and notification policies are all Policy objects."},
	{"NotificationTarget", "", "A notification target (Jira, Slack, email, webhook) that policies notify."},
	{"SupportedToolChain", "", "A supported toolchain setting used by scans (kind name inferred from the docs' \"supported toolchains\")."},
	{"ApplicationTelemetry", "", "Application telemetry (kind name inferred from the docs)."},
	{"EndorLicense", "", "An Endor Labs license of the tenant."},
	{"APIKey", "", "An API key (not named by the audit-log page; an SDK resource)."},
	{"Invitation", "", "An invitation of a user to the tenant (not named by the audit-log page; an SDK resource)."},
	{"IdentityProvider", "", "An identity provider for single sign-on (not named by the audit-log page; an SDK resource)."},
}

func init() {
	for i := range kinds {
		kinds[i].Full = KindPrefix + kinds[i].Short
	}
}

// Kinds returns the known resource kinds, in the order the Endor docs list
// them. The slice is a copy.
func Kinds() []KindInfo { return append([]KindInfo(nil), kinds...) }

// ExpandKind turns a short kind name (Policy, case-insensitive) into its
// full spec.message_kind value. A value that already starts with
// KindPrefix is returned as it is, known or not (the server has more kinds
// than this list). ok is false for an unknown short name.
func ExpandKind(s string) (string, bool) {
	if strings.HasPrefix(s, KindPrefix) && len(s) > len(KindPrefix) {
		return s, true
	}
	for _, k := range kinds {
		if strings.EqualFold(k.Short, s) {
			return k.Full, true
		}
	}
	return "", false
}

// kindNames returns the short names, for suggestions.
func kindNames() []string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.Short
	}
	sort.Strings(names)
	return names
}
