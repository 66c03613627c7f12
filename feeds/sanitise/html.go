package sanitise

import (
	"regexp"
	"strings"
	"sync"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/edufeed/edufeed/feeds/internal/chars"
	"github.com/edufeed/edufeed/feeds/urls"
)

// droppedTag reports the elements that go with everything inside them:
// they run code, embed other pages, take input, or hold text nobody sees.
// The tag sets are switches, not maps: they are asked of every element.
func droppedTag(tag string) bool {
	switch tag {
	case "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "param",
		"form", "input", "button", "select", "option", "textarea", "svg", "math", "noscript",
		"template", "canvas", "audio", "video", "source", "track", "link", "meta", "base", "title",
		"head", "noembed", "noframes", "xmp", "plaintext", "dialog", "map":
		return true
	}
	return false
}

// sectionTag reports the block containers the sanitiser does not keep;
// they are renamed to <div> so that their text does not run into the next
// block's.
func sectionTag(tag string) bool {
	switch tag {
	case "section", "article", "main", "header", "aside", "center", "address", "details",
		"summary", "hgroup", "dl", "dt", "dd", "fieldset", "legend", "nav", "footer", "body", "html",
		"menu", "dir":
		return true
	}
	return false
}

// lazyAttrs hold the real image of lazy-loading pages, whose src is a
// placeholder until a script runs.
var lazyAttrs = []string{"data-src", "data-original", "data-lazy-src", "data-actualsrc"}

// sanitise parses HTML, prepares it (absolute links, lazy images, no
// trackers, no noise) and keeps what the sanitiser allows of it.
func sanitise(s, base string, o Options) *html.Node {
	return sanitiseNode(parseFragment(s), base, o)
}

// sanitiseNode is sanitise for a tree already parsed: root's children are
// the body, and root is taken over.
func sanitiseNode(root *html.Node, base string, o Options) *html.Node {
	prepare(root, base, o)
	return sanitiseTree(root)
}

// prepare normalises the tree's text and attributes (see normaliseTree)
// and does what the sanitiser cannot: it resolves links, finds lazy
// images and drops trackers and page chrome. What it reads of an element
// it reads normalised, so that text which is only junk counts as none.
func prepare(root *html.Node, base string, o Options) {
	p := preparer{base: base, noise: o.Noise, root: root, normalise: true}
	if len(o.Remove) > 0 {
		// The selectors match attribute values as normalised.
		normaliseTree(root)
		p.normalise = false
		for _, sel := range o.Remove {
			for _, n := range cascadia.QueryAll(root, sel) {
				detach(n)
			}
		}
	}
	p.walk(root, false)
	if p.runes != nil && len(p.runes) <= maxPooled {
		clear(p.runes)
		runeMaps.Put(p.runes)
	}
}

// runeMaps keep holdsArticle's counts between articles.
var runeMaps = sync.Pool{New: func() any { return map[*html.Node]int{} }}

type preparer struct {
	base  string
	noise bool
	root  *html.Node
	// runes counts the text under each node, once, when first needed. The
	// walk asks only about subtrees it has not changed yet.
	runes map[*html.Node]int
	// normalise says that the walk normalises what it meets, as
	// normaliseTree would have before it: one walk instead of two.
	normalise bool
}

// walk prepares n's children; pre says whether n keeps its whitespace
// (see keepsSpace).
func (p *preparer) walk(n *html.Node, pre bool) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch c.Type {
		case html.CommentNode:
			n.RemoveChild(c)
		case html.TextNode:
			if p.normalise {
				normaliseText(c, pre)
			}
		case html.ElementNode:
			if p.normalise {
				normaliseAttrs(c) // before drop and fix read them
			}
			if p.drop(c) {
				n.RemoveChild(c)
				break
			}
			inPre := keepsSpace(c, pre) // of its own tag, before fix renames it
			p.fix(c)
			p.walk(c, inPre)
			if c.Data == "a" && emptyLink(c) {
				n.RemoveChild(c) // what held a tracker or an icon
			}
		}
		c = next
	}
}

// drop reports whether an element goes with all it holds.
func (p *preparer) drop(n *html.Node) bool {
	switch {
	case droppedTag(n.Data), hidden(n):
		return true
	case n.Data == "img":
		return !p.fixImage(n)
	case n.Data == "a" && isShareWidget(attr(n, "href")):
		return true
	case p.noise && isNoise(n):
		return !p.holdsArticle(n)
	}
	return false
}

