package article

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// maxTitle is longer than any headline: a longer "title" is a paragraph.
const maxTitle = 200

// pickTitle takes the headline: the page's <h1> nearest the container, then
// TRS's ArticleTitle, og:title or a JSON-LD headline, then a block the page
// styles as its title that <title> repeats, then <title> itself. The site's
// name is cut off whichever it is.
func pickTitle(sv *survey, box *html.Node, m meta, opts Options) string {
	site := opts.SiteName
	if site == "" {
		site = m.site
	}
	docTitle := ""
	if t := sv.title; t != nil && t.FirstChild != nil {
		docTitle = squash(t.FirstChild.Data, maxTitle)
	}
	pick := func(s string) string { return cleanTitle(s, site, opts.Rules) }
	if h := headline(sv, box, "h1", nil); h != "" {
		return pick(h)
	}
	for _, s := range []string{m.title, m.ogTitle} {
		if s != "" {
			return pick(s)
		}
	}
	// A lesser heading or a block styled as the title is the headline
	// when <title> repeats it; else the nearest one styled as the title,
	// unless <title> is more than a site's name.
	squashed := squash(docTitle, 0)
	repeats := func(s string) bool { return docTitle != "" && strings.Contains(squashed, s) }
	for _, tag := range []string{"h2", "h3", "title-class"} {
		if h := headline(sv, box, tag, repeats); h != "" {
			return pick(h)
		}
	}
	if h := headline(sv, box, "title-class", nil); h != "" {
		return pick(h)
	}
	return pick(docTitle)
}

// headline is the text of the last element of the kind before the
// container, or else the first inside it, that reads like a headline and
// passes ok (nil: any). The kind "title-class" is any element whose class
// or id names a title.
func headline(sv *survey, box *html.Node, kind string, ok func(string) bool) string {
	var before, inside string
	for _, n := range sv.index[kind] {
		if titleChrome(n) || logo(n) {
			continue
		}
		t := headlineText(n)
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

// titleChrome is inChrome for headlines, but for the <header> of an
// <article>: HTML5's header of the story (WordPress's <header
// class="entry-header"><h1>) holds its headline, not the site's.
func titleChrome(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if isElement(p, "header") && hasAncestor(p, "article") {
			continue
		}
		if isElement(p, "header", "nav", "footer", "aside") || noisy(p) {
			return true
		}
	}
	return false
}

// logo reports a heading that holds the site's logo or name, not a story.
func logo(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if anyClassToken(p, func(tok string) bool {
			return strings.Contains(tok, "logo") || tok == "site-title" || tok == "site-name"
		}) {
			return true
		}
	}
	return false
}

// precedes reports whether a comes before b in document order.
// Both climb to their common ancestor; ca and cb are its children they
// pass through (nil for the one that is the ancestor itself).
func precedes(a, b *html.Node) bool {
	da, db := depth(a), depth(b)
	var ca, cb *html.Node
	for ; da > db; da-- {
		ca, a = a, a.Parent
	}
	for ; db > da; db-- {
		cb, b = b, b.Parent
	}
	for a != b {
		ca, a = a, a.Parent
		cb, b = b, b.Parent
	}
	if ca == nil || cb == nil {
		return ca == nil // an ancestor comes first
	}
	for s := ca.NextSibling; s != nil; s = s.NextSibling {
		if s == cb {
			return true
		}
	}
	return false
}

// headlineText is a heading's text; a heading that puts the info line
// after a <br> (PHPCMS) gives only the part before it. A headline broken
// over two lines stays whole.
func headlineText(n *html.Node) string {
	var sb strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if isElement(c, "br") && runeCount(sb.String()) >= 4 && infoAfter(c) {
			return squash(sb.String(), maxTitle+1)
		}
		if c.Type == html.TextNode {
			sb.WriteString(c.Data)
		} else {
			sb.WriteString(textOf(c, maxTitle+1))
		}
	}
	return strings.ReplaceAll(strings.TrimSpace(textOf(n, maxTitle+1)), "\n", " ")
}

var dateLike = regexp.MustCompile(`\d{4}[-/.年]\d{1,2}`)

// infoAfter reports whether what follows a <br> is an info line.
func infoAfter(br *html.Node) bool {
	var sb strings.Builder
	for c := br.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			sb.WriteString(c.Data)
		} else {
			sb.WriteString(textOf(c, 200))
		}
	}
	s := sb.String()
	return dateLike.MatchString(s) || infoLabels.in(s)
}
