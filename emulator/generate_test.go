package emulator

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/filters"
)

func digest(t *testing.T, seed int64, now time.Time, n int) [32]byte {
	h := sha256.New()
	if err := generate(seed, now, n, func(raw []byte) error { h.Write(raw); h.Write([]byte{'\n'}); return nil }); err != nil {
		t.Fatal(err)
	}
	var d [32]byte
	copy(d[:], h.Sum(nil))
	return d
}

func TestGeneratorIsDeterministic(t *testing.T) {
	t.Parallel()
	a := digest(t, 7, testNow, 1500)
	if b := digest(t, 7, testNow, 1500); a != b {
		t.Error("same seed and clock gave different bytes")
	}
	if b := digest(t, 8, testNow, 1500); a == b {
		t.Error("another seed gave the same bytes")
	}
	if b := digest(t, 7, testNow.Add(time.Hour), 1500); a == b {
		t.Error("another clock gave the same bytes")
	}
}

func TestGeneratorIsRealistic(t *testing.T) {
	t.Parallel()
	const n = 5000
	var (
		kinds      = map[string]bool{}
		ops        = map[api.Operation]int{}
		nss        = map[string]bool{}
		errCodes   = map[api.Code]int{}
		history    = map[string]map[string]bool{} // message uuid → distinct payload specs
		all        strings.Builder
		v6, trap   int
		prev       string
		oldest     time.Time
		newest     time.Time
		claimForms = map[string]bool{}
	)
	err := generate(DefaultSeed, testNow, n, func(raw []byte) error {
		var e api.AuditLog
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatalf("entry is not an AuditLog: %v", err)
		}
		all.Write(raw)
		if e.UUID <= prev || len(e.UUID) != 24 {
			t.Fatalf("uuid %s after %s: not ascending 24-hex", e.UUID, prev)
		}
		prev = e.UUID
		if sec := e.UUID[:8]; sec != strings.ToLower(hexSeconds(e.Meta.CreateTime)) {
			t.Fatalf("uuid %s does not start with its creation second", e.UUID)
		}
		if oldest.IsZero() {
			oldest = e.Meta.CreateTime
		}
		newest = e.Meta.CreateTime
		kinds[e.Spec.MessageKind] = true
		ops[e.Spec.Operation]++
		nss[e.TenantMeta.Namespace] = true
		if e.Spec.Error != nil {
			errCodes[e.Spec.Error.Code]++
		}
		var p struct {
			Type string          `json:"@type"`
			UUID string          `json:"uuid"`
			Spec json.RawMessage `json:"spec"`
			Meta struct{ Tags []string }
		}
		if err := json.Unmarshal(e.Spec.Payload, &p); err != nil || p.Type != api.TypeURLPrefix+e.Spec.MessageKind || p.UUID != e.Spec.MessageUUID {
			t.Fatalf("payload %s", e.Spec.Payload)
		}
		if history[p.UUID] == nil {
			history[p.UUID] = map[string]bool{}
		}
		history[p.UUID][string(p.Spec)+strings.Join(p.Meta.Tags, ",")] = true
		addr, err := netip.ParseAddr(e.Spec.RemoteAddress)
		if err != nil {
			t.Fatalf("remote_address %q", e.Spec.RemoteAddress)
		}
		if addr.Is6() {
			v6++
		}
		if netPods.Contains(addr) {
			// In 10.244.0.0/16 but outside the docs' string range
			// >= '10.244.0.0' and <= '10.244.255.255' (10.244.3.1 is
			// "greater" than 10.244.255.255 as text).
			if s := e.Spec.RemoteAddress; s < "10.244.0.0" || s > "10.244.255.255" {
				trap++
			}
		}
		for _, c := range e.Spec.Claims {
			for _, form := range []string{"ID=", "email=", "firstname=", "domain=", "issuer=https://api.endorlabs.com/v1"} {
				if strings.HasPrefix(c, form) {
					claimForms[form] = true
				}
			}
			for _, form := range []string{"@google", "@github", "@x509", "@api-key", "scheduler@endor.ai@x509"} {
				if strings.HasPrefix(c, "user=") && strings.HasSuffix(c, form) {
					claimForms[form] = true
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range filters.Kinds() {
		if !kinds[k.Full] {
			t.Errorf("kind %s never generated", k.Short)
		}
	}
	for _, op := range api.Operations {
		if ops[op] == 0 {
			t.Errorf("operation %s never generated", op)
		}
	}
	common := ops[api.OperationUpdate] + ops[api.OperationUpsert] + ops[api.OperationCreate]
	if common < n*85/100 || ops[api.OperationDelete] > n/10 || ops[api.OperationUnspecified] > n*3/100 || ops[api.OperationUnspecified] > ops[api.OperationDelete] {
		t.Errorf("operation mix %v", ops)
	}
	for _, ns := range []string{"acme", "acme.prod", "acme.prod.web", "acme.dev", "globex"} {
		if !nss[ns] {
			t.Errorf("namespace %s never used", ns)
		}
	}
	if errCodes[api.CodePermissionDenied] == 0 || errCodes[api.CodeInvalidArgument] == 0 {
		t.Errorf("failed operations: %v", errCodes)
	}
	if v6 == 0 || trap == 0 {
		t.Errorf("%d IPv6 addresses, %d pod addresses the docs' string range misses", v6, trap)
	}
	for _, form := range []string{"ID=", "email=", "firstname=", "domain=", "issuer=https://api.endorlabs.com/v1", "@google", "@github", "@x509", "@api-key", "scheduler@endor.ai@x509"} {
		if !claimForms[form] {
			t.Errorf("no claim like %s", form)
		}
	}
	changing := 0
	for _, specs := range history {
		if len(specs) >= 3 {
			changing++
		}
	}
	if changing < 20 {
		t.Errorf("only %d objects change three times or more", changing)
	}
	if testNow.Sub(oldest) < 3*365*24*time.Hour-48*time.Hour || testNow.Sub(newest) > 24*time.Hour || newest.After(testNow) {
		t.Errorf("entries span %s to %s", oldest, newest)
	}
	text := all.String()
	for name, seq := range map[string]string{
		"CSI colour": `\u001b[31m`, "CSI cursor": `\u001b[2J`, "OSC 0": `\u001b]0;`, "OSC 52": `\u001b]52;`, "DCS": `\u001bP`,
		"BEL": `\u0007`, "RTL override": "\u202e", "zero width": "\u200b", "combining": "\u0337", "long value": strings.Repeat("long-value-", 500),
		"CR LF": `\r\n`,
	} {
		if !strings.Contains(text, seq) {
			t.Errorf("no hostile %s", name)
		}
	}
}

func hexSeconds(t time.Time) string {
	const digits = "0123456789abcdef"
	s := uint32(t.Unix())
	b := make([]byte, 8)
	for i := 7; i >= 0; i-- {
		b[i] = digits[s&15]
		s >>= 4
	}
	return string(b)
}

// TestDemoStableWithinTheHour: two --demo servers started in the same hour
// serve the same entries, so a uuid found with one run is there in the next.
func TestDemoStableWithinTheHour(t *testing.T) {
	t.Parallel()
	base := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	first := func(now time.Time) string {
		srv, err := Start(context.Background(), Options{Demo: true, DemoSize: 200, Token: "t", Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/v1/namespaces/acme/audit-logs?list_parameters.traverse=true&list_parameters.mask=uuid,spec.message_uuid", nil)
		req.Header.Set("Authorization", "Bearer t")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	a, b := first(base.Add(2*time.Minute)), first(base.Add(58*time.Minute))
	if a != b || !strings.Contains(a, `"uuid"`) {
		t.Errorf("two runs in one hour differ:\n%s\n%s", a, b)
	}
	if c := first(base.Add(62 * time.Minute)); c == a {
		t.Error("the next hour serves the same entries: the demo does not follow the clock")
	}
}
