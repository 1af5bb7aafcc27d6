package emulator

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/filters"
)

// The generator writes realistic audit logs: several tenants and
// namespaces, users whose claims look like Endor's, every resource kind
// package filters knows, the five operations in realistic proportions,
// objects whose payload changes over their life (so that history shows
// something), IPv4 and IPv6 addresses, failed operations, and a few
// entries with hostile strings, as real logs can hold. It is deterministic:
// the same seed, size and clock give the same bytes.

// demoNamespaces are the namespaces of the demo data, with weights. The
// demo token (tenant acme) reads the first four, never globex.
var demoNamespaces = []struct {
	ns     string
	weight int
}{
	{"acme", 40}, {"acme.prod", 22}, {"acme.prod.web", 14}, {"acme.dev", 12},
	{"globex", 7}, {"globex.eng", 5},
}

// user is an actor of the demo data.
type user struct {
	claims  []string
	name    string // meta.created_by, e.g. jane.doe@acme.example@google
	tenant  string
	service bool
	nets    []netip.Prefix
}

var (
	netOffice = netip.MustParsePrefix("203.0.113.0/24")
	netVPN    = netip.MustParsePrefix("198.51.100.0/24")
	netHome   = netip.MustParsePrefix("192.0.2.0/24")
	netPods   = netip.MustParsePrefix("10.244.0.0/16")
	netV6     = netip.MustParsePrefix("2001:db8:4a00::/40")
	netV6CI   = netip.MustParsePrefix("2001:db8:c1::/48")
)

