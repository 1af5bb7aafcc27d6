package filters

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzParse checks that Parse never panics, that its errors carry a
// position, and that for every filter that parses, the canonical form
// parses back to an equal filter and is a fixpoint of printing. Matching
// must not panic either.
func FuzzParse(f *testing.F) {
	for _, d := range readDocFilters(f) {
		f.Add(d.src)
	}
	for _, s := range []string{
		"a == 'it\\'s' or (b in [x, 'y', 3, true, date(2024-01-01), now(-7d)] and c not exists)",
		"A CONTAINS x AND b Not In [] OR c matches \"(?i)x\\\\y\"",
		"a == '\\x1b\\u{202e}\\n'",
		"spec.payload.@type == x and a >= now(-1.5h)",
	} {
		f.Add(s)
	}
	const rawDoc = `{"a":["x",1,{"b":true,"0":"z"}],"b":{"c":null,"d":[],"e":{}},"spec":{"claims":["email=x"],"n":-2.5}}`
	var doc any
	if err := json.Unmarshal([]byte(rawDoc), &doc); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if err != nil {
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is %T, not *Error", err, err)
			}
			if len(src) <= MaxSize && !fe.Pos.IsValid() {
				t.Fatalf("error %q has no position", fe.Msg)
			}
			_ = fe.Snippet()
			return
		}
		canon := e.String()
		again, err := Parse(canon)
		if err != nil {
			t.Fatalf("canonical form of %q does not parse: %q: %v", src, canon, err)
		}
		if !Equal(e, again) {
			t.Fatalf("Parse(String(x)) != x\n src   %q\n canon %q\n again %q", src, canon, again.String())
		}
		if again.String() != canon {
			t.Fatalf("String is not a fixpoint:\n %q\n %q", canon, again.String())
		}
		_ = Check(e, CheckOptions{Archive: true, Src: src})
		frozen := Freeze(e, evalNow).String()
		if _, err := Parse(frozen); err != nil {
			t.Fatalf("frozen form %q does not parse: %v", frozen, err)
		}
		if m, err := Compile(e); err == nil {
			got, gotJ := m.Match(doc, evalNow), m.MatchJSON([]byte(rawDoc), evalNow)
			if got != gotJ {
				t.Fatalf("%q: Match %v, MatchJSON %v", canon, got, gotJ)
			}
		}
	})
}
