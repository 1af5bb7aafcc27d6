package client

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
)

func TestCreateAuditLog(t *testing.T) {
	f := setup(t)
	var got map[string]json.RawMessage
	f.mux.HandleFunc("/v1/namespaces/acme.prod/audit-logs", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		if h := r.Header.Get("Authorization"); h != "Bearer "+testToken {
			t.Errorf("Authorization %q", h)
		}
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &got); err != nil {
			t.Errorf("body %s: %v", b, err)
		}
		io.WriteString(w, `{"uuid":"66b0000000000000000000aa","meta":{"create_time":"2026-03-01T10:00:00Z","kind":"AuditLog"},"spec":{"operation":"OPERATION_CREATE","message_kind":"internal.endor.ai.endor.v1.Policy"},"tenant_meta":{"namespace":"acme.prod"}}`)
	})
	e, _, err := f.client.CreateAuditLog(context.Background(), "acme.prod", api.AuditLog{
		UUID: "ignored",
		Meta: api.Meta{Kind: "AuditLog", CreateTime: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)},
		Spec: api.AuditLogSpec{Operation: api.OperationCreate, MessageKind: "internal.endor.ai.endor.v1.Policy", Claims: []string{"email=a@b"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if e.UUID != "66b0000000000000000000aa" || e.TenantMeta.Namespace != "acme.prod" || !strings.Contains(string(e.Raw), `"uuid":"66b0000000000000000000aa"`) {
		t.Errorf("entry %+v", e)
	}
	if _, ok := got["uuid"]; ok {
		t.Errorf("the body carries a uuid: %v", got)
	}
	if string(got["spec"]) == "" || !strings.Contains(string(got["spec"]), "OPERATION_CREATE") || !strings.Contains(string(got["meta"]), "create_time") {
		t.Errorf("body %v", got)
	}
	// Refusals come back typed.
	f.mux.HandleFunc("/v1/namespaces/other/audit-logs", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"code":7,"message":"Unauthorized request for given endpoint"}`)
	})
	_, _, err = f.client.CreateAuditLog(context.Background(), "other", api.AuditLog{Spec: api.AuditLogSpec{Operation: api.OperationDelete}})
	var ae *APIError
	if !asAPIError(err, &ae) || ae.Code != api.CodePermissionDenied {
		t.Errorf("err = %v, want permission denied", err)
	}
	if _, _, err := f.client.CreateAuditLog(context.Background(), "acme", api.AuditLog{}); err == nil {
		t.Error("an entry without an operation was sent")
	}
	f.assertNoSecret(t, err)
}
