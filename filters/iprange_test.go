package filters

import (
	"math/rand/v2"
	"net/netip"
	"regexp"
	"strings"
	"testing"
)

// ipRangeMatcher returns the compiled regular expression of IPRange(spec)
// and the range's ends as netip computes them.
func ipRangeMatcher(t *testing.T, spec string) (*regexp.Regexp, netip.Addr, netip.Addr) {
	t.Helper()
	e, err := IPRange(spec)
	if err != nil {
		t.Fatalf("IPRange(%q): %v", spec, err)
	}
	c := e.(*Compare)
	if c.Path.String() != PathRemoteAddress || c.Op != Matches {
		t.Fatalf("IPRange(%q) = %s", spec, e)
	}
	re := regexp.MustCompile(c.Value.(*String).Value)
	lo, hi, err := parseIPRange(spec)
	if err != nil {
		t.Fatal(err)
	}
	// The range's ends, computed independently of parseIPRange for CIDRs.
	if p, err := netip.ParsePrefix(spec); err == nil {
		p = p.Masked()
		if lo != p.Addr() || !p.Contains(hi) || (hi.Next().IsValid() && p.Contains(hi.Next())) {
			t.Fatalf("%s: ends %s..%s disagree with netip", spec, lo, hi)
		}
	}
	// The filter round-trips through the printer.
	back, err := Parse(e.String())
	if err != nil || !Equal(back, e) {
		t.Fatalf("IPRange(%q) does not round-trip: %s: %v", spec, e, err)
	}
	return re, lo, hi
}

// wantMatch is the oracle: whether the text form denotes an address in the
// range lo..hi, by netip. The IPv4-mapped form ::ffff:a.b.c.d denotes the
// IPv4 address for an IPv4 range and the IPv6 address for an IPv6 range.
func wantMatch(form string, lo, hi netip.Addr) bool {
	b, err := netip.ParseAddr(form)
	if err != nil {
		panic(err)
	}
	if lo.Is4() {
		if b.Is4In6() {
			b = b.Unmap()
		}
		if !b.Is4() {
			return false
		}
	} else if !b.Is6() {
		return false
	}
	return !b.Less(lo) && !hi.Less(b)
}

// textForms returns the text forms of a a server might record: the
// canonical one and, for IPv4, the IPv4-mapped IPv6 form; for IPv6 also
// the uncompressed form and an upper-case one.
func textForms(a netip.Addr) []string {
	forms := []string{a.String()}
	if a.Is4() {
		return append(forms, "::ffff:"+a.String())
	}
	expanded := a.StringExpanded()
	groups := strings.Split(expanded, ":")
	for i, g := range groups {
		if g = strings.TrimLeft(g, "0"); g == "" {
			g = "0"
		}
		groups[i] = g
	}
	return append(forms, strings.Join(groups, ":"), strings.ToUpper(a.String()))
}

func checkAddr(t *testing.T, spec string, re *regexp.Regexp, a, lo, hi netip.Addr) {
	t.Helper()
	for _, form := range textForms(a) {
		want := wantMatch(form, lo, hi)
		if got := re.MatchString(form); got != want {
			t.Errorf("%s: %q matched=%v, want %v (regexp of %d bytes)", spec, form, got, want, len(re.String()))
		}
	}
}

func TestIPRangeBoundaries(t *testing.T) {
	t.Parallel()
	specs := []string{
		"10.244.0.0/16", "10.0.0.5-10.0.1.7", "10.0.0.5 - 10.0.1.7", "192.168.1.1", "0.0.0.0/0", "255.255.255.255/32",
		"10.244.3.0/24", "172.16.0.0/12", "1.2.3.4-200.100.50.25", "9.255.255.250-10.0.0.9",
		"2001:db8::/48", "2001:db8::/32", "::/0", "::1", "fe80::/10", "2001:db8::5-2001:db8::1:7",
		"2001:db8:0:0:1::/80", "::ffff:0:0/96", "::ffff:10.244.0.0/112", "2001:db8::ffff:0:0/96",
		"ff00::/8", "2001:db8:1234:5678:9abc:def0:1:0/112", "::-::ff", "1::-1::1:0",
	}
	for _, spec := range specs {
		t.Run(spec, func(t *testing.T) {
			t.Parallel()
			re, lo, hi := ipRangeMatcher(t, spec)
			probes := []netip.Addr{lo, hi, lo.Next(), hi.Prev(), lo.Prev(), hi.Next()}
			for _, a := range probes {
				if a.IsValid() {
					checkAddr(t, spec, re, a, lo, hi)
				}
			}
			// The doc example's address that the string range misses.
			if spec == "10.244.0.0/16" && !re.MatchString("10.244.3.1") {
				t.Error("10.244.3.1 not matched")
			}
		})
	}
}

