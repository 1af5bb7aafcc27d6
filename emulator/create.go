package emulator

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/auditlog/auditlog/api"
)

// CreateAuditLog: POST /v1/namespaces/{ns}/audit-logs (reference §3, an
// internal route). The choices are recorded in decisions.go.

// maxEntryBytes is the largest AuditLog object the emulator stores, from a
// create body or an imported line (decisions.go).
const maxEntryBytes = 1 << 20

// idSource makes ObjectId-like uuids that increase strictly within one
// server: 4 bytes of creation seconds (never going back), 5 random bytes
// fixed for the server (as an ObjectId's process bytes are), a 3-byte
// counter. A client following new entries by uuid order misses none.
type idSource struct {
	mu      sync.Mutex
	process [5]byte
	sec     uint32
	count   uint32
}

func newIDSource() *idSource {
	s := &idSource{}
	rand.Read(s.process[:])
	var c [3]byte
	rand.Read(c[:])
	s.count = uint32(c[0])<<16 | uint32(c[1])<<8 | uint32(c[2])
	return s
}

func (s *idSource) next(t time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	sec := uint32(t.Unix())
	if sec < s.sec {
		sec = s.sec
	}
	s.count = (s.count + 1) & 0xffffff
	if sec == s.sec && s.count == 0 {
		sec++ // 2^24 entries in one second: borrow the next
	}
	s.sec = sec
	var b [12]byte
	b[0], b[1], b[2], b[3] = byte(sec>>24), byte(sec>>16), byte(sec>>8), byte(sec)
	copy(b[4:9], s.process[:])
	b[9], b[10], b[11] = byte(s.count>>16), byte(s.count>>8), byte(s.count)
	return hex.EncodeToString(b[:])
}

// handleCreate serves CreateAuditLog for the server's own token.
func (s *Server) handleCreate(w http.ResponseWriter, r *http.Request, ns string, id identity) {
	if !id.expires.IsZero() {
		// An exchanged token is a user's session; the internal route is
		// for the service's own callers (decisions.go).
		s.fail(w, r, api.CodePermissionDenied, "Unauthorized request for given endpoint")
		return
	}
	if s.sql == nil {
		s.fail(w, r, api.CodeUnimplemented, "CreateAuditLog is not served in file mode: the export is read-only")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxEntryBytes+1))
	if err != nil {
		s.fail(w, r, api.CodeInvalidArgument, "invalid request body: "+err.Error())
		return
	}
	if len(body) > maxEntryBytes {
		s.fail(w, r, api.CodeInvalidArgument, fmt.Sprintf("invalid request body: larger than %d bytes", maxEntryBytes))
		return
	}
	ctx, cancel := requestContext(r)
	defer cancel()
	raw, err := s.create(ctx, body, ns, id.user)
	var bad *badRequest
	switch {
	case errors.As(err, &bad):
		s.fail(w, r, api.CodeInvalidArgument, "invalid request body: "+bad.msg)
		return
	case err != nil:
		s.storeError(w, r, ctx, err)
		return
	}
	if compactRequested(r) {
		raw = compactObject(raw)
	}
	s.write(w, r, http.StatusOK, raw)
}

// createFields are the members of v1AuditLog; a body with another is
// refused, as protojson refuses an unknown field.
var createFields = []string{"uuid", "meta", "spec", "tenant_meta"}