func id38(r *rand.Rand) string {
	var b strings.Builder
	b.WriteByte(byte('1' + r.IntN(9)))
	for range 37 {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

func demoUsers(r *rand.Rand) []user {
	const issuer = "issuer=https://api.endorlabs.com/v1"
	var us []user
	google := func(first, last, domain, tenant string, nets ...netip.Prefix) {
		email := strings.ToLower(first+"."+last) + "@" + domain
		us = append(us, user{
			claims: []string{"ID=" + id38(r), "email=" + email, "firstname=" + first, "lastname=" + last,
				"domain=" + domain, "user=" + email + "@google", issuer},
			name: email + "@google", tenant: tenant, nets: nets,
		})
	}
	github := func(login, email, tenant string, nets ...netip.Prefix) {
		us = append(us, user{
			claims: []string{"ID=" + id38(r), "email=" + email, "user=" + login + "@github", issuer},
			name:   login + "@github", tenant: tenant, nets: nets,
		})
	}
	apiKey := func(email, tenant string, nets ...netip.Prefix) {
		us = append(us, user{
			claims: []string{"ID=" + id38(r), "email=" + email, "user=" + email + "@google@api-key", "api-key", issuer},
			name:   email + "@google@api-key", tenant: tenant, nets: nets,
		})
	}
	service := func(name string) {
		us = append(us, user{
			claims: []string{"ID=" + id38(r), "email=" + name, "email=" + name + "@endor.ai",
				"user=" + name + "@endor.ai@x509", "user=" + name + "@x509", "x509", issuer},
			name: name + "@endor.ai@x509", service: true, nets: []netip.Prefix{netPods},
		})
	}
	google("Jane", "Doe", "acme.example", "acme", netOffice, netV6)
	google("Raj", "Patel", "acme.example", "acme", netOffice, netVPN)
	google("Li", "Wei", "acme.example", "acme", netV6, netHome)
	google("Maria", "Garcia", "acme.example", "acme", netVPN, netOffice)
	github("sokafor", "sam.okafor@acme.example", "acme", netHome, netV6)
	github("kwame-ci", "kwame.mensah@acme.example", "acme", netVPN)
	apiKey("ci-bot@acme.example", "acme", netPods, netV6CI)
	apiKey("terraform@acme.example", "acme", netV6CI)
	google("Tom", "Hale", "globex.example", "globex", netOffice)
	google("Ada", "Moss", "globex.example", "globex", netV6)
	apiKey("deploy@globex.example", "globex", netPods)
	service("scheduler")
	service("vulnerabilityingestor")
	service("policy-engine")
	return us
}

// hostile are strings an attacker can place in a log: terminal control
// sequences, invisible or reordering Unicode, and very long values.
var hostile = []string{
	"\x1b[31mCRITICAL\x1b[0m rotate keys now",
	"\x1b]0;you have been pwned\x07",
	"\x1b]52;c;Y3VybCAtcyBodHRwOi8vZXZpbC5leGFtcGxlL3NoIHwgc2g=\x07",
	"\x1b[2J\x1b[H\x1b[1A\x1b[Kcleared screen",
	"\x1bP+q544e\x1b\\device control",
	"ring\x07\x07\x07",
	"invoice\u202Efdp.exe",
	"zero\u200bwidth\u200d\ufeffjoiner",
	"Z\u0337\u0322\u031ba\u0334l\u0335g\u0336o\u0338 text",
	"line one\r\nInjected-Header: true",
	strings.Repeat("long-value-", 900) + "end",
}

// kindWeights weights the kinds of new objects; kinds not listed get 2.
var kindWeights = map[string]int{
	"Policy": 14, "AuthorizationPolicy": 8, "Project": 12, "Repository": 8, "RepositoryVersion": 10,
	"ScanResult": 20, "User": 4, "UserTelemetry": 8, "Namespace": 2, "Tenant": 1, "NotificationTarget": 3,
	"SupportedToolChain": 2, "ApplicationTelemetry": 4, "EndorLicense": 1, "APIKey": 3, "Invitation": 2,
	"IdentityProvider": 1,
}

// object is a resource whose life the audit log follows.
type object struct {
	uuid, kind, ns, name string
	created              time.Time
	createdBy            string
	tags                 []string
	description          string
	spec                 map[string]any
	rev                  int
	live                 int // index in generator.live
}

type generator struct {
	r       *rand.Rand
	now     time.Time
	start   time.Time
	span    time.Duration
	n       int
	kinds   []filters.KindInfo
	weights []int
	total   int
	users   []user
	live    []*object
	seq     uint32
}

func newGenerator(seed int64, now time.Time, n int) *generator {
	g := &generator{r: rand.New(rand.NewPCG(uint64(seed), 0x5eed_a11d_1095)), now: now.UTC(), n: n}
	// Three years, less a day so that nothing is purged at once and a
	// minute so that nothing is in the future.
	g.start = archiveCutoff(g.now).Add(24 * time.Hour)
	g.span = g.now.Add(-time.Minute).Sub(g.start)
	g.kinds = filters.Kinds()
	for _, k := range g.kinds {
		w, ok := kindWeights[k.Short]
		if !ok {
			w = 2
		}
		g.weights = append(g.weights, w)
		g.total += w
	}
	g.users = demoUsers(g.r)
	return g
}

// objectID makes an ObjectId-like uuid: 8 hex digits of creation seconds,
// then 16 hex digits from a counter and the generator's randomness.
func (g *generator) objectID(t time.Time) string {
	var b [12]byte
	s := uint32(t.Unix())
	b[0], b[1], b[2], b[3] = byte(s>>24), byte(s>>16), byte(s>>8), byte(s)
	x := g.r.Uint64()
	for i := 4; i < 9; i++ {
		b[i] = byte(x >> (8 * (i - 4)))
	}
	g.seq++
	b[9], b[10], b[11] = byte(g.seq>>16), byte(g.seq>>8), byte(g.seq)
	return hex.EncodeToString(b[:])
}

func (g *generator) pickNS() string {
	w := g.r.IntN(100)
	for _, n := range demoNamespaces {
		if w < n.weight {
			return n.ns
		}
		w -= n.weight
	}
	return demoNamespaces[0].ns
}

func (g *generator) pickKind() string {
	w := g.r.IntN(g.total)
	for i, k := range g.kinds {
		if w < g.weights[i] {
			return k.Short
		}
		w -= g.weights[i]
	}
	return g.kinds[0].Short
}

func tenantOf(ns string) string { return strings.SplitN(ns, ".", 2)[0] }

// machineKinds are written by Endor's own services, not by people.
var machineKinds = map[string]bool{"ScanResult": true, "RepositoryVersion": true, "ApplicationTelemetry": true}

func (g *generator) pickUser(kind, ns string) user {
	tenant := tenantOf(ns)
	if machineKinds[kind] || (kind != "UserTelemetry" && g.r.IntN(10) == 0) {
		var svc []user
		for _, u := range g.users {
			if u.service {
				svc = append(svc, u)
			}
		}
		return svc[g.r.IntN(len(svc))]
	}
	var mine []user
	for _, u := range g.users {
		if u.tenant == tenant {
			mine = append(mine, u)
		}
	}
	return mine[g.r.IntN(len(mine))]
}

func (g *generator) addr(u user) string {
	p := u.nets[g.r.IntN(len(u.nets))]
	a := p.Addr().AsSlice()
	bits := p.Bits()
	for i := bits / 8; i < len(a); i++ {
		v := byte(g.r.UintN(256))
		if i == bits/8 && bits%8 != 0 {
			mask := byte(0xff >> (bits % 8))
			v = a[i]&^mask | v&mask
		}
		a[i] = v
	}
	if len(a) == 4 && a[3] == 0 {
		a[3] = 1 + byte(g.r.IntN(254))
	}
	addr, _ := netip.AddrFromSlice(a)
	return addr.String()
}

var (
	repoNames = []string{"payments-api", "web-frontend", "auth-service", "billing-worker", "infra-terraform",
		"mobile-app", "data-pipeline", "search", "notifications", "legacy-monolith", "sdk-python", "sdk-go"}
	tagWords  = []string{"tier=1", "tier=2", "team=platform", "team=web", "team=data", "pci", "sox", "external", "critical", "owner=secops"}
	roles     = []string{"SYSTEM_ROLE_READ_ONLY", "SYSTEM_ROLE_CODE_SCANNER", "SYSTEM_ROLE_POLICY_EDITOR", "SYSTEM_ROLE_ADMIN"}
	levels    = []string{"FINDING_LEVEL_CRITICAL", "FINDING_LEVEL_HIGH", "FINDING_LEVEL_MEDIUM", "FINDING_LEVEL_LOW"}
	policyFor = []string{"POLICY_TYPE_USER_FINDING", "POLICY_TYPE_ADMISSION", "POLICY_TYPE_NOTIFICATION", "POLICY_TYPE_REMEDIATION", "POLICY_TYPE_EXCEPTION"}
)

func (g *generator) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *generator) hex(n int) string {
	b := make([]byte, (n+1)/2)
	for i := range b {
		b[i] = byte(g.r.UintN(256))
	}
	return hex.EncodeToString(b)[:n]
}

func (g *generator) policyRule(level string, exclude []string) string {
	ex := ""
	if len(exclude) > 0 {
		ex = "\n  not data.endor.excluded[input.project_uuid]"
	}
	return "package endor\n\nmatch_finding[result] {\n  some i\n  data.resources.Finding[i].spec.level == \"" + level +
		"\"" + ex + "\n  result = {\"Endor\": {\"Finding\": data.resources.Finding[i].uuid}}\n}"
}

// newSpec returns the first state of an object of kind.
func (g *generator) newSpec(o *object, t time.Time) {
	s := map[string]any{}
	repo := g.pick(repoNames)
	switch o.kind {
	case "Tenant":
		o.name = tenantOf(o.ns)
		s["display_name"] = strings.ToUpper(o.name[:1]) + o.name[1:] + " Corp"
		s["sso_enabled"] = false
	case "Namespace":
		o.name = g.pick([]string{"staging", "sandbox", "qa", "eu", "us"})
		s["full_name"] = o.ns + "." + o.name
	case "Project", "Repository":
		o.name = "https://github.com/" + tenantOf(o.ns) + "/" + repo + ".git"
		s["git"] = map[string]any{"http_clone_url": o.name, "web_url": strings.TrimSuffix(o.name, ".git")}
		s["platform_source"] = "PLATFORM_SOURCE_GITHUB"
	case "RepositoryVersion":
		o.name = "main"
		s["version"] = map[string]any{"ref": "main", "sha": g.hex(40)}
		s["project_uuid"] = g.objectID(t.Add(-time.Hour))
	case "ScanResult":
		o.name = "scan-" + g.hex(8)
		startT := t.Add(-time.Duration(g.r.IntN(1800)) * time.Second)
		status := "STATUS_SUCCESS"
		if g.r.IntN(12) == 0 {
			status = g.pick([]string{"STATUS_PARTIAL_SUCCESS", "STATUS_FAILURE"})
		}
		s["status"] = status
		s["type"] = g.pick([]string{"SCAN_TYPE_SCHEDULED", "SCAN_TYPE_PR", "SCAN_TYPE_CI"})
		s["start_time"] = startT.Format(time.RFC3339)
		s["end_time"] = t.Format(time.RFC3339)
		s["stats"] = map[string]any{"findings": g.r.IntN(400), "dependencies": 20 + g.r.IntN(2000)}
	case "User":
		first := g.pick([]string{"alex", "sam", "noor", "kai", "eva", "ian"})
		o.name = first + "@" + tenantOf(o.ns) + ".example"
		s["email"] = o.name
		s["identity_provider"] = g.pick([]string{"google", "github", "saml"})
		s["roles"] = []string{g.pick(roles)}
	case "UserTelemetry":
		o.name = "telemetry"
		s["page"] = g.pick([]string{"/findings", "/projects", "/policies", "/dashboard", "/settings/audit-logs"})
		s["count"] = 1
	case "AuthorizationPolicy":
		o.name = g.pick([]string{"admins", "read-only-auditors", "ci-scanners", "policy-editors"}) + "-" + g.hex(4)
		s["clause"] = []string{"domain=" + tenantOf(o.ns) + ".example"}
		s["permissions"] = map[string]any{"roles": []string{g.pick(roles)}}
		s["target_namespaces"] = []string{o.ns}
		s["propagate"] = g.r.IntN(2) == 0
	case "Policy":
		o.name = g.pick([]string{"block-critical-vulns", "warn-copyleft", "notify-secops", "auto-remediate-npm", "exception-legacy"}) + "-" + g.hex(4)
		level := g.pick(levels)
		s["policy_type"] = g.pick(policyFor)
		s["rule"] = g.policyRule(level, nil)
		s["query_statements"] = []string{"data.endor.match_finding"}
		s["resource_kinds"] = []string{"Finding"}
		s["disable"] = false
		s["project_selector"] = []string{g.pick(tagWords)}
	case "NotificationTarget":
		o.name = g.pick([]string{"secops-slack", "jira-appsec", "oncall-webhook", "email-ciso"})
		s["action_type"] = g.pick([]string{"ACTION_TYPE_SLACK", "ACTION_TYPE_JIRA", "ACTION_TYPE_WEBHOOK", "ACTION_TYPE_EMAIL"})
		s["enabled"] = true
	case "SupportedToolChain":
		o.name = "default-toolchains"
		s["java_tool_chain"] = map[string]any{"version": g.pick([]string{"11", "17", "21"})}
		s["python_tool_chain"] = map[string]any{"version": g.pick([]string{"3.10", "3.11", "3.12"})}
	case "ApplicationTelemetry":
		o.name = "app-telemetry"
		s["event"] = g.pick([]string{"scan_started", "scan_finished", "export"})
		s["count"] = 1 + g.r.IntN(50)
	case "EndorLicense":
		o.name = "license"
		s["type"] = g.pick([]string{"LICENSE_TYPE_ENTERPRISE", "LICENSE_TYPE_TRIAL"})
		s["seats"] = 10 * (1 + g.r.IntN(20))
		s["expiration_time"] = t.AddDate(1, 0, 0).Format(time.RFC3339)
	case "APIKey":
		o.name = g.pick([]string{"ci", "terraform", "backup", "siem-export"}) + "-key"
		s["key"] = "endr+" + g.hex(16)
		s["permissions"] = map[string]any{"roles": []string{g.pick(roles)}}
		s["expiration_time"] = t.AddDate(0, 6, 0).Format(time.RFC3339)
	case "Invitation":
		o.name = g.pick([]string{"new.hire", "contractor", "auditor"}) + "@" + tenantOf(o.ns) + ".example"
		s["invitee_email"] = o.name
		s["permissions"] = map[string]any{"roles": []string{g.pick(roles)}}
	case "IdentityProvider":
		o.name = "okta-sso"
		s["saml_provider"] = map[string]any{"entity_id": "http://www.okta.com/" + g.hex(20), "sso_url": "https://" + tenantOf(o.ns) + ".okta.com/app/endor/sso/saml"}
	default:
		o.name = strings.ToLower(o.kind) + "-" + g.hex(6)
		s["description"] = "settings of " + o.name
		s["enabled"] = true
		s["revision"] = 1
	}
	o.spec = s
}

// mutate changes an object the way an update of its kind would.
func (g *generator) mutate(o *object, t time.Time) {
	s := o.spec
	switch o.kind {
	case "Policy":
		switch g.r.IntN(4) {
		case 0:
			s["disable"] = !s["disable"].(bool)
		case 1:
			s["rule"] = g.policyRule(g.pick(levels), []string{"legacy"})
		case 2:
			s["project_selector"] = []string{g.pick(tagWords), g.pick(tagWords)}
		default:
			o.tags = []string{g.pick(tagWords)}
		}
	case "AuthorizationPolicy":
		switch g.r.IntN(3) {
		case 0:
			s["permissions"] = map[string]any{"roles": []string{g.pick(roles)}}
		case 1:
			s["clause"] = []string{"email=" + g.pick([]string{"jane.doe", "raj.patel", "li.wei"}) + "@" + tenantOf(o.ns) + ".example"}
		default:
			s["propagate"] = !s["propagate"].(bool)
		}
	case "Project", "Repository":
		o.tags = []string{g.pick(tagWords), g.pick(tagWords)}
	case "RepositoryVersion":
		s["version"] = map[string]any{"ref": "main", "sha": g.hex(40)}
	case "User":
		s["roles"] = []string{g.pick(roles)}
	case "UserTelemetry", "ApplicationTelemetry":
		s["count"] = s["count"].(int) + 1 + g.r.IntN(5)
	case "Tenant":
		s["sso_enabled"] = !s["sso_enabled"].(bool)
	case "NotificationTarget":
		s["enabled"] = !s["enabled"].(bool)
	case "EndorLicense":
		s["seats"] = s["seats"].(int) + 10
	case "APIKey":
		s["expiration_time"] = t.AddDate(0, 6, 0).Format(time.RFC3339)
	case "SupportedToolChain":
		s["java_tool_chain"] = map[string]any{"version": g.pick([]string{"11", "17", "21"})}
	default:
		if r, ok := s["revision"].(int); ok {
			s["revision"] = r + 1
		} else {
			o.description = "updated " + t.Format(time.DateOnly)
		}
	}
	o.rev++
}

type payloadMeta struct {
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Kind        string    `json:"kind"`
	Version     string    `json:"version"`
	CreateTime  time.Time `json:"create_time"`
	UpdateTime  time.Time `json:"update_time"`
	CreatedBy   string    `json:"created_by"`
	UpdatedBy   string    `json:"updated_by"`
	Tags        []string  `json:"tags,omitempty"`
}

type payload struct {
	Type       string         `json:"@type"`
	UUID       string         `json:"uuid"`
	Meta       payloadMeta    `json:"meta"`
	Spec       map[string]any `json:"spec"`
	TenantMeta api.TenantMeta `json:"tenant_meta"`
}

// entry generates the i-th entry.
func (g *generator) entry(i int) ([]byte, error) {
	t := g.start.Add(time.Duration((float64(i) + g.r.Float64()) * float64(g.span) / float64(g.n)))
	return g.entryAt(i, t)
}

// entryAt generates the i-th entry, created at t.
func (g *generator) entryAt(i int, t time.Time) ([]byte, error) {
	var o *object
	var op api.Operation
	switch {
	case i < len(g.kinds):
		// Every kind at least once, even in a tiny data set.
		o = g.create(g.kinds[i].Short, t)
		op = api.OperationCreate
	case len(g.live) == 0 || g.r.IntN(100) < 24:
		o = g.create(g.pickKind(), t)
		op = api.OperationCreate
	default:
		k := len(g.live) - 1 - int(g.r.ExpFloat64()*40)
		if k < 0 {
			k = g.r.IntN(len(g.live))
		}
		o = g.live[k]
		switch w := g.r.IntN(100); {
		case w < 52:
			op = api.OperationUpdate
		case w < 90:
			op = api.OperationUpsert
		case w < 98:
			op = api.OperationDelete
		default:
			op = api.OperationUnspecified
		}
		if o.kind == "UserTelemetry" || o.kind == "ApplicationTelemetry" {
			op = api.OperationUpsert
		}
	}
	u := g.pickUser(o.kind, o.ns)
	var fail *api.Status
	if i >= len(g.kinds) && g.r.IntN(100) < 3 {
		if g.r.IntN(2) == 0 {
			fail = &api.Status{Code: api.CodePermissionDenied, Message: "permission denied: " + u.name + " lacks " +
				strings.ToLower(op.Short()) + " on " + o.kind + " in namespace " + o.ns}
		} else {
			fail = &api.Status{Code: api.CodeInvalidArgument, Message: "invalid " + o.kind + ".Spec: value is required"}
		}
		fail.Details = []json.RawMessage{}
	}
	if fail == nil {
		switch op {
		case api.OperationUpdate, api.OperationUpsert, api.OperationUnspecified:
			g.mutate(o, t)
		case api.OperationDelete:
			g.remove(o)
		}
	}
	claims := u.claims
	pm := payloadMeta{Name: o.name, Description: o.description, Kind: o.kind, Version: "v1",
		CreateTime: o.created, UpdateTime: t, CreatedBy: o.createdBy, UpdatedBy: u.name, Tags: o.tags}
	if i%199 == 57 {
		// A hostile string, rotating through the kinds of attack.
		h := hostile[(i/199)%len(hostile)]
		pm.Description = h
		switch (i / 199) % 3 {
		case 0:
			pm.Name = h
		case 1:
			claims = append(append([]string(nil), claims[:len(claims)-1]...), "firstname="+h, claims[len(claims)-1])
		default:
			if fail == nil {
				fail = &api.Status{Code: api.CodeInvalidArgument, Details: []json.RawMessage{}}
			}
			fail.Message = "invalid Policy.Meta.Name " + strconv.Quote(h)[1:len(strconv.Quote(h))-1] + ": " + h
		}
	}
	e := genEntry{
		UUID: g.objectID(t),
		Meta: api.Meta{Name: "AuditLog", Kind: api.Kind, Version: "v1", CreateTime: t, UpdateTime: t,
			CreatedBy: u.name, UpdatedBy: u.name},
		Spec: genSpec{Operation: op, MessageKind: api.MessageKindPrefix + o.kind, MessageUUID: o.uuid,
			Payload: payload{
				Type: api.TypeURLPrefix + api.MessageKindPrefix + o.kind, UUID: o.uuid, Meta: pm, Spec: o.spec,
				TenantMeta: api.TenantMeta{Namespace: o.ns},
			},
			Error: fail, Claims: claims, RemoteAddress: g.addr(u)},
		TenantMeta: api.TenantMeta{Namespace: o.ns},
	}
	return json.Marshal(&e)
}

// genEntry is api.AuditLog with the payload as a value, so that an entry
// is encoded in one pass (a json.RawMessage payload would be encoded, then
// validated and compacted again).
type genEntry struct {
	UUID       string         `json:"uuid"`
	Meta       api.Meta       `json:"meta"`
	Spec       genSpec        `json:"spec"`
	TenantMeta api.TenantMeta `json:"tenant_meta"`
}

type genSpec struct {
	Operation     api.Operation `json:"operation"`
	MessageKind   string        `json:"message_kind"`
	MessageUUID   string        `json:"message_uuid"`
	Payload       payload       `json:"payload"`
	Error         *api.Status   `json:"error,omitempty"`
	Claims        []string      `json:"claims"`
	RemoteAddress string        `json:"remote_address"`
}

func (g *generator) create(kind string, t time.Time) *object {
	ns := g.pickNS()
	if kind == "Tenant" {
		ns = tenantOf(ns)
	}
	o := &object{kind: kind, ns: ns, created: t, uuid: g.objectID(t)}
	g.newSpec(o, t)
	o.createdBy = g.pickUser(kind, ns).name
	if kind != "ScanResult" {
		// Scan results are written once; everything else lives on.
		o.live = len(g.live)
		g.live = append(g.live, o)
	}
	return o
}

func (g *generator) remove(o *object) {
	last := g.live[len(g.live)-1]
	g.live[o.live] = last
	last.live = o.live
	g.live = g.live[:len(g.live)-1]
}

// generate calls fn with n generated entries in creation order.
func generate(seed int64, now time.Time, n int, fn func(raw []byte) error) error {
	g := newGenerator(seed, now, n)
	for i := range n {
		raw, err := g.entry(i)
		if err != nil {
			return err
		}
		if err := fn(raw); err != nil {
			return err
		}
	}
	return nil
}

// loadDemo fills db with n generated entries in one transaction. The
// generator runs in its own goroutine, ahead of the inserts.
func loadDemo(ctx context.Context, db *sqlStore, n int, seed int64, now time.Time) error {
	l, err := db.beginLoad(ctx, now)
	if err != nil {
		return err
	}
	raws := make(chan []byte, 256)
	stop := make(chan struct{})
	genErr := make(chan error, 1)
	go func() {
		defer close(raws)
		genErr <- generate(seed, now, n, func(raw []byte) error {
			select {
			case raws <- raw:
				return nil
			case <-stop:
				return context.Canceled
			}
		})
	}()
	for raw := range raws {
		if err == nil {
			var r record
			if r, err = indexRecord(raw); err != nil {
				err = fmt.Errorf("generated entry: %w", err)
			} else {
				_, err = l.add(ctx, &r)
			}
			if err != nil {
				close(stop)
			}
		}
	}
	if gerr := <-genErr; err == nil {
		err = gerr
	}
	if err != nil {
		l.rollback()
		return err
	}
	if err := l.commit(); err != nil {
		return err
	}
	return db.optimize(ctx)
}
