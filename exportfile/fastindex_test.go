package exportfile

import (
	"fmt"
	"testing"
)

var indexCases = []string{
	`{"uuid":"a","meta":{"create_time":"2026-01-01T00:00:00Z"},"tenant_meta":{"namespace":"acme"}}`,
	` { "uuid" : "a" , "meta" : { "x" : [1, {"create_time": 3}], "create_time" : "2026-01-01T00:00:00.5Z" } , "spec" : { "payload" : {"operation": 7, "s": "}\"]"}, "operation" : null } , "tenant_meta" : { "namespace" : "acme.prod" } } `,
	`{"uuid":"u\u0041","meta":{"create_time":"2026-01-01T00:00:00Z"},"tenant_meta":{"namespace":"acme"}}`,
	`{"u\u0075id":"a","meta":{"create_time":"2026-01-01T00:00:00Z"},"tenant_meta":{"namespace":"acme"}}`,
	`{"uuid":"a","meta":"x","meta":{"create_time":"2026-01-01T00:00:00Z"},"tenant_meta":{"namespace":"acme"}}`,
	`{"uuid":"a","uuid":"b","meta":{"create_time":"2026-01-01T00:00:00Z","create_time":"bad"},"tenant_meta":{"namespace":"acme"},"tenant_meta":{"namespace":"x"}}`,
	`{"uuid":3,"meta":{"create_time":"2026-01-01T00:00:00Z"},"tenant_meta":{"namespace":"acme"}}`,
	`{"uuid":null,"meta":{"create_time":"2026-01-01T00:00:00Z"},"tenant_meta":{"namespace":"acme"}}`,
	`{"uuid":"a","meta":{"create_time":null},"tenant_meta":{"namespace":"acme"}}`,
	`{"uuid":"a","meta":{"create_time":5},"tenant_meta":{"namespace":"acme"}}`,
	`{"uuid":"a","meta":{"create_time":"yesterday"},"tenant_meta":{"namespace":"acme"}}`,
	`{"uuid":"a","meta":{},"tenant_meta":{"namespace":"acme"}}`,
	`{"uuid":"a","meta":{"create_time":"2026-01-01T00:00:00Z"},"tenant_meta":{}}`,
	`{"uuid":"a","meta":{"create_time":"2026-01-01T00:00:00Z"},"tenant_meta":{"namespace":["x"]}}`,
	`{"uuid":"a","meta":{"create_time":"2026-01-01T00:00:00Z"},"spec":{"message_kind":true},"tenant_meta":{"namespace":"acme"}}`,
	`{"spec":{"operation":1},"uuid":3}`,
	`{"uuid":"a","spec":{"operation":"X","operation":4},"meta":{"create_time":"2026-01-01T00:00:00Z"},"tenant_meta":{"namespace":"acme"}}`,
	`{"uuid":"a","meta":{"create_time":"2026-01-01T00:00:00Z"},"spec":{"o\"":1,"message_uuid":"m\n"},"tenant_meta":{"namespace":"acme"}}`,
	`{"uuid":"a","meta":{"create_time":"2026-01-01T00:00:00Z"},"tenant_meta":{"namespace":"a\tb"}}`,
	`{"uuid":"a","meta":{"create_time":"2026-01-01T00:00:00Z"},"tenant_meta":{"namespace":"a\\b"}}`,
	`[1,2]`, `"x"`, `3`, `{}`, `{"uuid":"a"`, `{"uuid":"a"}x`, `null`, ``,
	`{"uuid":-1.5e3,"meta":{"create_time":true}}`,
}

func TestFastIndexAgrees(t *testing.T) {
	cases := append([]string{}, indexCases...)
	cases = append(cases, corpus(200)...)
	for _, c := range cases {
		checkAgree(t, c)
	}
}

func checkAgree(t *testing.T, c string) {
	t.Helper()
	a, aerr := index([]byte(c))
	b, berr := fastIndex([]byte(c))
	if a != b || fmt.Sprint(aerr) != fmt.Sprint(berr) {
		t.Errorf("%s:\nindex     %+v %v\nfastIndex %+v %v", c, a, aerr, b, berr)
	}
}

func FuzzFastIndex(f *testing.F) {
	for _, c := range indexCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, c string) { checkAgree(t, c) })
}