// create stores body (an AuditLog object) as a new entry of namespace ns in
// the active tier and returns the stored bytes. The server sets uuid,
// meta.create_time, meta.update_time, meta.kind, meta.version and
// tenant_meta.namespace; meta.name defaults to "AuditLog" and
// meta.created_by/updated_by to caller. Errors in the body are *badRequest.
func (s *Server) create(ctx context.Context, body []byte, ns, caller string) ([]byte, error) {
	var top map[string]json.RawMessage
	if err := strictDecode(body, &top); err != nil {
		return nil, badf("%v", err)
	}
	if top == nil {
		return nil, badf("not a JSON object")
	}
	for k := range top {
		if !slices.Contains(createFields, k) {
			return nil, badf("unknown field %q", k)
		}
	}
	meta := map[string]json.RawMessage{}
	if m, ok := top["meta"]; ok && string(m) != "null" {
		if err := strictDecode(m, &meta); err != nil || meta == nil {
			return nil, badf("meta is not an object")
		}
	}
	spec, ok := top["spec"]
	if !ok || string(spec) == "null" {
		return nil, badf("spec is required")
	}
	var specFields map[string]json.RawMessage
	if err := strictDecode(spec, &specFields); err != nil || specFields == nil {
		return nil, badf("spec is not an object")
	}
	if op, ok := specFields["operation"]; ok {
		var name string
		if err := json.Unmarshal(op, &name); err != nil || !slices.Contains(api.Operations, api.Operation(name)) {
			return nil, badf("spec.operation %s is not one of %s", op, operationNames())
		}
	}
	tm := map[string]json.RawMessage{}
	if m, ok := top["tenant_meta"]; ok && string(m) != "null" {
		if err := strictDecode(m, &tm); err != nil || tm == nil {
			return nil, badf("tenant_meta is not an object")
		}
	}
	now := s.now().UTC()
	stamp, _ := json.Marshal(now.Format(time.RFC3339Nano))
	setDefault := func(k, v string) {
		if cur, ok := meta[k]; !ok || string(cur) == `""` || string(cur) == "null" {
			b, _ := json.Marshal(v)
			meta[k] = b
		}
	}
	setDefault("name", "AuditLog")
	setDefault("created_by", caller)
	setDefault("updated_by", caller)
	meta["kind"], _ = json.Marshal(api.Kind)
	meta["version"], _ = json.Marshal("v1")
	meta["create_time"], meta["update_time"] = stamp, stamp
	// The path names the namespace, as grpc-gateway binds a path
	// parameter over the body's field.
	tm["namespace"], _ = json.Marshal(ns)
	uuid, _ := json.Marshal(s.ids.next(now))

	var b bytes.Buffer
	b.WriteString(`{"uuid":`)
	b.Write(uuid)
	b.WriteString(`,"meta":`)
	writeOrdered(&b, meta, metaOrder)
	b.WriteString(`,"spec":`)
	if err := json.Compact(&b, spec); err != nil {
		return nil, badf("spec: %v", err)
	}
	b.WriteString(`,"tenant_meta":`)
	writeOrdered(&b, tm, nil)
	b.WriteByte('}')
	raw := b.Bytes()
	rec, err := indexRecord(raw)
	if err != nil {
		return nil, badf("%v", strings.TrimPrefix(err.Error(), errRecord.Error()+": "))
	}
	if err := s.sql.insert(ctx, tierActive, &rec); err != nil {
		return nil, err
	}
	return raw, nil
}

// metaOrder is the order of v1Meta's members in a stored entry; others
// follow in name order.
var metaOrder = []string{"name", "description", "kind", "version", "parent_uuid", "parent_kind",
	"create_time", "update_time", "upsert_time", "created_by", "updated_by", "tags", "annotations"}

// writeOrdered writes m as a compact JSON object: the keys of first in that
// order, then the rest sorted.
func writeOrdered(b *bytes.Buffer, m map[string]json.RawMessage, first []string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		if !slices.Contains(first, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var ordered []string
	for _, k := range first {
		if _, ok := m[k]; ok {
			ordered = append(ordered, k)
		}
	}
	ordered = append(ordered, keys...)
	b.WriteByte('{')
	for i, k := range ordered {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		json.Compact(b, m[k]) // valid: it was decoded
	}
	b.WriteByte('}')
}

// strictDecode decodes one JSON value and refuses trailing data.
func strictDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the JSON object")
	}
	return nil
}

func operationNames() string {
	names := make([]string, len(api.Operations))
	for i, op := range api.Operations {
		names[i] = string(op)
	}
	return strings.Join(names, ", ")
}

// insert stores one new entry in tier t; a uuid already stored in either
// tier is an error.
func (s *sqlStore) insert(ctx context.Context, t tier, r *record) error {
	_, err := s.db.ExecContext(ctx, fmt.Sprintf(
		"INSERT INTO %s(%s) SELECT ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM %s WHERE uuid = ?)",
		tables[t], columns, tables[1-t]),
		r.UUID, r.NS, nullable(r.Kind, r.Has&hasKind), nullable(r.Op, r.Has&hasOp),
		nullable(r.MUUID, r.Has&hasMUUID), r.CTime, r.Raw, r.UUID)
	return err
}
