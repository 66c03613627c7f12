package sanitise

import (
	"strings"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

// joinFieldsCount is strings.Join(strings.Fields(s), " ") with its
// chars.Count, without copying s when it is that already: one word after
// another, one plain space apart.
func joinFieldsCount(s string) (string, int) {
	if n, ok := singleSpacedCount(s); ok {
		return s, n
	}
	s = strings.Join(strings.Fields(s), " ")
	return s, chars.Count(s)
}

// singleSpaced reports whether s has no space at either end, none but
// plain ones, and no two in a row.
func singleSpaced(s string) bool {
	_, ok := singleSpacedCount(s)
	return ok
}

// singleSpacedCount is singleSpaced, with chars.Count of s when it is.
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
			if chars.IsSpace(rune(c)) {
				return 0, false
			}
			i++
		case chars.CJK3(s, i):
			i += 3
		default:
			r, size := chars.NextWide(s, i)
			if chars.IsSpace(r) {
				return 0, false
			}
			i += size
		}
		n++
		space = false
	}
	return n, !space || s == ""
}
