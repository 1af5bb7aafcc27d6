package seen

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/filters"
)

func entry(actor, addr, payload string) client.Entry {
	var e client.Entry
	e.Spec.Claims = []string{"email=" + actor, "user=" + actor + "@google"}
	e.Spec.RemoteAddress = addr
	e.Spec.Payload = json.RawMessage(payload)
	return e
}

func TestValues(t *testing.T) {
	t.Parallel()
	var v Values
	v.Add([]client.Entry{
		entry("alice@example.com", "10.0.0.1", `{"spec":{"rule":"x","tags":[{"name":"a"}]},"odd key":1}`),
		entry("bob@example.com", "10.0.0.2", `[1]`),
		entry("alice@example.com", "10.0.0.1", `not json`),
	})
	if got, want := v.Actors(), []string{"alice@example.com", "bob@example.com"}; !slices.Equal(got, want) {
		t.Errorf("actors %q, want %q", got, want)
	}
	s := v.Suggestions()
	if got, want := s.Paths, []string{"spec.payload.spec", "spec.payload.spec.rule", "spec.payload.spec.tags", "spec.payload.spec.tags.name"}; !slices.Equal(got, want) {
		t.Errorf("paths %q, want %q", got, want)
	}
	if got, want := s.Values[filters.PathRemoteAddress], []string{"10.0.0.1", "10.0.0.2"}; !slices.Equal(got, want) {
		t.Errorf("addresses %q, want %q", got, want)
	}
	if got := s.Values[filters.PathClaims]; len(got) != 4 {
		t.Errorf("claims %q", got)
	}
	if _, ok := s.Values[pathActor]; ok {
		t.Error("the actor key is no field path")
	}
	v.Reset()
	if len(v.Actors()) != 0 || len(v.Suggestions().Paths) != 0 {
		t.Error("Reset kept values")
	}
}

func TestValuesAreBounded(t *testing.T) {
	t.Parallel()
	var v Values
	var page []client.Entry
	for i := range maxValues + 50 {
		var e client.Entry
		e.AuditLog = api.AuditLog{}
		e.Spec.RemoteAddress = fmt.Sprintf("10.0.%d.%d", i/256, i%256)
		e.Spec.Payload = json.RawMessage(fmt.Sprintf(`{"k%d":1}`, i))
		page = append(page, e)
	}
	for range 3 {
		v.Add(page)
	}
	s := v.Suggestions()
	if n := len(s.Values[filters.PathRemoteAddress]); n != maxValues {
		t.Errorf("%d addresses kept, want %d", n, maxValues)
	}
	if n := len(s.Paths); n != maxValues+50 {
		t.Errorf("%d paths", n)
	}
}
