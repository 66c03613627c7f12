package junk

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/edufeed/edufeed/feeds/sanitise"
)

// chromeLineFolded is chromeLine without the first-rune guards: every rule
// asked of the folded key.
func chromeLineFolded(b *block) bool {
	c := b.stats.chromeCounts
	key := fold(b.Text)
	return c.mayBeToolbar() && toolbar(key, c) || c.trimmed <= maxByline && byline(key, c.trimmed) ||
		c.trimmed <= 100 && breadcrumb(key, c.trimmed) || isEnglishChrome(key)
}

// TestChromeLineGuards holds chromeLine, which rules lines out by their
// stats before it folds them, to the rules asked of every folded line, on
// random lines made of the rules' words, their traditional, full-width and
// upper-case forms, decoration, digits, spaces and article text.
func TestChromeLineGuards(t *testing.T) {
	var parts []string
	parts = append(parts, strongToolbarWords...)
	parts = append(parts, weakToolbarWords...)
	parts = append(parts, bylineWords...)
	parts = append(parts, positionWords...)
	parts = append(parts, "首页", "Home", "网站首页", "字體", "列印", "關閉", "責任編輯", "來源", "發佈時間",
		"ＰＲＩＮＴ", "Share", "EMAIL", "Loading...", "click to share", "this entry was posted in x",
		"大中小", "【", "】", "[", "]", "(", ")", ":", "：", "﹕", "|", "/", ">", "»", "·", "•", " ", "　",
		"\u00a0", "\u200b", "\t", "0", "1", "23", "１２", "次", "教育部", "学校", "通知", "中", "在", "我们",
		"人民", "Students", "the", "\xff", "")
	rng := rand.New(rand.NewPCG(16, 3))
	seen := [2]int{}
	for range 300000 {
		var sb strings.Builder
		for range 1 + rng.IntN(6) {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		text := sb.String()
		b := block{Block: sanitise.Block{Text: text}, stats: foldStatsOf(text)}
		want := chromeLineFolded(&b)
		if got := b.chromeLine(); got != want {
			t.Fatalf("chromeLine(%q) = %v, folded rules say %v", text, got, want)
		}
		if want {
			seen[1]++
		} else {
			seen[0]++
		}
	}
	if seen[0] < 1000 || seen[1] < 1000 {
		t.Fatalf("lines neither chrome nor text enough to tell: %v", seen)
	}
}

// TestDigitDateSep holds listTail's guard to its date patterns: on random
// lines of digits, separators, decoration, spaces and text, every line
// dateFirst or dateLast matches has digitDateSep.
func TestDigitDateSep(t *testing.T) {
	parts := []string{"2024", "7", "23", "12", "-", "/", ".", "–", " ", "·", "【", "】", "[", "]", "10:30",
		"2024-07-23", "7-23", "2024/7/23", "2024.07.23", "12/5",
		"年", "月", "日", "标题", "x", "１２", "\xff"}
	rng := rand.New(rand.NewPCG(16, 18))
	matched := 0
	for range 100000 {
		var sb strings.Builder
		for range 1 + rng.IntN(8) {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		s := sb.String()
		if dateFirst.MatchString(s) || dateLast.MatchString(s) {
			matched++
			if !digitDateSep(s) {
				t.Fatalf("%q is a date line without a separator between digits", s)
			}
		}
	}
	if matched < 1000 {
		t.Fatalf("%d date lines, too few", matched)
	}
}
