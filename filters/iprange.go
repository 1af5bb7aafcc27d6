package filters

import (
	"fmt"
	"net/netip"
	"strings"
)

// ipRangeRegexp returns the anchored regular expression for an IP range
// (see IPRange).
func ipRangeRegexp(spec string) (string, error) {
	lo, hi, err := parseIPRange(spec)
	if err != nil {
		return "", err
	}
	if lo.Is4() {
		return `^(?:::ffff:)?(?:` + ipv4Alternatives(lo.As4(), hi.As4()) + `)$`, nil
	}
	return `(?i)^(?:` + ipv6Alternatives(lo.As16(), hi.As16()) + `)$`, nil
}

// parseIPRange reads a CIDR prefix, a start-end pair or one address.
func parseIPRange(spec string) (lo, hi netip.Addr, err error) {
	s := strings.TrimSpace(spec)
	bad := func(why string) (netip.Addr, netip.Addr, error) {
		return netip.Addr{}, netip.Addr{}, fmt.Errorf("invalid IP range %s: %s; use a CIDR such as 10.244.0.0/16 or 2001:db8::/48, a range such as 10.0.0.5-10.0.1.7, or one address", quoteSrc(spec), why)
	}
	switch {
	case s == "":
		return bad("it is empty")
	case strings.Contains(s, "/"):
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return bad(err.Error())
		}
		p = p.Masked()
		lo = p.Addr()
		hi = lastAddr(p)
	case strings.Contains(s, "-"):
		a, b, _ := strings.Cut(s, "-")
		if lo, err = netip.ParseAddr(strings.TrimSpace(a)); err != nil {
			return bad(err.Error())
		}
		if hi, err = netip.ParseAddr(strings.TrimSpace(b)); err != nil {
			return bad(err.Error())
		}
		if lo.Is4() != hi.Is4() {
			return bad("the two ends are of different IP versions")
		}
		if hi.Less(lo) {
			return bad("the start is after the end")
		}
	default:
		if lo, err = netip.ParseAddr(s); err != nil {
			return bad(err.Error())
		}
		hi = lo
	}
	if lo.Zone() != "" || hi.Zone() != "" {
		return bad("zones are not supported")
	}
	return lo, hi, nil
}

// lastAddr returns the last address of a masked prefix.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().As16()
	bits := p.Bits()
	if p.Addr().Is4() {
		bits += 96
	}
	for i := bits; i < 128; i++ {
		b[i/8] |= 1 << (7 - i%8)
	}
	a := netip.AddrFrom16(b)
	if p.Addr().Is4() {
		return a.Unmap()
	}
	return a
}

// span is the set of values [lo, hi] one octet or group may take.
type span struct{ lo, hi uint32 }

// blocks splits the range of fixed-length digit strings [x, y] (digits in
// 0..top) into blocks whose every position is an independent span: a
// fixed prefix, one position with a range, and positions that take any
// digit. A range of n digits needs at most 2n-1 blocks.
func blocks(x, y []uint32, top uint32) [][]span {
	n := len(x)
	if n == 0 {
		return [][]span{nil}
	}
	prepend := func(s span, rest [][]span) [][]span {
		out := make([][]span, len(rest))
		for i, r := range rest {
			out[i] = append([]span{s}, r...)
		}
		return out
	}
	if x[0] == y[0] {
		return prepend(span{x[0], x[0]}, blocks(x[1:], y[1:], top))
	}
	fill := func(v uint32) []uint32 {
		s := make([]uint32, n-1)
		for i := range s {
			s[i] = v
		}
		return s
	}
	allAre := func(s []uint32, v uint32) bool {
		for _, d := range s {
			if d != v {
				return false
			}
		}
		return true
	}
	var out [][]span
	start, end := x[0], y[0]
	if !allAre(x[1:], 0) {
		out = append(out, prepend(span{x[0], x[0]}, blocks(x[1:], fill(top), top))...)
		start++
	}
	var tail [][]span
	if !allAre(y[1:], top) {
		tail = prepend(span{y[0], y[0]}, blocks(fill(0), y[1:], top))
		end--
	}
	if start <= end {
		b := []span{{start, end}}
		for range n - 1 {
			b = append(b, span{0, top})
		}
		out = append(out, b)
	}
	return append(out, tail...)
}

