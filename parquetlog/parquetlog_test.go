package parquetlog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/parquet-go/parquet-go"
)

func TestRoundTrip(t *testing.T) {
	base := time.Date(2026, 3, 1, 12, 0, 0, 123456000, time.UTC)
	var want []Row
	var buf bytes.Buffer
	w := NewWriter(&buf, Options{RowGroupRows: 100})
	for i := range 1050 {
		raw := fmt.Sprintf(`{"uuid":"u%04d","meta":{"create_time":%q,"created_by":"svc"},"spec":{"operation":"OPERATION_UPDATE","message_kind":"internal.endor.ai.endor.v1.Policy","message_uuid":"m%d","claims":["email=a%d@example.com","user=x"],"remote_address":"10.0.0.%d"},"tenant_meta":{"namespace":"acme.prod"}}`,
			i, base.Add(time.Duration(i)*time.Second).Format(time.RFC3339Nano), i%7, i%3, i%250)
		if i%10 == 0 {
			raw = fmt.Sprintf(`{"uuid":"u%04d","meta":{"create_time":%q},"spec":{"operation":"OPERATION_DELETE","error":{"code":7,"message":"denied \u001b[31m"}},"tenant_meta":{"namespace":"acme"}}`, i, base.Format(time.RFC3339Nano))
		}
		var e api.AuditLog
		if err := json.Unmarshal([]byte(raw), &e); err != nil {
			t.Fatal(err)
		}
		r := RowOf(&e, "active", []byte(raw))
		want = append(want, r)
		if err := w.Write([]Row{r}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.RowGroups()); n != 11 {
		t.Errorf("%d row groups, want 11 (1050 rows by 100)", n)
	}
	got, err := parquet.Read[Row](bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.UUID != w.UUID || !g.CreateTime.Equal(w.CreateTime) || g.Operation != w.Operation || g.MessageKind != w.MessageKind ||
			g.MessageUUID != w.MessageUUID || g.Actor != w.Actor || !slices.Equal(g.Claims, w.Claims) || g.RemoteAddress != w.RemoteAddress ||
			g.Namespace != w.Namespace || g.JSON != w.JSON || !sameOpt(g.ErrorCode, w.ErrorCode) || !sameOpt(g.ErrorMessage, w.ErrorMessage) {
			t.Fatalf("row %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	if got[0].ErrorCode == nil || *got[0].ErrorCode != api.Code(7).String() || got[1].ErrorCode != nil {
		t.Errorf("error columns: %v, %v", got[0].ErrorCode, got[1].ErrorCode)
	}
	if got[1].Actor != "a1@example.com" || got[1].CreateTime.Nanosecond() != 123456000 {
		t.Errorf("row 1: actor %q, time %v", got[1].Actor, got[1].CreateTime)
	}
	// The schema engines see.
	for _, c := range [][]string{{"uuid"}, {"create_time"}, {"operation"}, {"claims", "list", "element"}, {"json"}, {"error_code"}} {
		if _, ok := f.Schema().Lookup(c...); !ok {
			t.Errorf("no column %v in %s", c, f.Schema())
		}
	}
	if s := f.Schema().String(); !bytes.Contains([]byte(s), []byte("create_time (TIMESTAMP(isAdjustedToUTC=true,unit=MICROS))")) || !bytes.Contains([]byte(s), []byte("claims (LIST)")) {
		t.Errorf("schema:\n%s", s)
	}
}

func sameOpt(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
