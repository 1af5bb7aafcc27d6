package emulator

import (
	"encoding/json"
	"testing"
)

func TestCompactObject(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"nothing to drop", `{"a":1,"b":"x","c":[1],"d":{},"e":false,"f":0}`, `{"a":1,"b":"x","c":[1],"d":{},"e":false,"f":0}`},
		{"null, empty string, empty list", `{"a":null,"b":"","c":[],"d":"keep"}`, `{"d":"keep"}`},
		{"nested", `{"spec":{"error":{"code":7,"details":[]},"claims":["",null]}}`, `{"spec":{"error":{"code":7},"claims":["",null]}}`},
		{"spaced empty list", `{"a":[ ],"b":[ 1 ]}`, `{"b":[1]}`},
		{"in objects inside lists", `{"l":[{"x":null,"y":1}]}`, `{"l":[{"y":1}]}`},
		{"string that looks empty", `{"a":"null \"\" []"}`, `{"a":"null \"\" []"}`},
		{"escaped keys kept verbatim", `{"\u0041":"",  "b\n":"v"}`, `{"b\n":"v"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(compactObject([]byte(tc.in)))
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			if !json.Valid([]byte(got)) {
				t.Errorf("invalid JSON %s", got)
			}
		})
	}
}

func TestMask(t *testing.T) {
	t.Parallel()
	doc := `{"uuid":"u","meta":{"name":"n","create_time":"t","tags":["a"]},"spec":{"operation":"OP","error":{"code":7,"message":"m"},"payload":{"@type":"x","spec":{"k":1}}},"tenant_meta":{"namespace":"acme"}}`
	tests := []struct{ name, mask, want, err string }{
		{"one field", "uuid", `{"uuid":"u"}`, ""},
		{"nested fields keep document order", "tenant_meta.namespace, meta.tags,uuid", `{"uuid":"u","meta":{"tags":["a"]},"tenant_meta":{"namespace":"acme"}}`, ""},
		{"whole object", "spec.payload", `{"spec":{"payload":{"@type":"x","spec":{"k":1}}}}`, ""},
		{"parent wins over child", "spec.error.code,spec.error", `{"spec":{"error":{"code":7,"message":"m"}}}`, ""},
		{"child of a message", "spec.error.code", `{"spec":{"error":{"code":7}}}`, ""},
		{"absent field", "meta.description", `{"meta":{}}`, ""},
		{"empty mask", " , ", doc, ""},
		{"unknown top", "uui", "", `mask: proto: invalid path "uui" for message "internal.endor.ai.endor.v1.AuditLog"`},
		{"unknown nested", "meta.nam", "", `mask: proto: invalid path "meta.nam" for message "internal.endor.ai.endor.v1.AuditLog"`},
		{"below a leaf", "meta.tags.x", "", `mask: proto: invalid path "meta.tags.x" for message "internal.endor.ai.endor.v1.AuditLog"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := parseMask(tc.mask)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v, want %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := doc
			if m != nil {
				got = string(m.apply([]byte(doc)))
			}
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}
