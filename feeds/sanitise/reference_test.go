package sanitise

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

// The text helpers have quick paths for the common case (Chinese text that
// needs no change). These tests hold each to the plain version it
// replaced, kept here as the reference.

func refCollapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\f' || r == '\v' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

func refRunesAreClean(s string) bool {
	for i, r := range s {
		if r == '\r' || chars.IsSpaceLike(r) || chars.IsZeroWidth(r) || xmlForbidden(r) {
			return false
		}
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		}
	}
	return true
}

func refPlainLines(s string) string {
	var lines []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// TestXMLForbiddenIdeographs checks what the three-byte quick paths take
// for granted.
func TestXMLForbiddenIdeographs(t *testing.T) {
	for r := rune(0x4000); r <= 0x9fff; r++ {
		if xmlForbidden(r) {
			t.Errorf("%U is forbidden", r)
		}
	}
}

var textSeeds = []string{
	"", " ", "a  b", " 教育部 召开\u3000会议。", "a\u200bb\u00a0c\u2028d", "\xff\xfe教\xe6\x95", "a\r\nb\rc\n\n d \t",
	"x\x00y\x7f\u0085z", "\ufffd\ufeff\u00ad", "關 閉  視\u200b 窗 ", " \u200b a", "a \u200b b", "ａ　ｂ \xff 關",
	"\n\t\t", "  ", "\f\v", " \n \v\f\t",
}

func FuzzTextHelpers(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Join(strings.Fields(s), " ")
		// The words' runes counted one word at a time: joined without
		// spaces, stray bytes of two words may make one valid character.
		runes := 0
		for _, w := range strings.Fields(s) {
			runes += utf8.RuneCountInString(w)
		}
		if got, n := joinFieldsCount(s); got != want || n != runes {
			t.Errorf("joinFieldsCount(%q) = %q, %d", s, got, n)
		}
		if got := plainLines(s); got != refPlainLines(s) {
			t.Errorf("plainLines(%q) = %q, want %q", s, got, refPlainLines(s))
		}
		if got := collapseSpace(s); got != refCollapseSpace(s) {
			t.Errorf("collapseSpace(%q) = %q", s, got)
		}
		if runesAreClean(s) != refRunesAreClean(s) {
			t.Errorf("runesAreClean(%q) = %v", s, runesAreClean(s))
		}
		clean := Runes(s)
		if normalText(s, true) != (clean == s) || normalText(s, false) != (refCollapseSpace(clean) == s) {
			t.Errorf("normalText(%q) = %v, %v", s, normalText(s, true), normalText(s, false))
		}
	})
}
