// Package chars holds the character tests and cuts that sanitise, junk and
// clean run on every rune of every item, with quick paths for the Chinese
// ideographs that most of those runes are.
package chars

import (
	"unicode"
	"unicode/utf8"
)

// Character tests that run on every rune of every block. Most of those
// runes are Chinese ideographs, which none of these sets holds, so each
// test rejects them first.

// CJKFirst and CJKLast bound the CJK Unified Ideographs block.
const (
	CJKFirst = 0x4e00
	CJKLast  = 0x9fff
)

// CJK3 reports whether s[i:] starts with a rune of U+4000–U+9FFF, which
// hold the CJK ideographs: no space, decoration, control, format or case
// among them.
func CJK3(s string, i int) bool {
	return i+2 < len(s) && s[i] >= 0xe4 && s[i] <= 0xe9 && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80
}

// Decode3 decodes the three-byte sequence at s[i:].
func Decode3(s string, i int) rune {
	return rune(s[i]&0x0f)<<12 | rune(s[i+1]&0x3f)<<6 | rune(s[i+2]&0x3f)
}

// Next is utf8.DecodeRuneInString(s[i:]), quicker for the three-byte
// sequences Chinese text is made of.
func Next(s string, i int) (rune, int) {
	if s[i] < utf8.RuneSelf {
		return rune(s[i]), 1
	}
	return NextWide(s, i)
}

// NextWide is Next for a rune that is not ASCII.
func NextWide(s string, i int) (rune, int) {
	c := s[i]
	// E1–EC, EE and EF lead only valid sequences when two continuation
	// bytes follow (E0 and ED need checks of their own).
	if i+2 < len(s) && (c >= 0xe1 && c <= 0xec || c == 0xee || c == 0xef) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 {
		return Decode3(s, i), 3
	}
	return utf8.DecodeRuneInString(s[i:])
}

// IsSpace is unicode.IsSpace, quicker for the runes that are not.
func IsSpace(r rune) bool {
	if uint32(r) < utf8.RuneSelf {
		return asciiSpace[r]
	}
	return r <= 0x3000 && wideSpace(r)
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

func wideSpace(r rune) bool { return unicode.IsSpace(r) }

// Count counts the runes that are not space.
func Count(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if CJK3(s, i) {
			n++
			i += 3
			continue
		}
		r, size := Next(s, i)
		if !IsSpace(r) {
			n++
		}
		i += size
	}
	return n
}

// IsSpaceLike reports the spaces that render like a plain space but defeat
// matching: NBSP, the ideographic space and the typographic spaces.
func IsSpaceLike(r rune) bool {
	switch {
	case r == '\u00a0', r == '\u3000', r == '\u202f', r == '\u205f', r == '\u1680':
		return true
	case r >= '\u2000' && r <= '\u200a':
		return true
	}
	return false
}

// IsZeroWidth reports the invisible marks that defeat matching: zero-width
// spaces and joiners, the byte order mark and the soft hyphen.
func IsZeroWidth(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return false
}

// CutBytes returns the longest start of s that has at most max bytes and
// ends on a rune boundary.
func CutBytes(s string, max int) string {
	if len(s) <= max {
		return s
	}
	for max > 0 && !utf8.RuneStart(s[max]) {
		max--
	}
	return s[:max]
}
