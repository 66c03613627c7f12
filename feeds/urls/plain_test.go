package urls

import (
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
)

// TestPlainFastPaths holds Link's and Resolve's fast paths to the parsing
// ones (link, resolve), and Plain to net/url's writing (sanitise's safeURL) on random links built from the pieces real links and
// bad ones are made of, against random bases.
func TestPlainFastPaths(t *testing.T) {
	schemes := []string{"http://", "https://", "HTTP://", "Https://", "ftp://", "javascript:", "mailto:", "data:", "//", "", "", "", "/", "./", "../"}
	hosts := []string{"www.moe.gov.cn", "EXAMPLE.edu.cn", "h:80", "h:443", "h:8080", "user@h", "a..b", "-", "", "xn--fiqs8s.cn", "例子.cn", "[::1]", "h%41", "h.", "1.2.3.4"}
	pieces := []string{"/", "/", "/", "a", "B", "2025", "..", ".", "%2F", "%41", "%zz", " ", "?", "#", "#/x", "#!y", "?utm_source=rss", "&id=3", "?b=1&a=2",
		"art_1229_5731201.html", "t20250108_123.shtml", "~u", "_", ";", ":", "@", "+", "\t", "\u3000", "é", "中文", "index.htm", "//", "-", "=", "*", "'"}
	r := rand.New(rand.NewPCG(16, 2))
	build := func(absolute bool) string {
		var b strings.Builder
		if absolute || r.IntN(2) == 0 {
			b.WriteString(schemes[r.IntN(len(schemes))])
			b.WriteString(hosts[r.IntN(len(hosts))])
		}
		for range r.IntN(6) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	plain := 0
	for range 150000 {
		ref, base := build(false), build(r.IntN(4) > 0)
		if r.IntN(3) == 0 { // make plain refs common, as in pages
			ref = plainOf(ref)
		}
		if Plain(ref) || plainPath(ref) {
			plain++
		}
		if u, err := url.Parse(ref); Plain(ref) {
			if err != nil || u.String() != ref {
				t.Fatalf("Plain(%q), but net/url writes it %v (%v)", ref, u, err)
			}
			if host, path := SplitPlain(ref); host != u.Hostname() || path != u.Path {
				t.Fatalf("SplitPlain(%q) = %q, %q; net/url reads %q, %q", ref, host, path, u.Hostname(), u.Path)
			}
		}
		if got, want := Resolve(ref, base), resolve(ref, base); got != want {
			t.Fatalf("Resolve(%q, %q) = %q, parsing gives %q", ref, base, got, want)
		}
		if got, want := Link(ref, base), link(ref, base); got != want {
			t.Fatalf("Link(%q, %q) = %q, parsing gives %q", ref, base, got, want)
		}
	}
	if plain < 25000 {
		t.Fatalf("only %d plain links tried", plain)
	}
}

// plainOf keeps what a plain link may hold.
func plainOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.~/:", r)) {
			return r
		}
		return -1
	}, s)
}
