package sanitise

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

// Runes maps the characters feeds get wrong to what a reader expects:
// exotic spaces become plain spaces, line ends become "\n", zero-width marks,
// characters XML forbids and invalid UTF-8 go away.
func Runes(s string) string {
	if runesAreClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			// invalid byte: dropped, the output must be valid UTF-8
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue // the "\n" that follows stands for both
			}
			b.WriteByte('\n')
		case chars.IsSpaceLike(r):
			b.WriteByte(' ')
		case chars.IsZeroWidth(r), xmlForbidden(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func runesAreClean(s string) bool { return normalText(s, true) }

// normalText reports whether Runes leaves s as it is, and, unless
// pre, collapseSpace too: one look at text that is mostly clean already.
func normalText(s string, pre bool) bool {
	space := false
	for i := 0; i < len(s); {
		if chars.CJK3(s, i) {
			space = false
			i += 3
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ':
				if space && !pre {
					return false
				}
				space = true
			case c == '\t' || c == '\n':
				if !pre {
					return false
				}
			case c < ' ' || c == 0x7f: // "\r" and the controls XML forbids
				return false
			default:
				space = false
			}
			i++
			continue
		}
		r, size := chars.NextWide(s, i)
		if r == utf8.RuneError && size == 1 || chars.IsSpaceLike(r) || chars.IsZeroWidth(r) || xmlForbidden(r) {
			return false
		}
		space = false
		i += size
	}
	return true
}

// xmlForbidden reports characters that XML 1.0 does not allow, plus the C1
// controls, which only ever appear in mis-decoded text.
func xmlForbidden(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0xd800 && r <= 0xdfff, r == 0xfffe, r == 0xffff:
		return true
	}
	return false
}

// OneLine cleans s and collapses every whitespace run into one space: the
// form of a title, an author or a category.
func OneLine(s string) string {
	return strings.Join(strings.Fields(Runes(s)), " ")
}

// collapseSpace turns every whitespace run in s into a single space, keeping
// a leading or trailing one.
func collapseSpace(s string) string {
	if !needsCollapse(s) {
		return s
	}
	if onlySpace(s) {
		return " " // the whitespace between tags, most text nodes: no copy
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\f' || r == '\v' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// onlySpace reports whether s is made of the whitespace collapseSpace
// collapses, and nothing else.
func onlySpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\n', '\t', '\f', '\v':
		default:
			return false
		}
	}
	return true
}

// needsCollapse reports whether collapseSpace would change s.
func needsCollapse(s string) bool {
	space := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			if space {
				return true
			}
			space = true
		case '\n', '\t', '\f', '\v':
			return true
		default:
			space = false
		}
	}
	return !utf8.ValidString(s) // collapseSpace writes U+FFFD for a bad byte
}

// tagLike finds something that only HTML has: a start or end tag or a
// comment. Plain text with a stray "<" does not count. A slash may follow
// the name as a space would ("<br/>", "<svg/onload=…>"), as browsers read it.
var tagLike = regexp.MustCompile(`<(?:[a-zA-Z][a-zA-Z0-9-]*(?:[\s/][^<>]*)?>|/[a-zA-Z][a-zA-Z0-9-]*\s*>|!--)`)

func looksLikeHTML(s string) bool { return tagLike.MatchString(s) }

// textToHTML makes one paragraph of every non-empty line of plain text.
func textToHTML(s string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(Runes(s), "\n") {
		line = strings.Join(strings.Fields(html.UnescapeString(line)), " ")
		if line == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(html.EscapeString(line))
		b.WriteString("</p>")
	}
	return b.String()
}

// PlainText returns the text of HTML as a reader sees it: one paragraph (or
// list item, heading, line of a <br>-split paragraph) per line, spaces
// collapsed, nothing hidden (scripts, styles) included, and no figure
// captions: they are the site's own words on its photo, not the story.
func PlainText(h string) string {
	if strings.TrimSpace(h) == "" {
		return ""
	}
	if !looksLikeHTML(h) {
		h = textToHTML(h)
	}
	root := parseFragment(h)
	normaliseTree(root)
	blocks := buildBlocks(root)
	text := blocksText(blocks)
	Recycle(blocks)
	return text
}

// blocksText is the text of blocks as PlainText gives it.
func blocksText(blocks []Block) string {
	size := 0
	for i := range blocks {
		size += len(blocks[i].Text) + 1 // the length of plain(), near enough
	}
	var b strings.Builder
	b.Grow(size)
	for _, bl := range blocks {
		t := bl.plain()
		if t == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(t)
	}
	return b.String()
}

// normaliseTree cleans every text node and attribute value of a parsed
// fragment. Outside <pre> whitespace runs collapse into one space.
func normaliseTree(n *html.Node) { normaliseNode(n, false) }

func normaliseNode(n *html.Node, pre bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			normaliseText(c, pre)
		case html.ElementNode:
			normaliseAttrs(c)
			normaliseNode(c, keepsSpace(c, pre))
		}
	}
}

// normaliseText cleans a text node; pre says whether it stands in a <pre>
// or <textarea>, where whitespace stays as it is.
func normaliseText(n *html.Node, pre bool) {
	if normalText(n.Data, pre) {
		return
	}
	n.Data = Runes(n.Data)
	if !pre {
		n.Data = collapseSpace(n.Data)
	}
}

// normaliseAttrs cleans an element's attribute values.
func normaliseAttrs(n *html.Node) {
	for i := range n.Attr {
		n.Attr[i].Val = Runes(n.Attr[i].Val)
	}
}

// keepsSpace reports whether the whitespace inside an element stays as it
// is: pre says whether it does around the element.
func keepsSpace(n *html.Node, pre bool) bool {
	return pre || n.Data == "pre" || n.Data == "textarea"
}

// trimLine drops the spaces at both ends of a line of inline nodes and the
// doubled spaces where two text nodes meet.
func trimLine(nodes []*html.Node) {
	if len(nodes) == 1 && nodes[0].Type == html.TextNode {
		nodes[0].Data = strings.Trim(nodes[0].Data, " ") // as the loops below would
		return
	}
	var texts []*html.Node
	for _, n := range nodes {
		collectText(n, &texts)
	}
	space := true // at the start of a line a space shows nothing
	for _, t := range texts {
		if space {
			t.Data = strings.TrimLeft(t.Data, " ")
		}
		if t.Data != "" {
			space = strings.HasSuffix(t.Data, " ")
		}
	}
	for i := len(texts) - 1; i >= 0; i-- {
		texts[i].Data = strings.TrimRight(texts[i].Data, " ")
		if texts[i].Data != "" {
			break
		}
	}
}

func collectText(n *html.Node, out *[]*html.Node) {
	switch n.Type {
	case html.TextNode:
		*out = append(*out, n)
	case html.ElementNode:
		if n.Data == "pre" || skippedTag(n.Data) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			collectText(c, out)
		}
	}
}

// Defuse makes plain text safe to show where it may be read as HTML: a "<"
// that would open a tag, an end tag, a comment or a processing instruction
// gets a space after it, which leaves it text for an HTML parser. Readers
// often take RSS titles and descriptions for HTML, and a reader that pastes
// "<img src=x onerror=…" into its page must find no tag there, closed or
// not. Defuse(Defuse(s)) == Defuse(s).
func Defuse(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if s[i] == '<' && i+1 < len(s) && opensMarkup(s[i+1]) {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// opensMarkup reports the bytes that make a preceding "<" start markup in
// the HTML tokenizer rather than text.
func opensMarkup(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?'
}