// numRange returns a regular expression for the integers lo..hi written in
// base 10 or 16 (lower-case) without leading zeros.
func numRange(lo, hi uint32, base uint32) string {
	if base == 16 && lo == 0 && hi == 0xffff {
		return "(?:0|[1-9a-f][0-9a-f]{0,3})" // any group, the common case, kept short
	}
	var alts []string
	minW, maxW := uint64(0), uint64(base)-1 // the numbers of width digits
	for width := 1; minW <= uint64(hi); width++ {
		a, b := max(uint64(lo), minW), min(uint64(hi), maxW)
		if a <= b {
			alts = append(alts, sameWidth(digitsOf(uint32(a), base, width), digitsOf(uint32(b), base, width), base)...)
		}
		minW, maxW = maxW+1, (maxW+1)*uint64(base)-1
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return "(?:" + strings.Join(alts, "|") + ")"
}

func maxU(a, b uint32) uint32 {
	if a > b {
		return a
	}
	return b
}

func minU(a, b uint32) uint32 {
	if a < b {
		return a
	}
	return b
}

func digitsOf(v, base uint32, width int) []uint32 {
	d := make([]uint32, width)
	for i := width - 1; i >= 0; i-- {
		d[i] = v % base
		v /= base
	}
	return d
}

// sameWidth returns alternatives matching the digit strings x..y of one
// width.
func sameWidth(x, y []uint32, base uint32) []string {
	var out []string
	for _, b := range blocks(x, y, base-1) {
		var s strings.Builder
		for i := 0; i < len(b); {
			// Collapse runs of any-digit positions into one repeated class.
			if b[i].lo == 0 && b[i].hi == base-1 {
				j := i
				for j < len(b) && b[j].lo == 0 && b[j].hi == base-1 {
					j++
				}
				s.WriteString(digitClass(0, base-1))
				if j-i > 1 {
					fmt.Fprintf(&s, "{%d}", j-i)
				}
				i = j
				continue
			}
			s.WriteString(digitClass(b[i].lo, b[i].hi))
			i++
		}
		out = append(out, s.String())
	}
	return out
}

const hexDigits = "0123456789abcdef"

// digitClass returns a character or class for the digits lo..hi.
func digitClass(lo, hi uint32) string {
	if lo == hi {
		return string(hexDigits[lo])
	}
	var s strings.Builder
	s.WriteByte('[')
	// Split at 9/a so that each piece is a contiguous ASCII range.
	if lo <= 9 {
		writeClassRange(&s, lo, minU(hi, 9))
	}
	if hi >= 10 {
		writeClassRange(&s, maxU(lo, 10), hi)
	}
	s.WriteByte(']')
	return s.String()
}

func writeClassRange(s *strings.Builder, lo, hi uint32) {
	s.WriteByte(hexDigits[lo])
	if hi > lo {
		if hi > lo+1 {
			s.WriteByte('-')
		}
		s.WriteByte(hexDigits[hi])
	}
}

// ipv4Alternatives returns alternatives matching the dotted-decimal text of
// every address in lo..hi and of no other address.
func ipv4Alternatives(lo, hi [4]byte) string {
	x, y := make([]uint32, 4), make([]uint32, 4)
	for i := range 4 {
		x[i], y[i] = uint32(lo[i]), uint32(hi[i])
	}
	var alts []string
	for _, b := range blocks(x, y, 255) {
		parts := make([]string, 4)
		for i, s := range b {
			parts[i] = numRange(s.lo, s.hi, 10)
		}
		alts = append(alts, strings.Join(parts, `\.`))
	}
	return strings.Join(alts, "|")
}

// ipv6Alternatives returns alternatives matching every text form (hex
// groups without leading zeros, :: compressing any run of zero groups) of
// every address in lo..hi, the dotted form of the IPv4-mapped addresses in
// it, and no text of any other address.
func ipv6Alternatives(lo, hi [16]byte) string {
	x, y := make([]uint32, 8), make([]uint32, 8)
	for i := range 8 {
		x[i] = uint32(lo[2*i])<<8 | uint32(lo[2*i+1])
		y[i] = uint32(hi[2*i])<<8 | uint32(hi[2*i+1])
	}
	var alts []string
	for _, b := range blocks(x, y, 0xffff) {
		alts = append(alts, ipv6Block(b)...)
	}
	// IPv4-mapped addresses (::ffff:0:0/96) print as ::ffff:a.b.c.d.
	mappedLo := netip.AddrFrom16([16]byte{10: 0xff, 11: 0xff})
	mappedHi := netip.AddrFrom16([16]byte{10: 0xff, 11: 0xff, 12: 0xff, 13: 0xff, 14: 0xff, 15: 0xff})
	a, z := netip.AddrFrom16(lo), netip.AddrFrom16(hi)
	if !z.Less(mappedLo) && !mappedHi.Less(a) {
		if a.Less(mappedLo) {
			a = mappedLo
		}
		if mappedHi.Less(z) {
			z = mappedHi
		}
		a4, z4 := a.Unmap().As4(), z.Unmap().As4()
		alts = append(alts, `::ffff:(?:`+ipv4Alternatives(a4, z4)+`)`)
	}
	return strings.Join(alts, "|")
}

// ipv6Block returns the alternatives for one block of eight group spans:
// the full form, and each placement of :: over a run of groups that may all
// be zero.
func ipv6Block(b []span) []string {
	group := make([]string, 8)
	zeroOK := make([]bool, 8)
	anyG := make([]bool, 8)
	for i, s := range b {
		group[i] = numRange(s.lo, s.hi, 16)
		zeroOK[i] = s.lo == 0
		anyG[i] = s.lo == 0 && s.hi == 0xffff
	}
	join := func(from, to int) string { // groups from..to-1 joined with ':'
		return strings.Join(group[from:to], ":")
	}
	alts := []string{join(0, 8)}
	for p := 0; p <= 7; p++ { // p groups before ::
		// right collects the forms of the r groups after ::, for every r
		// such that the groups p..7-r that :: stands for may all be zero.
		// The r for which those groups take any value collapse into one
		// repetition.
		var right []string
		anyFrom := 8 // groups anyFrom..7 take any value
		for anyFrom > 0 && anyG[anyFrom-1] {
			anyFrom--
		}
		collapsedMax := -1 // largest r for which the r right groups are all "any"
		for r := 0; r <= 7-p; r++ {
			run := true
			for i := p; i <= 7-r; i++ {
				if !zeroOK[i] {
					run = false
					break
				}
			}
			if !run {
				continue
			}
			if 8-r >= anyFrom {
				collapsedMax = r
				continue
			}
			right = append(right, join(8-r, 8))
		}
		if collapsedMax >= 0 {
			// r = 0..collapsedMax with any groups; r = 0 only if its run is
			// all zero-capable, which the loop checked when it recorded r.
			anyGroup := numRange(0, 0xffff, 16)
			rMin := -1
			for r := 0; r <= collapsedMax; r++ {
				ok := true
				for i := p; i <= 7-r; i++ {
					if !zeroOK[i] {
						ok = false
						break
					}
				}
				if ok {
					rMin = r
					break
				}
			}
			// r groups joined by ':' for r in rMin..collapsedMax.
			groups := func(n int) string { // anyGroup(:anyGroup){n}
				if n == 0 {
					return anyGroup
				}
				return anyGroup + "(?::" + anyGroup + fmt.Sprintf("){%d}", n)
			}
			switch {
			case collapsedMax == 0:
				right = append(right, "")
			case rMin == collapsedMax:
				right = append(right, groups(rMin-1))
			case rMin == 0 && collapsedMax == 1:
				right = append(right, "(?:"+anyGroup+")?")
			case rMin == 0:
				right = append(right, "(?:"+anyGroup+"(?::"+anyGroup+fmt.Sprintf("){0,%d})?", collapsedMax-1))
			default:
				right = append(right, anyGroup+"(?::"+anyGroup+fmt.Sprintf("){%d,%d}", rMin-1, collapsedMax-1))
			}
		}
		if len(right) == 0 {
			continue
		}
		rightRe := right[0]
		if len(right) > 1 {
			rightRe = "(?:" + strings.Join(right, "|") + ")"
		}
		alts = append(alts, join(0, p)+"::"+rightRe)
	}
	return alts
}
