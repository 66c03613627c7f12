package chars

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestClasses checks the quick rune tests on every rune, and what the
// three-byte quick paths take for granted of the ideographs.
func TestClasses(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if IsSpace(r) != unicode.IsSpace(r) {
			t.Errorf("IsSpace(%U)", r)
		}
		if r < 0x4000 || r > 0x9fff {
			continue
		}
		if unicode.IsSpace(r) || IsSpaceLike(r) || IsZeroWidth(r) || unicode.IsControl(r) ||
			unicode.Is(unicode.Cf, r) || unicode.ToLower(r) != r {
			t.Errorf("%U is not plain", r)
		}
		var b [4]byte
		if n := utf8.EncodeRune(b[:], r); n != 3 || !CJK3(string(b[:n]), 0) || Decode3(string(b[:n]), 0) != r {
			t.Errorf("CJK3 misses %U", r)
		}
	}
}

func FuzzNext(f *testing.F) {
	for _, s := range []string{"", " 教育部 召开\u3000会议。", "\xff\xfe教\xe6\x95", "\xed\xa0\x80\xe0\x80\xaf", "a\u200bb\u00a0c\u2028d"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		for i := 0; i < len(s); i++ {
			r, size := Next(s, i)
			if wr, wsize := utf8.DecodeRuneInString(s[i:]); r != wr || size != wsize {
				t.Errorf("Next(%q, %d) = %U, %d", s, i, r, size)
			}
		}
		if n, want := Count(s), utf8.RuneCountInString(strings.Join(strings.Fields(s), "")); n != want {
			t.Errorf("Count(%q) = %d, want %d", s, n, want)
		}
		if max < 0 {
			max = -max
		}
		if c := CutBytes(s, max%64); len(c) > max%64 || !strings.HasPrefix(s, c) || utf8.ValidString(s) && !utf8.ValidString(c) {
			t.Errorf("CutBytes(%q, %d) = %q", s, max%64, c)
		}
	})
}
