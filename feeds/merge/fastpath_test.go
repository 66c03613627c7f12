package merge

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestFingerprintReference holds Fingerprint and storyBlocks to the
// reference implementation on every golden text and its variants; where
// TestGolden says that a digest differs, this says which text.
func TestFingerprintReference(t *testing.T) {
	_, texts, _, _ := goldenInputs(t)
	for _, x := range texts {
		for i, v := range append([]string{x.s}, variants(x.s)...) {
			v = textOf(v)
			if got, want := Fingerprint(v), refFingerprint(v); got != want {
				t.Errorf("%s variant %d: Fingerprint = %x, reference %x\ntext %q", x.name, i, got, want, v)
			}
			if got, want := storyBlocks(v), refStoryBlocks(v); !slices.Equal(got, want) {
				t.Errorf("%s variant %d: storyBlocks\n got %q\nwant %q", x.name, i, got, want)
			}
		}
	}
}

// TestSimpleNFKC holds simpleNFKC to the norm package: every rune it maps
// starts a segment and maps to its NFKC form, which has no case but
// ASCII's; appendNFKC then equals norm.NFKC on any text.
func TestSimpleNFKC(t *testing.T) {
	n := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		var out []byte
		if r < utf8.RuneSelf {
			out = []byte{byte(r)}
		} else if b, ok := simpleNFKC(nil, r); ok {
			out = b
		} else {
			continue
		}
		n++
		s := string(r)
		if !norm.NFKC.PropertiesString(s).BoundaryBefore() {
			t.Errorf("%U does not start a segment", r)
		}
		if want := norm.NFKC.String(s); string(out) != want {
			t.Errorf("simpleNFKC(%U) = %q, NFKC %q", r, out, want)
		}
		for _, c := range string(out) {
			if c >= utf8.RuneSelf && unicode.ToLower(c) != c {
				t.Errorf("simpleNFKC(%U) = %q: has case", r, out)
			}
		}
	}
	t.Logf("%d runes mapped", n)

	_, texts, titles, _ := goldenInputs(t)
	for _, x := range append(texts, titles...) {
		for _, v := range append(variants(x.s), x.s, x.s+"\u0301", "\u0301"+x.s, "e\u0301"+x.s, "\xff"+x.s) {
			got, simple, upper := appendNFKC([]byte("i"), v)
			if want := "i" + foldTraditional(norm.NFKC.String(v)); string(got) != want {
				t.Errorf("%s: appendNFKC(\"i\", %q) = %q, want %q", x.name, v, got, want)
			}
			if hasUpper := bytes.ContainsFunc(got, func(r rune) bool { return 'A' <= r && r <= 'Z' }); simple && upper != hasUpper {
				t.Errorf("%s: appendNFKC(%q) says upper %v", x.name, v, upper)
			}
		}
	}
}

// TestRuneClasses holds the fast paths of isCJK, isWordRune and isDigit to
// the unicode tables.
func TestRuneClasses(t *testing.T) {
	for _, rng := range [][2]rune{{0, 0x1200}, {0x2e00, 0xa000}, {0xac00, 0xad00}, {0x20000, 0x20100}} {
		for r := rng[0]; r < rng[1]; r++ {
			if got, want := isCJK(r), refIsCJK(r); got != want {
				t.Errorf("isCJK(%U) = %v, want %v", r, got, want)
			}
			if got, want := isWordRune(r), unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r); got != want {
				t.Errorf("isWordRune(%U) = %v, want %v", r, got, want)
			}
			if got, want := isDigit(r), unicode.IsDigit(r); got != want {
				t.Errorf("isDigit(%U) = %v, want %v", r, got, want)
			}
			// titles and keys take a Han character for a letter, not a
			// space, control or format character.
			if isHan(r) && (!unicode.IsLetter(r) || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)) {
				t.Errorf("Han %U is no plain letter", r)
			}
		}
	}
}

// TestCJKNoDigit holds up the tokeniser's shortcut: no CJK character is a
// digit, so a CJK token never weighs as one.
func TestCJKNoDigit(t *testing.T) {
	for _, tab := range []*unicode.RangeTable{unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul} {
		each := func(lo, hi, stride rune) {
			for r := lo; r <= hi; r += stride {
				if unicode.IsDigit(r) {
					t.Errorf("%U is CJK and a digit", r)
				}
			}
		}
		for _, r := range tab.R16 {
			each(rune(r.Lo), rune(r.Hi), rune(r.Stride))
		}
		for _, r := range tab.R32 {
			each(rune(r.Lo), rune(r.Hi), rune(r.Stride))
		}
	}
}

