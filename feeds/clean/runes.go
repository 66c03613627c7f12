package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Character tests that run on every rune of every block. Most of those
// runes are Chinese ideographs, which none of these sets holds, so each
// test rejects them first.

// cjkFirst and cjkLast bound the CJK Unified Ideographs block.
const (
	cjkFirst = 0x4e00
	cjkLast  = 0x9fff
)

// traditionalSet marks, one bit per ideograph, the keys of traditional that
// are ideographs: a bit test instead of a map lookup for each rune fold
// reads.
var traditionalSet = func() *[(cjkLast - cjkFirst + 64) / 64]uint64 {
	var set [(cjkLast - cjkFirst + 64) / 64]uint64
	for r := range traditional {
		if r >= cjkFirst && r <= cjkLast {
			set[(r-cjkFirst)/64] |= 1 << ((r - cjkFirst) % 64)
		}
	}
	return &set
}()

// isTraditional reports whether r is a key of traditional.
func isTraditional(r rune) bool {
	if r >= cjkFirst && r <= cjkLast {
		return traditionalSet[(r-cjkFirst)/64]&(1<<((r-cjkFirst)%64)) != 0
	}
	_, ok := traditional[r]
	return ok
}

// cjk3 reports whether s[i:] starts with a rune of U+4000–U+9FFF, which
// hold the CJK ideographs: no space, decoration, control, format or case
// among them.
func cjk3(s string, i int) bool {
	return i+2 < len(s) && s[i] >= 0xe4 && s[i] <= 0xe9 && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80
}

// decode3 decodes the three-byte sequence at s[i:].
func decode3(s string, i int) rune {
	return rune(s[i]&0x0f)<<12 | rune(s[i+1]&0x3f)<<6 | rune(s[i+2]&0x3f)
}

// nextRune is utf8.DecodeRuneInString(s[i:]), quicker for the three-byte
// sequences Chinese text is made of.
func nextRune(s string, i int) (rune, int) {
	if s[i] < utf8.RuneSelf {
		return rune(s[i]), 1
	}
	return nextWide(s, i)
}

func nextWide(s string, i int) (rune, int) {
	c := s[i]
	// E1–EC, EE and EF lead only valid sequences when two continuation
	// bytes follow (E0 and ED need checks of their own).
	if i+2 < len(s) && (c >= 0xe1 && c <= 0xec || c == 0xee || c == 0xef) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 {
		return decode3(s, i), 3
	}
	return utf8.DecodeRuneInString(s[i:])
}

// isDecoration reports the runes of decoration. They are ASCII or lie
// below U+3100.
func isDecoration(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		switch r {
		case '[', ']', '(', ')', '<', '>', '*', '-', '_', '=', '|', '/', '\\', '~', '#', '+', ':', ' ', '.':
			return true
		}
		return false
	case r >= 0x3100:
		return false
	}
	return strings.ContainsRune(decoration, r)
}

// isSpace is unicode.IsSpace, quicker for the runes that are not.
func isSpace(r rune) bool {
	if uint32(r) < utf8.RuneSelf {
		return asciiSpace[r]
	}
	return r <= 0x3000 && wideSpace(r)
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

func wideSpace(r rune) bool { return unicode.IsSpace(r) }

// countRunes counts the runes that are not space.
func countRunes(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if cjk3(s, i) {
			n++
			i += 3
			continue
		}
		r, size := nextRune(s, i)
		if !isSpace(r) {
			n++
		}
		i += size
	}
	return n
}

// joinFieldsCount is strings.Join(strings.Fields(s), " ") with its
// countRunes, without copying s when it is that already: one word after
// another, one plain space apart.
func joinFieldsCount(s string) (string, int) {
	if n, ok := singleSpacedCount(s); ok {
		return s, n
	}
	s = strings.Join(strings.Fields(s), " ")
	return s, countRunes(s)
}

// singleSpaced reports whether s has no space at either end, none but
// plain ones, and no two in a row.
func singleSpaced(s string) bool {
	_, ok := singleSpacedCount(s)
	return ok
}

// singleSpacedCount is singleSpaced, with countRunes of s when it is.
func singleSpacedCount(s string) (int, bool) {
	n := 0
	space := true // at the start a space would be one too many
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ':
			if space {
				return 0, false
			}
			space = true
			i++
			continue
		case c < utf8.RuneSelf:
			if asciiSpace[c] {
				return 0, false
			}
			i++
		case cjk3(s, i):
			i += 3
		default:
			r, size := nextWide(s, i)
			if isSpace(r) {
				return 0, false
			}
			i += size
		}
		n++
		space = false
	}
	return n, !space || s == ""
}
