package article

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func detach(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

func isElement(n *html.Node, tags ...string) bool {
	if n == nil || n.Type != html.ElementNode {
		return false
	}
	for _, t := range tags {
		if n.Data == t {
			return true
		}
	}
	return len(tags) == 0
}

// invisible elements hold no reader's text.
var invisible = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "head": true,
	"title": true, "select": true, "option": true, "textarea": true, "svg": true, "math": true,
}

// textOf is the text a reader sees in n, whitespace runs made one space,
// at most max runes of it (0: all).
func textOf(n *html.Node, max int) string {
	var sb strings.Builder
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		switch n.Type {
		case html.TextNode:
			sb.WriteString(n.Data)
			return max == 0 || sb.Len() < max*4
		case html.ElementNode:
			if invisible[n.Data] {
				return true
			}
			if blockTags[n.Data] || n.Data == "br" {
				sb.WriteByte('\n')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		if n.Type == html.ElementNode && (blockTags[n.Data] || n.Data == "td") {
			sb.WriteByte(' ')
		}
		return true
	}
	walk(n)
	return squash(sb.String(), max)
}

// squash makes each run of whitespace (full-width and no-break spaces
// too) one space, keeping newlines as line breaks, and cuts at max runes.
func squash(s string, max int) string {
	var sb strings.Builder
	space, nl, count := false, false, 0
	for _, r := range s {
		if r == '\n' {
			nl = sb.Len() > 0
			continue
		}
		if unicode.IsSpace(r) || r == '\u3000' || r == '\u00a0' {
			space = sb.Len() > 0
			continue
		}
		if r == '\u200b' || r == '\ufeff' {
			continue
		}
		switch {
		case nl:
			sb.WriteByte('\n')
		case space:
			sb.WriteByte(' ')
		}
		nl, space = false, false
		sb.WriteRune(r)
		if count++; max > 0 && count >= max {
			break
		}
	}
	return sb.String()
}

// blockTags break lines.
var blockTags = map[string]bool{
	"p": true, "div": true, "li": true, "tr": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "table": true, "ul": true, "ol": true, "section": true,
	"article": true, "header": true, "footer": true, "blockquote": true, "pre": true, "dd": true,
	"dt": true, "dl": true, "form": true, "center": true, "main": true, "aside": true, "nav": true,
	"figure": true, "figcaption": true, "hr": true,
}

// runeCount counts the non-space runes of s.
func runeCount(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// textCount is what an element holds: its visible text, the part of it in
// links (runes that are not space), its images and tables, and its links
// to documents.
type textCount struct{ all, link, media, docs int }

// tally counts every element of a tree once, so that the rules that ask
// how much text an element holds cost a map lookup, not a walk.
type tally map[*html.Node]textCount

func countTree(root *html.Node) tally {
	t := tally{}
	t.count(root, false)
	return t
}

func (t tally) count(n *html.Node, inLink bool) textCount {
	var c textCount
	switch n.Type {
	case html.TextNode:
		c.all = runeCount(n.Data)
		if inLink {
			c.link = c.all
		}
		return c
	case html.ElementNode:
		if invisible[n.Data] {
			return c
		}
		switch n.Data {
		case "a":
			inLink = true
			if isDocLink(n) {
				c.docs++
			}
		case "img", "table":
			c.media++
		}
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		kc := t.count(k, inLink)
		c.all += kc.all
		c.link += kc.link
		c.media += kc.media
		c.docs += kc.docs
	}
	if n.Type == html.ElementNode {
		t[n] = c
	}
	return c
}

// holdsContent reports an element with text or an image in it.
func (t tally) holdsContent(n *html.Node) bool {
	c := t[n]
	return c.all >= 10 || c.media > 0
}

// linkShare is the share of n's text inside links.
func (t tally) linkShare(n *html.Node) float64 {
	c := t[n]
	if c.all == 0 {
		return 0
	}
	return float64(c.link) / float64(c.all)
}

// pageBase is the base of the page's links: its <base href> when it has
// one, else its URL.
func pageBase(sv *survey, pageURL string) string {
	if sv.base != nil {
		if h := strings.TrimSpace(attr(sv.base, "href")); h != "" {
			if b := resolve(h, pageURL); b != "" {
				return b
			}
		}
	}
	return pageURL
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }
