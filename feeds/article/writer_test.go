package article

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// TestPartRunes holds the writer's rune count of a part, which infoText
// reads instead of counting the part again, to utf8.RuneCount of what it
// wrote: on random trees of text with ideographs, spaces of every kind,
// zero-width marks, controls and invalid bytes, in blocks, cells and
// inline elements, with and without a limit.
func TestPartRunes(t *testing.T) {
	texts := []string{"教育部", "通知", "abc", " ", "\n", "\t", "\r", "\u3000", "\u00a0", "\u2003", "\u200b", "\ufeff",
		"\v", "\f", "\x00", "\xff", "\xe6\x95", "ａｂ", "😀", "，", "2025年1月8日", "&", "<"}
	tags := []string{"p", "div", "span", "br", "td", "li", "b", "script", "table"}
	rng := rand.New(rand.NewPCG(16, 1))
	var grow func(n *html.Node, depth int)
	grow = func(n *html.Node, depth int) {
		for range rng.IntN(5) {
			if depth < 3 && rng.IntN(3) == 0 {
				tag := tags[rng.IntN(len(tags))]
				c := &html.Node{Type: html.ElementNode, Data: tag}
				n.AppendChild(c)
				grow(c, depth+1)
				continue
			}
			s := ""
			for range 1 + rng.IntN(4) {
				s += texts[rng.IntN(len(texts))]
			}
			n.AppendChild(&html.Node{Type: html.TextNode, Data: s})
		}
	}
	for range 20000 {
		root := &html.Node{Type: html.ElementNode, Data: "div"}
		grow(root, 0)
		w := getWriter(0, false)
		w.buf = append(w.buf, "前文"...) // a part starts after what the writer holds
		limit := []int{0, 1, 5, 30}[rng.IntN(4)]
		sp := w.part(root, limit)
		if got, want := w.partRunes(), utf8.RuneCount(w.buf[sp.from:sp.to]); got != want {
			t.Fatalf("partRunes = %d, RuneCount = %d of %q", got, want, w.buf[sp.from:sp.to])
		}
		w.release()
	}
}
