package article

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// The generic container scorer, for pages of no known CMS: readability's
// idea, counted for Chinese. Each paragraph (a <p>, <pre> or <td>, or a
// <div> that holds text of its own) of at least minParagraph characters
// outside links scores 1, plus one per comma or full stop (，,。、；),
// plus one per 100 characters up to three. Characters, not words: Chinese
// has no spaces. The score goes to the paragraph's parent in full, to its
// grandparent in half and to the level above in a sixth. A candidate's
// score is then multiplied by the share of its text that is not link text
// (menus and link lists are all links), and moved by classWeight for its
// class and id words. The best candidate wins.

// levelDivider is how a paragraph's points thin out going up: a wrapper
// two levels up holds the article and the sidebar beside it.
var levelDivider = [3]float64{1, 2, 6}

// minParagraph is the least text a block needs to count as a paragraph.
const minParagraph = 10

// maxScored bounds the paragraphs scored, so that a page of 10 MiB of
// markup costs no more than one of a few hundred kilobytes.
const maxScored = 5000

type scorer struct {
	score  map[*html.Node]float64
	counts tally
}

func scoreContainer(body *html.Node, counts tally) *html.Node {
	s := scorer{score: map[*html.Node]float64{}, counts: counts}
	scored := 0
	eachNode(body, func(n *html.Node) bool {
		if scored >= maxScored {
			return false
		}
		if n.Type != html.ElementNode {
			return true
		}
		c := s.counts[n]
		own := c.all - c.link
		if own < minParagraph || !s.paragraph(n) || inChrome(n) { // inChrome, the dearest, last
			return true
		}
		scored++
		pts := 1 + float64(commasIn(n, 2000)) + min(float64(own)/100, 3)
		for p, level := n.Parent, 0; p != nil && level < 3; p, level = p.Parent, level+1 {
			s.score[p] += pts / levelDivider[level]
			if p == body {
				break
			}
		}
		return true
	})
	var best *html.Node
	bestScore := 0.0
	for n, sc := range s.score {
		c := s.counts[n]
		if c.all == 0 {
			continue
		}
		sc = sc*(1-float64(c.link)/float64(c.all)) + classWeight(n)
		if best == nil || sc > bestScore || sc == bestScore && depth(n) > depth(best) {
			best, bestScore = n, sc
		}
	}
	if best == nil && counts.holdsContent(body) {
		return body
	}
	return best
}

// paragraph reports a block that holds paragraph text.
func (s *scorer) paragraph(n *html.Node) bool {
	switch n.Data {
	case "p", "pre", "td", "blockquote", "li":
		return true
	case "div", "section", "span", "font":
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode && runeCount(c.Data) >= minParagraph {
				return true
			}
		}
	}
	return false
}

// commasIn is commas(textOf(n, max)), counted in the pooled writer's
// buffer without copying the text out.
func commasIn(n *html.Node, max int) int {
	w := getWriter(max, false)
	w.node(n)
	c := commas(w.buf)
	w.release()
	return c
}

func commas[T string | []byte](s T) int {
	n := 0
	for _, r := range string(s) {
		switch r {
		case '，', ',', '。', '、', '；', ';':
			n++
		}
	}
	return n
}

func depth(n *html.Node) int {
	d := 0
	for ; n != nil; n = n.Parent {
		d++
	}
	return d
}

// inChrome reports an element inside the page's header, navigation,
// footer or sidebar.
func inChrome(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if chrome(p) {
			return true
		}
	}
	return false
}

// chrome reports an element that is the page's header, navigation, footer
// or sidebar by its tag or its class.
func chrome(n *html.Node) bool {
	return isElement(n, "header", "nav", "footer", "aside") || noisy(n)
}

// goodWords and noiseWord are the class and id words that say what a
// block is (see FIELD-NOTES: the words readability-style extractors use,
// and the pinyin ones Chinese CMSs use for the same blocks).
var goodWords = []string{"content", "article", "text", "body", "detail", "zoom",
	"news", "post", "entry", "story", "neirong", "zhengwen"}

// noiseWord is a switch, not a map: inChrome asks it of every class of
// every ancestor of much of the page.
func noiseWord(tok string) bool {
	switch tok {
	case "share", "social", "related", "recommend", "comment", "comments", "footer", "foot",
		"sidebar", "side", "nav", "menu", "breadcrumb", "crumb", "toolbar", "tool", "tools",
		"copyright", "disclaimer", "ad", "ads", "advert", "promo", "newsletter", "subscribe",
		"subscription", "subscriptions", "popup", "header", "head", "tuijian", "xiangguan",
		"fenxiang", "bdshare", "hot", "rank", "links", "link", "pager", "pagination", "print",
		"qrcode", "ewm", "erweima":
		return true
	}
	return false
}

// classWeight is +25 for a class or id that names content, -25 for one
// that names chrome.
func classWeight(n *html.Node) float64 {
	w := 0.0
	noise := anyClassToken(n, func(tok string) bool {
		if noiseToken(tok) {
			return true
		}
		for _, g := range goodWords {
			if strings.Contains(tok, g) {
				w = 25
			}
		}
		return false
	})
	if noise {
		return -25
	}
	return w
}

// noisy reports an element whose class or id names page chrome. It runs
// for every ancestor of much of the page: it allocates nothing for class
// names in lower case.
func noisy(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	for i := range n.Attr {
		a := &n.Attr[i]
		if a.Key != "class" && a.Key != "id" || a.Namespace != "" {
			continue
		}
		for tok := range strings.FieldsSeq(a.Val) {
			if noiseToken(lowerASCII(tok)) {
				return true
			}
		}
	}
	return false
}

// lowerASCII is strings.ToLower for the ASCII names of classes, without
// a copy when there is nothing to change.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// anyClassToken reports whether f holds for a token of n's class or id, in
// lower case, asked in order: the class's tokens, then the id's. It copies
// nothing for the ASCII names most classes have.
func anyClassToken(n *html.Node, f func(tok string) bool) bool {
	if n.Type != html.ElementNode {
		return false
	}
	for _, v := range [2]string{attr(n, "class"), attr(n, "id")} {
		if !isASCII(v) {
			v = strings.ToLower(v)
		}
		for tok := range strings.FieldsSeq(v) {
			if f(lowerASCII(tok)) {
				return true
			}
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// noiseToken matches a whole token or its first or last part split at "-"
// or "_": "share-bar" and "post_footer" count, "adult" does not.
func noiseToken(tok string) bool {
	if noiseWord(tok) {
		return true
	}
	i, j := -1, -1 // the first and last "-" or "_": IndexAny would build its set each time
	for k := 0; k < len(tok); k++ {
		if tok[k] == '-' || tok[k] == '_' {
			if i < 0 {
				i = k
			}
			j = k
		}
	}
	if i < 0 {
		return false
	}
	return noiseWord(tok[:i]) || noiseWord(tok[j+1:])
}
