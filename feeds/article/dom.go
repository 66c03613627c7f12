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

// findBody is the page's body element.
func findBody(root *html.Node) *html.Node {
	for n := range root.Descendants() {
		if isElement(n, "body") {
			return n
		}
	}
	return nil
}

// holdsContent reports an element with text or an image in it.
func holdsContent(n *html.Node) bool {
	if runeCount(textOf(n, 20)) >= 10 {
		return true
	}
	for c := range n.Descendants() {
		if isElement(c, "img", "table") {
			return true
		}
	}
	return false
}

// pageBase is the base of the page's links: its <base href> when it has
// one, else its URL.
func pageBase(root *html.Node, pageURL string) string {
	for n := range root.Descendants() {
		if isElement(n, "base") {
			if h := strings.TrimSpace(attr(n, "href")); h != "" {
				if b := resolve(h, pageURL); b != "" {
					return b
				}
			}
			break
		}
		if isElement(n, "body") {
			break
		}
	}
	return pageURL
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }
