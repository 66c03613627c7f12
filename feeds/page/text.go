package page

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// skipped are elements whose text a reader never sees as text.
func skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Select, atom.Textarea:
		return true
	}
	return false
}

// textOf returns the visible text of n with white space collapsed. It
// stops after maxText bytes, so that one block of a huge page costs little.
func textOf(n *html.Node) string {
	var b strings.Builder
	appendText(&b, n, nil)
	return squeeze(b.String())
}

// maxText bounds the raw text taken from one node.
const maxText = 8 << 10

// appendText writes the text under n to b, leaving out the subtrees for
// which skip is true. Sibling elements are parted by a space, since
// "<td>title</td><td>2025-01-10</td>" reads as two words.
func appendText(b *strings.Builder, n *html.Node, skip func(*html.Node) bool) {
	if b.Len() > maxText {
		return
	}
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		if skipped(n) || skip != nil && skip(n) {
			return
		}
		if n.DataAtom == atom.Br || n.DataAtom == atom.Img {
			b.WriteByte(' ')
		}
	case html.DocumentNode:
	default:
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		appendText(b, c, skip)
		if c.Type == html.ElementNode {
			b.WriteByte(' ')
		}
	}
}

// squeeze collapses every run of white space (ideographic spaces, no-break
// spaces and zero-width characters too) into one space and trims the ends.
func squeeze(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000':
			space = b.Len() > 0
			continue
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff':
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

// weight measures text in the width a reader sees: a Chinese, Japanese or
// Korean character counts two, anything else one. Headline lengths are
// judged on it so that one threshold serves both "教育部召开会议" (14) and
// "Board approves budget" (21).
func weight(s string) int {
	w := 0
	for _, r := range s {
		if r > 0x2e80 && (unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul)) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// truncated reports whether a title was cut short by the site.
func truncated(s string) bool {
	return strings.HasSuffix(s, "…") || strings.HasSuffix(s, "...") || strings.HasSuffix(s, "。。。")
}

// trimEllipsis removes the mark a site puts on a cut title.
func trimEllipsis(s string) string {
	for _, e := range []string{"…", "...", "。。。"} {
		s = strings.TrimSuffix(s, e)
	}
	return strings.TrimSpace(strings.TrimRight(s, "…."))
}

// walk calls fn for every node under root in document order, without
// recursion, so that a page of a hundred thousand nested tables cannot
// exhaust the stack. fn returns false to skip the node's children.
func walk(root *html.Node, fn func(*html.Node) bool) {
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !fn(n) {
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
}

// findBase returns the page's <base href> resolved against the URL it was
// fetched from, or that URL when the page has none.
func findBase(doc *html.Node, base string) string {
	var found string
	walk(doc, func(n *html.Node) bool {
		if found != "" || n.DataAtom == atom.Body {
			return false
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Base {
			if h := resolve(attr(n, "href"), base); strings.HasPrefix(h, "http") {
				found = h
			}
		}
		return true
	})
	if found == "" {
		return base
	}
	return found
}
