package filters

import (
	"encoding/json"
	"testing"
)

// benchFilter is a realistic investigation filter: operation, kind, time
// and claims.
const benchFilter = `spec.operation in [OPERATION_CREATE, OPERATION_UPDATE]
  and spec.message_kind == 'internal.endor.ai.endor.v1.AuthorizationPolicy'
  and meta.create_time >= now(-48h)
  and spec.claims matches 'email=.*@example\.com'`

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchFilter)))
	for b.Loop() {
		if _, err := Parse(benchFilter); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkString(b *testing.B) {
	e, _ := Parse(benchFilter)
	b.ReportAllocs()
	for b.Loop() {
		_ = e.String()
	}
}

func benchMatcher(b *testing.B) *Matcher {
	m, err := ParseAndCompile(benchFilter)
	if err != nil {
		b.Fatal(err)
	}
	var doc any
	_ = json.Unmarshal([]byte(auditDoc), &doc)
	if !m.Match(doc, evalNow) || !m.MatchJSON([]byte(auditDoc), evalNow) {
		b.Fatal("the benchmark filter does not match the document")
	}
	return m
}

// BenchmarkMatch evaluates on an already decoded document.
func BenchmarkMatch(b *testing.B) {
	m := benchMatcher(b)
	var doc any
	_ = json.Unmarshal([]byte(auditDoc), &doc)
	b.ReportAllocs()
	for b.Loop() {
		m.Match(doc, evalNow)
	}
}

// BenchmarkDecodeAndMatch is what Match costs on raw input: json.Unmarshal
// of every document first.
func BenchmarkDecodeAndMatch(b *testing.B) {
	m := benchMatcher(b)
	raw := []byte(auditDoc)
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		var doc any
		if err := json.Unmarshal(raw, &doc); err != nil {
			b.Fatal(err)
		}
		m.Match(doc, evalNow)
	}
}

// BenchmarkMatchJSON evaluates on the raw bytes, the path of list --file.
func BenchmarkMatchJSON(b *testing.B) {
	m := benchMatcher(b)
	raw := []byte(auditDoc)
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		m.MatchJSON(raw, evalNow)
	}
}

// BenchmarkMatchJSONMiss is the common case of a scan: the first condition
// fails.
func BenchmarkMatchJSONMiss(b *testing.B) {
	m, _ := ParseAndCompile("spec.operation == OPERATION_DELETE and " + benchFilter)
	raw := []byte(auditDoc)
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if m.MatchJSON(raw, evalNow) {
			b.Fatal("matched")
		}
	}
}
