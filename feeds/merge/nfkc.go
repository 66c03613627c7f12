package merge

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// appendNFKC appends the NFKC form of s to dst, as a text of its own, with
// traditional characters folded to simplified ones (see simplified.go).
// simple reports that s held only runes that simpleNFKC maps, whose forms
// have no case but ASCII's; upper, that some of those are capitals.
//
// Chinese news is CJK ideographs, ASCII and a little punctuation, which
// NFKC maps one rune at a time; the norm package works out the same for
// any text, at several times the cost.
func appendNFKC(dst []byte, s string) (out []byte, simple, upper bool) {
	n := len(dst)
	ts := simplified()
	copied := 0 // s[:copied] is in dst, or its NFKC form is
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			upper = upper || 'A' <= c && c <= 'Z'
			i++
			continue
		}
		if i+2 < len(s) && isHan3(c, s[i+1], s[i+2]) {
			r := rune(c&0x0f)<<12 | rune(s[i+1]&0x3f)<<6 | rune(s[i+2]&0x3f)
			if f, ok := ts.fold(r); ok {
				dst = append(dst, s[copied:i]...)
				dst = utf8.AppendRune(dst, f)
				copied = i + 3
			}
			i += 3 // otherwise copied with its run
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if f, ok := ts.fold(r); ok {
			// A traditional character outside the fast path: its
			// simplified form, an ideograph too, is its own NFKC form.
			dst = append(dst, s[copied:i]...)
			dst = utf8.AppendRune(dst, f)
			copied = i + size
			i += size
			continue
		}
		switch {
		case isHan(r) || isStablePunct(r):
			// Its own NFKC form: copied with its run.
		case isFullWidthASCII(r):
			c := byte(r - 0xfee0)
			upper = upper || 'A' <= c && c <= 'Z'
			dst = append(dst, s[copied:i]...)
			dst = append(dst, c)
			copied = i + size
		default:
			var ok bool
			dst = append(dst, s[copied:i]...)
			if dst, ok = simpleNFKC(dst, r); !ok {
				// Not AppendString: it would normalise across the
				// join, and a leading mark would combine with dst.
				return append(dst[:n], foldTraditional(norm.NFKC.String(s))...), false, false
			}
			copied = i + size
		}
		i += size
	}
	return append(dst, s[copied:]...), true, upper
}

// isHan reports whether r is a CJK unified ideograph, the bulk of Chinese
// text: Han, with no NFKC mapping and no case.
func isHan(r rune) bool {
	return 0x4e00 <= r && r <= 0x9fff
}

// simpleNFKC appends the NFKC form of a non-ASCII rune r, if r is one whose
// form is known here. Each such rune starts a normalisation segment (no
// rune before it combines with it), so a text of them is normalised rune by
// rune; TestSimpleNFKC holds the list to the norm package.
func simpleNFKC(dst []byte, r rune) ([]byte, bool) {
	switch {
	case isHan(r) || isStablePunct(r):
		return utf8.AppendRune(dst, r), true
	case isFullWidthASCII(r): // "，" is ","
		return append(dst, byte(r-0xfee0)), true
	case r == 0x3000, r == 0xa0: // ideographic and no-break space
		return append(dst, ' '), true
	case r == 0x2026: // "…"
		return append(dst, "..."...), true
	}
	return dst, false
}

// isStablePunct reports whether r is punctuation of Chinese text that is
// its own NFKC form: ·—‘’“”、。《》「」【】〔〕 and the like.
func isStablePunct(r rune) bool {
	switch r {
	case 0xb7, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x3001, 0x3002, 0x3014, 0x3015:
		return true
	}
	return 0x3008 <= r && r <= 0x3011
}

// isFullWidthASCII reports whether r is a full-width form of an ASCII
// character, whose NFKC form is that character.
func isFullWidthASCII(r rune) bool {
	return 0xff01 <= r && r <= 0xff5e
}

// isHan3 reports whether c0, c1, c2 encode a CJK unified ideograph
// (U+4E00 to U+9FFF: E4 B8 80 to E9 BF BF).
func isHan3(c0, c1, c2 byte) bool {
	return 0xe4 <= c0 && c0 <= 0xe9 && (c0 != 0xe4 || c1 >= 0xb8) && c1&0xc0 == 0x80 && c2&0xc0 == 0x80
}
