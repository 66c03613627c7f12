package sanitise

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds/urls"
)

// The sanitiser works on the parsed tree: it keeps the elements an article
// needs and nothing that runs, embeds or styles. It does what a bluemonday
// policy allowing exactly these elements and attributes would do to the
// rendered tree (the tests hold it to that), without rendering and parsing
// the HTML twice more.

// allowedTag reports the elements kept, with the attributes they keep (see
// keepAttr). Every other element is unwrapped: it goes, what it holds stays.
func allowedTag(tag string) bool {
	switch tag {
	case "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
		"code", "em", "strong", "b", "i", "u", "s", "del", "ins", "sup", "sub", "hr", "figure",
		"figcaption", "div", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "a",
		"img":
		return true
	}
	return false
}

// needAttrs are the allowed elements that mean nothing without their
// attributes: one left with none is unwrapped.
func needAttrs(tag string) bool { return tag == "a" || tag == "img" }

// sanitiser strips a prepared tree down to allowedTag.
type sanitiser struct {
	// pre lists the <pre> elements whose first child was not text starting
	// with a newline before sanitising: see mergeText.
	pre map[*html.Node]bool
}

// sanitiseTree keeps what allowedTag allow of a prepared tree, as
// sanitising its rendering and parsing the result again would leave it.
func sanitiseTree(root *html.Node) *html.Node {
	var s sanitiser
	s.children(root)
	// Text nodes stand side by side where an element or comment between
	// them went, here or in prepare.
	s.mergeText(root, false)
	if !stable(root, scope{}) {
		// Parsing the rendering would give another tree (an element that
		// held a heading went from inside another heading, say): parse it,
		// as a reader of the output will.
		var sb strings.Builder
		for c := root.FirstChild; c != nil; c = c.NextSibling {
			_ = html.Render(&sb, c) // a strings.Builder does not fail
		}
		root = parseFragment(sb.String())
		normaliseTree(root)
	}
	return root
}

func (s *sanitiser) children(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch c.Type {
		case html.TextNode:
		case html.ElementNode:
			s.element(c)
		default:
			n.RemoveChild(c)
		}
		c = next
	}
}

func (s *sanitiser) element(n *html.Node) {
	// prepare dropped these already; a sanitiser does not count on it.
	// nostyle is what bluemonday skips the content of besides them.
	if droppedTag(n.Data) || skippedTag(n.Data) || n.Data == "nostyle" || n.Namespace != "" {
		n.Parent.RemoveChild(n)
		return
	}
	if n.Data == "pre" {
		if f := n.FirstChild; f == nil || f.Type != html.TextNode || !strings.HasPrefix(f.Data, "\n") {
			if s.pre == nil {
				s.pre = map[*html.Node]bool{}
			}
			s.pre[n] = true
		}
	}
	s.children(n)
	if !allowedTag(n.Data) {
		s.unwrap(n)
		return
	}
	keepAttrs(n)
	if needAttrs(n.Data) && len(n.Attr) == 0 {
		s.unwrap(n)
	}
}

// unwrap puts n's children in its place.
func (s *sanitiser) unwrap(n *html.Node) {
	p := n.Parent
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		p.InsertBefore(c, n)
		c = next
	}
	p.RemoveChild(n)
}

// keepAttrs keeps the attributes the element may have, with valid values,
// and marks links nofollow.
func keepAttrs(n *html.Node) {
	out := n.Attr[:0]
	href := false
	for _, a := range n.Attr {
		v, ok := keepAttr(n.Data, a)
		if !ok {
			continue
		}
		a.Val = Runes(v)
		href = href || a.Key == "href"
		out = append(out, a)
	}
	clear(n.Attr[len(out):])
	if href {
		out = append(out, html.Attribute{Key: "rel", Val: "nofollow"})
	}
	n.Attr = out
}

// keepAttr returns the value an attribute keeps, if it may stay.
func keepAttr(tag string, a html.Attribute) (string, bool) {
	if a.Namespace != "" {
		return "", false
	}
	switch {
	case tag == "a" && a.Key == "href", tag == "img" && a.Key == "src":
		return safeURL(a.Val)
	case tag == "img" && (a.Key == "alt" || a.Key == "title"):
		return a.Val, true
	case tag == "img" && (a.Key == "width" || a.Key == "height"):
		return a.Val, numberOrPercent(a.Val)
	case (tag == "td" || tag == "th") && (a.Key == "colspan" || a.Key == "rowspan"):
		return a.Val, digits(a.Val) == len(a.Val) && a.Val != ""
	}
	return "", false
}

// safeURL returns a URL attribute as it is kept: one that parses, on one
// line, absolute and http, https or mailto, written as net/url writes it.
func safeURL(v string) (string, bool) {
	if urls.Plain(v) {
		return v, true // net/url writes it back as it is
	}
	v = strings.TrimSpace(v)
	if strings.ContainsAny(v, " \t\n") {
		return "", false
	}
	u, err := url.Parse(v)
	if err != nil {
		return "", false
	}
	switch u.Scheme {
	case "http", "https", "mailto":
		return u.String(), true
	}
	return "", false
}

// numberOrPercent matches "600" and "100%".
func numberOrPercent(s string) bool {
	n := digits(s)
	return n > 0 && (n == len(s) || n == len(s)-1 && s[n] == '%')
}

// digits counts the ASCII digits s starts with.
func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// mergeText joins the text nodes that ended up side by side and drops the
// empty ones, normalising what it joined, as parsing the rendering again
// would. A <pre> loses a leading newline that was not its first child
// before: the parser drops a newline right after <pre>.
func (s *sanitiser) mergeText(n *html.Node, pre bool) {
	pre = pre || n.Data == "pre"
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch c.Type {
		case html.ElementNode:
			s.mergeText(c, pre)
		case html.TextNode:
			joined := false
			for next != nil && next.Type == html.TextNode {
				c.Data += next.Data
				n.RemoveChild(next)
				next = c.NextSibling
				joined = true
			}
			if joined && !pre {
				c.Data = collapseSpace(c.Data)
			}
			if c.Data == "" {
				n.RemoveChild(c)
			}
		}
		c = next
	}
	if f := n.FirstChild; s.pre[n] && f != nil && f.Type == html.TextNode && strings.HasPrefix(f.Data, "\n") {
		if f.Data = f.Data[1:]; f.Data == "" {
			n.RemoveChild(f)
		}
	}
}
