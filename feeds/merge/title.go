package merge

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TitleKey returns the normalised title two sources' copies of one story
// share, or "" when the title is too generic to identify a story alone.
//
// Normalising means: entities decoded and tags dropped (callers should have
// done this, but feeds escape twice), NFKC (full-width forms become
// half-width), lower case, a site name before or after a separator removed
// (see cutSiteAffixes), channel labels such as 【转载】 or (组图) removed (see
// cutLabels), and then every character that is not a letter, digit or mark
// removed. Other bracket labels (【教育部】) are kept as text, because they
// often name the issuer.
//
// A title is generic (see generic.go) when what remains is short (under 8
// CJK characters or 4 Latin words), is made only of words like 通知 or
// "weekly update" with dates and numbers, or is an institution's internal
// notice written without its issuer ("关于2025年寒假放假安排的通知").
func TitleKey(title string) string {
	t := normTitle(title)
	for range 3 {
		before := t
		t = cutLabels(cutSiteAffixes(t))
		if t == before {
			break
		}
	}
	key := keyChars(t)
	if key == "" || isGeneric(t, key) {
		return ""
	}
	return key
}

// tagInTitle matches tags that feeds leave in titles.
var tagInTitle = regexp.MustCompile(`</?[a-zA-Z][^<>]*>`)

// normTitle decodes, untags, NFKC-folds and lower-cases a title and makes
// every whitespace run one space.
func normTitle(s string) string {
	for range 2 {
		if !strings.Contains(s, "&") {
			break
		}
		s = html.UnescapeString(s)
	}
	if strings.Contains(s, "<") {
		s = tagInTitle.ReplaceAllString(s, " ")
	}
	var buf [256]byte
	folded, simple, upper := appendNFKC(buf[:0], s)
	if simple {
		// No case but ASCII's to fold (see appendNFKC).
		if upper {
			lowerASCII(folded)
		}
	} else {
		folded = []byte(strings.ToLower(string(folded)))
	}
	var b strings.Builder
	b.Grow(len(folded))
	space := false
	for _, r := range string(folded) {
		switch {
		case isHan(r):
			// Neither space nor control nor format.
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// keyChars keeps only letters, digits and marks: punctuation, symbols and
// spaces differ between sources more than words do.
func keyChars(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isHan(r) || isWordRune(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isCJK reports whether r is written without spaces between words.
func isCJK(r rune) bool {
	switch {
	case r < 0x1100: // below Hangul Jamo, the first of the four scripts
		return false
	case isHan(r):
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// titleWeight measures how much a title says: one per CJK character, two
// per Latin word that has a letter; numbers alone count nothing, since
// dates and issue numbers are what generic titles differ by.
func titleWeight(s string) int {
	n, inWord, hasLetter := 0, false, false
	end := func() {
		if inWord && hasLetter {
			n += 2
		}
		inWord, hasLetter = false, false
	}
	for _, r := range s {
		switch {
		case isCJK(r):
			end()
			n++
		case unicode.IsLetter(r) || unicode.IsMark(r):
			inWord, hasLetter = true, true
		case unicode.IsDigit(r):
			inWord = true
		case r == '\'' || r == '’':
			// "today's" is one word
		default:
			end()
		}
	}
	end()
	return n
}

// minTitleWeight is the titleWeight below which a title names no story on
// its own: 8 CJK characters or 4 Latin words.
const minTitleWeight = 8