// TestIPRangeRandom compares the regular expression with netip on random
// ranges and random addresses in, near and far from them (fixed seed).
func TestIPRangeRandom(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	randAddr := func(v6 bool) netip.Addr {
		if !v6 {
			var b [4]byte
			for i := range b {
				b[i] = byte(rng.IntN(256))
			}
			return netip.AddrFrom4(b)
		}
		var b [16]byte
		for i := range b {
			// Many zero bytes, so that :: compression shows up often.
			if rng.IntN(3) > 0 {
				b[i] = byte(rng.IntN(256))
			}
		}
		return netip.AddrFrom16(b)
	}
	near := func(a netip.Addr, v6 bool) netip.Addr {
		// Change one byte of a a little.
		var b []byte
		if v6 {
			x := a.As16()
			b = x[:]
		} else {
			x := a.As4()
			b = x[:]
		}
		i := rng.IntN(len(b))
		b[i] += byte(rng.IntN(5)) - 2
		if v6 {
			return netip.AddrFrom16([16]byte(b))
		}
		return netip.AddrFrom4([4]byte(b))
	}
	for round := range 300 {
		v6 := round%2 == 1
		var spec string
		if rng.IntN(2) == 0 {
			bits := rng.IntN(33)
			if v6 {
				bits = rng.IntN(129)
			}
			spec = netip.PrefixFrom(randAddr(v6), bits).Masked().String()
		} else {
			a, b := randAddr(v6), randAddr(v6)
			if rng.IntN(2) == 0 {
				b = near(a, v6)
			}
			if b.Less(a) {
				a, b = b, a
			}
			spec = a.String() + "-" + b.String()
		}
		re, lo, hi := ipRangeMatcher(t, spec)
		for range 60 {
			var a netip.Addr
			switch rng.IntN(4) {
			case 0:
				a = randAddr(v6)
			case 1:
				a = near(lo, v6)
			case 2:
				a = near(hi, v6)
			default:
				a = randAddr(!v6)
			}
			checkAddr(t, spec, re, a, lo, hi)
		}
		if t.Failed() {
			return
		}
	}
}

func TestIPRangeErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, spec, want string }{
		{"empty", "", "it is empty"},
		{"garbage", "example.com", "invalid IP range 'example.com'"},
		{"mixed versions", "10.0.0.1-::1", "different IP versions"},
		{"reversed", "10.0.0.9-10.0.0.1", "start is after the end"},
		{"bad prefix", "10.0.0.0/33", "invalid IP range"},
		{"zone", "fe80::1%eth0", "zones are not supported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := IPRange(tc.spec)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("IPRange(%q) error = %v, want it to contain %q", tc.spec, err, tc.want)
			}
		})
	}
}

func TestNumRange(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		base := uint32(10)
		top := uint32(255)
		if rng.IntN(2) == 0 {
			base, top = 16, 0xffff
		}
		lo := uint32(rng.IntN(int(top) + 1))
		hi := lo + uint32(rng.IntN(int(top-lo)+1))
		re := regexp.MustCompile("^(?:" + numRange(lo, hi, base) + ")$")
		for range 200 {
			v := uint32(rng.IntN(int(top) + 1))
			var s string
			if base == 10 {
				s = itoa(int(v))
			} else {
				s = strings.TrimLeft(strings.ToLower(hex4(v)), "0")
				if s == "" {
					s = "0"
				}
			}
			if got, want := re.MatchString(s), lo <= v && v <= hi; got != want {
				t.Fatalf("numRange(%d, %d, %d) on %s: %v, want %v (%s)", lo, hi, base, s, got, want, re)
			}
		}
		if re.MatchString("00") || re.MatchString("01") {
			t.Fatalf("numRange(%d, %d, %d) accepts leading zeros", lo, hi, base)
		}
	}
}

func hex4(v uint32) string {
	return string([]byte{hexDigits[v>>12&15], hexDigits[v>>8&15], hexDigits[v>>4&15], hexDigits[v&15]})
}
