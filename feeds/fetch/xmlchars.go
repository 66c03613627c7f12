package fetch

import (
	"bytes"
	"unicode/utf8"
)

// utf8BOM is the byte order mark some tools put before UTF-8 text.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// StripInvalidXMLChars drops what XML 1.0 forbids in a document: C0 control
// characters other than tab, newline and carriage return, U+FFFE, U+FFFF,
// surrogates and any byte sequence that is not valid UTF-8. A leading UTF-8
// BOM is dropped too, however many and whatever dropped control characters
// hid them. Strict parsers reject a whole feed for one such
// character, and real feeds carry them.
//
// When there is nothing to drop, b itself (or b without its BOM) is returned
// and nothing is allocated; otherwise the result is a new slice.
func StripInvalidXMLChars(b []byte) []byte {
	b = trimBOMs(b)
	i := firstInvalidXML(b)
	if i < 0 {
		return b
	}
	out := make([]byte, i, len(b))
	copy(out, b[:i])
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			if allowedASCII(c) {
				out = append(out, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if allowedRune(r, size) {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return trimBOMs(out)
}

func trimBOMs(b []byte) []byte {
	for bytes.HasPrefix(b, utf8BOM) {
		b = b[len(utf8BOM):]
	}
	return b
}

// firstInvalidXML returns the offset of the first byte StripInvalidXMLChars
// would drop, or -1. It is the hot path: most feeds are clean, so it checks
// UTF-8 validity with the standard library's fast routine and then needs
// only a byte scan (valid UTF-8 holds no surrogates, and U+FFFE/U+FFFF are
// the only forbidden sequences starting 0xEF 0xBF).
func firstInvalidXML(b []byte) int {
	if !utf8.Valid(b) {
		return firstInvalidXMLSlow(b)
	}
	for i, c := range b {
		switch {
		case c < 0x20:
			if !allowedASCII(c) {
				return i
			}
		case c == 0xEF:
			if i+2 < len(b) && b[i+1] == 0xBF && b[i+2] >= 0xBE {
				return i
			}
		}
	}
	return -1
}

// firstInvalidXMLSlow is firstInvalidXML for input with invalid UTF-8.
func firstInvalidXMLSlow(b []byte) int {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if !allowedASCII(c) {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if !allowedRune(r, size) {
			return i
		}
		i += size
	}
	return -1
}

func allowedASCII(c byte) bool {
	return c >= 0x20 || c == '\t' || c == '\n' || c == '\r'
}

// allowedRune reports whether a decoded non-ASCII rune may appear in XML.
// utf8.DecodeRune reports invalid sequences and encoded surrogates as
// (RuneError, 1); a genuine U+FFFD has size 3 and is kept.
func allowedRune(r rune, size int) bool {
	if r == utf8.RuneError && size == 1 {
		return false
	}
	return r != 0xFFFE && r != 0xFFFF
}
