package article

import (
	"strings"

	"golang.org/x/net/html"
)

// maxTitle is longer than any headline: a longer "title" is a paragraph.
const maxTitle = 200

// pickTitle takes the headline: the page's <h1> nearest the container, then
// TRS's ArticleTitle, og:title or a JSON-LD headline, then a block the page
// styles as its title that <title> repeats, then <title> itself. The site's
// name is cut off whichever it is.
func pickTitle(root, box *html.Node, m meta, opts Options) string {
	site := opts.SiteName
	if site == "" {
		site = m.site
	}
	docTitle := ""
	if t := first(root, "title"); t != nil && t.FirstChild != nil {
		docTitle = squash(t.FirstChild.Data, maxTitle)
	}
	pick := func(s string) string { return cleanTitle(s, site, opts.Rules) }
	if h := headline(root, box, "h1", nil); h != "" {
		return pick(h)
	}
	for _, s := range []string{m.title, m.ogTitle} {
		if s != "" {
			return pick(s)
		}
	}
	repeats := func(s string) bool { return docTitle != "" && strings.Contains(squash(docTitle, 0), s) }
	for _, tag := range []string{"h2", "h3", "title-class"} {
		if h := headline(root, box, tag, repeats); h != "" {
			return pick(h)
		}
	}
	return pick(docTitle)
}

// headline is the text of the last element of the kind before the
// container, or else the first inside it, that reads like a headline and
// passes ok (nil: any). The kind "title-class" is any element whose class
// or id names a title.
func headline(root, box *html.Node, kind string, ok func(string) bool) string {
	var before, inside string
	for n := range root.Descendants() {
		if n.Type != html.ElementNode || !isHeadline(n, kind) || inChrome(n) || logo(n) {
			continue
		}
		t := strings.TrimSpace(textOf(n, maxTitle+1))
		t = strings.ReplaceAll(t, "\n", " ")
		if l := runeLen(t); l < 2 || l > maxTitle || ok != nil && !ok(t) {
			continue
		}
		if within(n, box) {
			if inside == "" {
				inside = t
			}
		} else if precedes(n, box) {
			before = t
		}
	}
	if before != "" {
		return before
	}
	return inside
}

func isHeadline(n *html.Node, kind string) bool {
	if kind != "title-class" {
		return n.Data == kind
	}
	if n.Data == "title" || n.Data == "a" {
		return false
	}
	for _, tok := range classTokens(n) {
		if strings.Contains(tok, "title") || strings.Contains(tok, "biaoti") {
			return true
		}
	}
	return false
}

// logo reports a heading that holds the site's logo or name, not a story.
func logo(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		for _, tok := range classTokens(p) {
			if strings.Contains(tok, "logo") || tok == "site-title" || tok == "site-name" {
				return true
			}
		}
	}
	return false
}

// precedes reports whether a comes before b in document order.
func precedes(a, b *html.Node) bool {
	var pa, pb []*html.Node
	for p := a; p != nil; p = p.Parent {
		pa = append(pa, p)
	}
	for p := b; p != nil; p = p.Parent {
		pb = append(pb, p)
	}
	i, j := len(pa)-1, len(pb)-1
	for i > 0 && j > 0 && pa[i-1] == pb[j-1] {
		i, j = i-1, j-1
	}
	if i == 0 || j == 0 {
		return i == 0 // an ancestor comes first
	}
	for s := pa[i-1].NextSibling; s != nil; s = s.NextSibling {
		if s == pb[j-1] {
			return true
		}
	}
	return false
}

func first(root *html.Node, tag string) *html.Node {
	for n := range root.Descendants() {
		if isElement(n, tag) {
			return n
		}
	}
	return nil
}
