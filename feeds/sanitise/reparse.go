package sanitise

import (
	"strings"

	"golang.org/x/net/html"
)

// The sanitiser unwraps and drops elements in a tree the HTML parser
// built. What is left is usually a tree the parser would build from its
// rendering too, and Content can go on with it; stable tells the rare
// trees that are not, which are parsed again.

// scope is what the HTML parser would know, at a node of the tree, of the
// elements open around it.
type scope struct {
	heading bool // the parent is a heading
	p       bool // a <p> is open in button scope
	li      bool // an <li> is open that a new <li> would close
	a       bool // an <a> is open that a new <a> would close
	parent  string
}

// stable reports whether parsing the rendering of n's children (all
// allowed, see allowedTag) gives them back: whether no start tag in it
// would close an open element or be moved, as the HTML parser does with a <p> in a <p>, a
// heading in a heading, an <li> in an <li>, an <a> in an <a>, and with what
// is out of place in a table.
func stable(n *html.Node, sc scope) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			if tablePart(sc.parent) && strings.Trim(c.Data, " \t\n\f\r") != "" {
				return false // foster-parented
			}
			continue
		}
		if c.Type != html.ElementNode || !fits(c.Data, sc) {
			return false
		}
		if c.FirstChild != nil && !stable(c, sc.enter(c.Data)) {
			return false
		}
	}
	return true
}

// tablePart reports the elements that hold only table parts: anything
// else is moved out of them. These and the two below are switches, not
// maps: stable asks them for every element of every article.
func tablePart(tag string) bool {
	switch tag {
	case "table", "thead", "tbody", "tfoot", "tr":
		return true
	}
	return false
}

// tableParent is where a table part must stand.
func tableParent(tag string) (string, bool) {
	switch tag {
	case "caption", "thead", "tbody", "tfoot":
		return "table", true
	case "tr":
		return "tbody", true
	case "td", "th":
		return "tr", true
	}
	return "", false
}

// closesP reports the allowed elements whose start tag closes an open <p>.
func closesP(tag string) bool {
	switch tag {
	case "p", "div", "blockquote", "figure", "figcaption", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
		"h6", "pre", "li", "hr", "table":
		return true
	}
	return false
}

// fits reports whether the parser would put an element with this tag
// where it stands.
func fits(tag string, sc scope) bool {
	if want, ok := tableParent(tag); ok {
		return sc.parent == want || tag == "tr" && (sc.parent == "thead" || sc.parent == "tfoot")
	}
	switch {
	case tablePart(sc.parent):
		return false
	case closesP(tag) && sc.p, isHeading(tag) && sc.heading, tag == "li" && sc.li, tag == "a" && sc.a:
		return false
	}
	return true
}

// enter returns the scope inside an element with this tag.
func (sc scope) enter(tag string) scope {
	sc.parent = tag
	sc.heading = isHeading(tag)
	switch tag {
	case "p":
		sc.p = true
	case "li":
		sc.li = true
	case "a":
		sc.a = true
	case "table", "caption", "td", "th":
		sc.p, sc.a = false, false // scope boundaries and formatting markers
	}
	if tag != "li" && tag != "div" && tag != "p" && !inlineTag(tag) {
		sc.li = false // special elements stop the search for an open <li>
	}
	return sc
}