func TestLongerThan(t *testing.T) {
	for _, s := range []string{"", "a", "教育", "abc", "\xff\xfe教", "\xe0\x81\x81ab", strings.Repeat("教", 61), strings.Repeat("a", 60), "ab教育cd部署ef", "Schools教育部open", "é教育１２ab"} {
		for n := range 62 {
			want := utf8.RuneCountInString(s) > n
			if got := longerThan([]byte(s), n, false); got != want {
				t.Errorf("longerThan(%q, %d, false) = %v, want %v", s, n, got, want)
			}
			if got := longerThan([]byte(s), n, true); got != want && utf8.ValidString(s) {
				t.Errorf("longerThan(%q, %d, true) = %v, want %v", s, n, got, want)
			}
		}
	}
}

func TestIsHan3(t *testing.T) {
	for c0 := 0xe0; c0 <= 0xef; c0++ {
		for c1 := range 256 {
			for c2 := range 256 {
				b := []byte{byte(c0), byte(c1), byte(c2)}
				r, size := utf8.DecodeRune(b)
				if got, want := isHan3(b[0], b[1], b[2]), size == 3 && isHan(r); got != want {
					t.Fatalf("isHan3(% x) = %v, want %v", b, got, want)
				}
			}
		}
	}
}

// TestFingerprintRandom holds Fingerprint to the reference on documents
// pieced together from what news text is made of, fast paths and corners
// mixed: markup left as text, entities, CJK and full-width text,
// datelines, credits, bylines, case and normalisation oddities, broken
// UTF-8.
func TestFingerprintRandom(t *testing.T) {
	pieces := []string{
		"<p>", "</p>", "</p>\n<p>", "\n", "<br/>", "<br>", "<b>", "</b>", "<span>", "</span>",
		`<a href="x?a=1&amp;b=2">`, "</a>", `<img src='a.jpg' alt="">`, "<div>", "</div>", "<P class='x'>",
		"&amp;", "&nbsp;", "&#39;", "&lt;", "&quot;", "&copy;", "&", "<", "<!-- c -->", "<script>x()</script>",
		"<figcaption>图</figcaption>", "\r\n",
		"教育部", "召开", "会议", "高校", "招生", "考试", "学生", "部署", "推进", "工作",
		"，", "。", "、", "：", "（", "）", "《", "》", "“", "”", "·", "…", "—", "\u3000", " ", "  ",
		"新华社北京1月10日电", "本报讯", "（记者 张三）", "中国教育在线讯 ", "（供稿：党委办公室）", "(编辑:李四)",
		"责任编辑：王五", "来源：教育部", "各单位：", "end", "2025年", "7月23日", "１２", "Ａｂ", "2024",
		"WASHINGTON (AP) — ", "Schools", " open ", "later", "Students' ", "K-12", "ǅ", "İ", "ß", "ﬁ", "Ⅻ",
		"e\u0301", "\u0301", "\xff", "\xe4\xb8", "한국", "ひらがな", "カタカナ", "𠀀",
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for n := range 1500 {
		var b strings.Builder
		for range 1 + rng.IntN(300) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		if got, want := Fingerprint(text), refFingerprint(text); got != want {
			sb, rb := storyBlocks(text), refStoryBlocks(text)
			if slices.Equal(sb, rb) {
				var st story
				st.maxTokens = leadTokens
				buf := st.read(nil, text)
				var toks []string
				for _, tk := range st.tokens() {
					toks = append(toks, string(buf[tk.start:tk.end]))
				}
				t.Logf("blocks equal; tokens\n got %q\nwant %q", toks, refTokens(rb, leadTokens))
			} else {
				t.Logf("blocks\n got %q\nwant %q", sb, rb)
			}
			t.Fatalf("document %d: Fingerprint = %x, reference %x\ntext %q", n, got, want, text)
		}
		if got, want := storyBlocks(text), refStoryBlocks(text); !slices.Equal(got, want) {
			t.Fatalf("document %d: storyBlocks\n got %q\nwant %q\ntext %q", n, got, want, text)
		}
	}
}