// wrapperText is more text than page chrome has: a "noise" element holding
// this much and most of the text is a wrapper with an unlucky class.
const wrapperText = 200

func (p *preparer) holdsArticle(n *html.Node) bool {
	if p.runes == nil {
		p.runes = runeMaps.Get().(map[*html.Node]int)
		countText(p.root, p.runes)
	}
	own := p.runes[n]
	return own > wrapperText && own*2 > p.runes[p.root]
}

// fix rewrites an element that stays.
func (p *preparer) fix(n *html.Node) {
	switch {
	case n.Data == "a":
		setAttr(n, "href", contentLink(attr(n, "href"), p.base))
	case sectionTag(n.Data):
		n.Data, n.DataAtom = "div", atom.Div
	}
}

// fixImage gives an image its real, absolute source and reports whether it
// is worth keeping.
func (p *preparer) fixImage(n *html.Node) bool {
	src := attr(n, "src")
	for _, a := range lazyAttrs {
		if v := strings.TrimSpace(attr(n, a)); v != "" && !strings.HasPrefix(strings.ToLower(v), "data:") {
			src = v
			break
		}
	}
	if src = strings.TrimSpace(src); src == "" {
		return false
	}
	src = urls.Resolve(src, p.base)
	if src == "" || len(src) > MaxURLBytes || isTrackingPixel(n, src) {
		return false
	}
	setAttr(n, "src", src)
	return true
}

// contentLink makes an href absolute and strips its tracking parameters; ""
// for what a reader cannot follow (scripts, in-page anchors) and for URLs
// longer than MaxURLBytes.
func contentLink(href, base string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") || len(href) > maxRawFieldBytes {
		return ""
	}
	abs := urls.Resolve(href, base)
	if abs == "" || len(abs) > MaxURLBytes {
		return ""
	}
	if strings.HasPrefix(strings.ToLower(abs), "mailto:") {
		return abs
	}
	if l := urls.Link(abs, ""); len(l) <= MaxURLBytes {
		return l
	}
	return ""
}

var hiddenStyle = regexp.MustCompile(`(?i)(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)`)

// hidden reports elements a browser would not show; Chinese sites hide
// anti-copy text in them.
func hidden(n *html.Node) bool {
	if _, ok := attrOK(n, "hidden"); ok {
		return true
	}
	style := attr(n, "style")
	return mayHide(style) && hiddenStyle.MatchString(style)
}

// mayHide reports a style that holds "none" or "hidden" in any case, as
// every one hiddenStyle matches does: most styles (text-indent, font-size)
// are passed over without the regexp.
func mayHide(style string) bool {
	for i := 0; i < len(style); i++ {
		switch style[i] | 0x20 {
		case 'n':
			if i+4 <= len(style) && strings.EqualFold(style[i:i+4], "none") {
				return true
			}
		case 'h':
			if i+6 <= len(style) && strings.EqualFold(style[i:i+6], "hidden") {
				return true
			}
		}
	}
	return false
}

// emptyLink reports a link with neither text nor image left in it.
func emptyLink(n *html.Node) bool {
	if textRunes(n) > 0 {
		return false
	}
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && c.Data == "img" {
			return false
		}
	}
	return true
}

// countText counts the text under n and each node below it, as
// normalised: the walk that normalises it has not come to all of it yet.
func countText(n *html.Node, m map[*html.Node]int) int {
	total := 0
	if n.Type == html.TextNode {
		total = chars.Count(Runes(n.Data)) // collapseSpace changes only spaces, which do not count
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		total += countText(c, m)
	}
	m[n] = total
	return total
}

func textRunes(n *html.Node) int {
	if n.Type == html.TextNode {
		return chars.Count(n.Data)
	}
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		total += textRunes(c)
	}
	return total
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

// setAttr sets an attribute, or removes it when val is "".
func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			if val == "" {
				n.Attr = append(n.Attr[:i], n.Attr[i+1:]...)
			} else {
				n.Attr[i].Val = val
			}
			return
		}
	}
	if val != "" {
		n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
	}
}

func detach(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}
