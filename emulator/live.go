package emulator

import (
	"context"
	"time"

	"github.com/tidwall/gjson"
)

// DefaultLiveEvery is how often a live demo server (Options.Live) adds an
// entry: three a minute, enough to watch a follow arrive without
// flooding the list.
const DefaultLiveEvery = 20 * time.Second

// liveLoop adds one generated entry per tick until ctx ends. Each entry
// goes through create, the path of POST /v1/namespaces/{ns}/audit-logs,
// so that it gets its uuid and times the way a created entry does.
func (s *Server) liveLoop(ctx context.Context, ticks <-chan time.Time, seed int64, added chan<- string) {
	// A generator of its own (seed+1, so that its objects are not the
	// demo's), started at the first live instant.
	g := newGenerator(seed+1, s.now(), 1)
	caller := "emulator@" + s.tenant + "@api-key"
	for i := len(g.kinds); ; i++ {
		select {
		case <-ctx.Done():
			return
		case <-ticks:
		}
		raw, err := g.entryAt(i, s.now().UTC())
		if err != nil {
			s.log.Error("live entry", "err", err)
			continue
		}
		ns := gjson.GetBytes(raw, "tenant_meta.namespace").Str
		stored, err := s.create(ctx, raw, ns, caller)
		if err != nil {
			if ctx.Err() == nil {
				s.log.Error("live entry", "err", err)
			}
			continue
		}
		uuid := gjson.GetBytes(stored, "uuid").Str
		s.log.Debug("live entry", "uuid", uuid, "namespace", ns)
		if added != nil {
			select {
			case added <- uuid:
			case <-ctx.Done():
				return
			}
		}
	}
}
