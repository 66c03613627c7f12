package filter

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldRune is the smallest rune that r equals ignoring case, as Go's
// regexp compares runes under (?i) (Unicode simple folding: k, K and the
// Kelvin sign K are one letter). Two runes are equal ignoring case if and
// only if their folds are equal.
func foldRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	case caseless(r):
		return r
	}
	least := r
	for f := next(r); f != r; f = next(f) {
		least = min(least, f)
	}
	return least
}

// caseless is a fast answer for the scripts of most items: CJK, kana and
// Hangul have no case.
func caseless(r rune) bool {
	return 0x2E80 <= r && r < 0xA640 || 0xAC00 <= r && r < 0xD7A4
}

// hasCase reports whether r equals another rune ignoring case.
func hasCase(r rune) bool {
	return next(r) != r
}

// next is the next rune of r's case orbit (r itself when it has no case).
func next(r rune) rune {
	return unicode.SimpleFold(r)
}

// foldRunes is a pattern's literal folded. Unlike foldString it keeps odd
// spaces: a pattern that names one can never match, since texts have none.
func foldRunes(rs []rune) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// foldString is what literals are looked for in: s with its odd spaces
// made plain (see plainSpaces) and every rune replaced by its foldRune.
// Invalid UTF-8 becomes U+FFFD, as Go's regexp reads it.
func foldString(s string) string {
	var b strings.Builder
	done := 0 // s[:done] is written to b, or needs no change while b is empty
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && (c < 'a' || c > 'z') {
			i++
			continue
		}
		if 0xE3 <= c && c <= 0xE9 && i+2 < len(s) && isCont(s[i+1]) && isCont(s[i+2]) && s[i+1:i+3] != "\x80\x80" {
			// U+3000 to U+9FFF, but U+3000 itself: CJK, without case.
			i += 3
			continue
		}
		var repl string
		size := 1
		if c < utf8.RuneSelf {
			repl = string(rune(c - ('a' - 'A')))
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			switch r {
			case '\u00a0', '\u3000':
				repl = " "
			case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
				repl = ""
			default:
				if f := foldRune(r); f != r || r == utf8.RuneError {
					repl = string(f)
				} else {
					i += size
					continue
				}
			}
		}
		if b.Cap() == 0 {
			b.Grow(len(s) + 8)
		}
		b.WriteString(s[done:i])
		b.WriteString(repl)
		i += size
		done = i
	}
	if b.Cap() == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// isCont reports whether c is a UTF-8 continuation byte.
func isCont(c byte) bool {
	return c&0xC0 == 0x80
}
