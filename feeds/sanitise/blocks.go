package sanitise

import (
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

// A Block is one unit of the article as a reader scans it: a line of a
// paragraph or heading, a list item, or a whole table, figure, quote or
// preformatted text. Page-junk rules keep or drop whole blocks; Render
// writes the ones kept back as HTML.
type Block struct {
	// Tag is the element the block renders in (p, h1…h6, li); "" renders
	// Nodes[0] as it is.
	Tag   string
	Nodes []*html.Node
	// Group joins blocks back on output: the <br>-separated lines of one
	// paragraph, or the items of one list.
	Group int
	List  *html.Node // the ul or ol of an li block

	Text      string // visible text, whitespace collapsed
	Runes     int    // non-space runes of Text
	LinkRunes int    // non-space runes inside <a href>
	Media     bool   // an image or a rule: worth keeping without text
	DocLink   bool   // links to a document (pdf, doc, xls…): an attachment
}

// inlineTag reports the elements that flow inside a line of text.
func inlineTag(tag string) bool {
	switch tag {
	case "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del",
		"dfn", "em", "font", "i", "img", "ins", "kbd", "label", "mark", "nobr", "picture", "q", "rp",
		"rt", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt",
		"u", "var", "wbr":
		return true
	}
	return false
}

// skippedTag reports the elements that hold nothing a reader sees as text.
func skippedTag(tag string) bool {
	switch tag {
	case "script", "style", "noscript", "template", "iframe", "object", "embed", "applet", "svg",
		"math", "head", "title", "textarea", "select", "button", "input", "noembed", "noframes",
		"xmp", "plaintext", "canvas", "audio", "video", "frameset", "frame", "form":
		return true
	}
	return false
}

// opaqueTag reports the elements kept or dropped whole: cutting inside
// them would break them.
func opaqueTag(tag string) bool {
	switch tag {
	case "pre", "table", "figure", "blockquote", "hr":
		return true
	}
	return false
}

func isHeading(tag string) bool {
	return len(tag) == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6'
}

type builder struct {
	blocks []Block
	run    []*html.Node // inline nodes waiting for a block boundary
	groups int
	// nested marks the inline elements that hold block elements, which must
	// be walked as containers instead.
	nested map[*html.Node]bool
}

// buildblocks flattens a parsed fragment into blocks, in document order.
// The array comes from the pool Recycle fills.
func buildBlocks(root *html.Node) []Block {
	b := &builder{nested: nestedMaps.Get().(map[*html.Node]bool)}
	markNested(root, b.nested)
	n := 0 // a block or more for each top-level node, as a rule
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		n++
	}
	held := blockArrays.Get().(*[]Block)
	b.blocks = slices.Grow((*held)[:0], n+4)
	b.container(root)
	if len(b.nested) <= maxPooled {
		clear(b.nested)
		nestedMaps.Put(b.nested)
	}
	return b.blocks
}

// Recycle gives the array of blocks back for the next article's blocks:
// neither blocks nor any other slice of its array may be used afterwards.
// Building each article's blocks in a new array was a tenth of what
// extracting an article allocated.
func Recycle(blocks []Block) {
	all := blocks[:cap(blocks)]
	if len(all) > maxPooled {
		return
	}
	clear(all) // the pool holds no page's nodes or text
	blockArrays.Put(&all)
}

// blockArrays and nestedMaps keep what buildBlocks works in between
// articles.
var (
	blockArrays = sync.Pool{New: func() any { return new([]Block) }}
	nestedMaps  = sync.Pool{New: func() any { return map[*html.Node]bool{} }}
)

// maxPooled is the most blocks or marked nodes a pooled array or map
// holds, so that one huge article does not keep them; a cleared map also
// keeps its size, and clearing it would cost every article after.
const maxPooled = 1024

// markNested records the nodes that hold a block element and reports whether
// n is or holds one.
func markNested(n *html.Node, m map[*html.Node]bool) bool {
	has := false
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if markNested(c, m) {
			has = true
		}
	}
	if has {
		m[n] = true
	}
	return has || (n.Type == html.ElementNode && !inlineTag(n.Data) && !skippedTag(n.Data))
}

func (b *builder) nextGroup() int {
	b.groups++
	return b.groups
}

func (b *builder) container(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			b.run = append(b.run, c)
		case c.Type != html.ElementNode, skippedTag(c.Data):
		case inlineTag(c.Data) && !b.nested[c]:
			b.run = append(b.run, c)
		default:
			b.flushRun()
			b.element(c)
		}
	}
	b.flushRun()
}

// flushRun turns loose inline content (text in a div, text between blocks)
// into paragraphs: every <br>-separated line is a paragraph of its own.
func (b *builder) flushRun() {
	if len(b.run) > 0 {
		b.lines("p", b.run, true)
		b.run = nil
	}
}

func (b *builder) element(n *html.Node) {
	switch {
	case n.Data == "p" || isHeading(n.Data):
		if b.nested[n] {
			b.container(n)
			return
		}
		b.lines(n.Data, children(n), false)
	case n.Data == "ul" || n.Data == "ol":
		b.listItems(n)
	case n.Data == "table" && layoutTable(n):
		b.container(n) // a page laid out in a table: its cells hold paragraphs
	case opaqueTag(n.Data):
		b.add(Block{Nodes: []*html.Node{n}})
	default:
		b.container(n)
	}
}

// layoutTable reports a table with at most one cell in each row: old CMS
// pages put the whole article in one.
func layoutTable(t *html.Node) bool {
	return maxCells(t) <= 1
}

// maxCells returns the most cells in a row of the table n belongs to,
// leaving nested tables out.
func maxCells(n *html.Node) int {
	most := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.Data == "table" {
			continue
		}
		if c.Data == "tr" {
			cells := 0
			for td := c.FirstChild; td != nil; td = td.NextSibling {
				if td.Type == html.ElementNode && (td.Data == "td" || td.Data == "th") {
					cells++
				}
			}
			most = max(most, cells)
			continue
		}
		most = max(most, maxCells(c))
	}
	return most
}

func children(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, c)
	}
	return out
}

// lines splits inline nodes at <br> into line blocks. Lines joined by a
// single <br> stay one paragraph unless eachLine; two or more <br> in a row
// (or a blank line between them) start a new paragraph.
func (b *builder) lines(tag string, nodes []*html.Node, eachLine bool) {
	group := b.nextGroup()
	brk := false
	start := 0 // of the line in nodes
	end := func(k int) {
		bl := Block{Tag: tag, Nodes: nodes[start:k:k]}
		start = k + 1
		trimLine(bl.Nodes)
		bl.measure()
		if bl.empty() {
			brk = true
			return
		}
		if brk || eachLine {
			group = b.nextGroup()
		}
		brk = false
		bl.Group = group
		b.blocks = append(b.blocks, bl)
	}
	for k, n := range nodes {
		if n.Type == html.ElementNode && n.Data == "br" {
			end(k)
		}
	}
	end(len(nodes))
}

func (b *builder) listItems(list *html.Node) {
	b.items(list, list, b.nextGroup())
}

// items adds the items of list found among n's children. Content stray in a
// list becomes an item of its own; a stray element holding blocks (items
// inside a <b>) is looked into instead, or items would nest.
func (b *builder) items(n, list *html.Node, group int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		var nodes []*html.Node
		switch {
		case c.Type == html.ElementNode && c.Data == "li":
			nodes = children(c)
		case c.Type == html.ElementNode && b.nested[c]:
			b.items(c, list, group)
			continue
		case c.Type == html.TextNode, c.Type == html.ElementNode && !skippedTag(c.Data):
			nodes = []*html.Node{c}
		default:
			continue
		}
		trimLine(nodes)
		bl := Block{Tag: "li", Nodes: nodes, List: list, Group: group}
		bl.measure()
		if !bl.empty() {
			b.blocks = append(b.blocks, bl)
		}
	}
}

func (b *builder) add(bl Block) {
	bl.measure()
	if !bl.empty() {
		bl.Group = b.nextGroup()
		b.blocks = append(b.blocks, bl)
	}
}

func (bl *Block) empty() bool { return bl.Runes == 0 && !bl.Media }

// measure fills the block's text and counts.
func (bl *Block) measure() {
	if len(bl.Nodes) == 1 && bl.Nodes[0].Type == html.TextNode {
		bl.Text, bl.Runes = joinFieldsCount(bl.Nodes[0].Data) // what walk would write
		return
	}
	var sb strings.Builder
	for _, n := range bl.Nodes {
		bl.walk(n, false, &sb)
	}
	bl.Text, bl.Runes = joinFieldsCount(sb.String())
}

func (bl *Block) walk(n *html.Node, inLink bool, sb *strings.Builder) {
	switch n.Type {
	case html.TextNode:
		sb.WriteString(n.Data)
		if inLink {
			bl.LinkRunes += chars.Count(n.Data)
		}
		return
	case html.ElementNode:
	default:
		return
	}
	if skippedTag(n.Data) {
		return
	}
	switch n.Data {
	case "img", "hr":
		bl.Media = true
	case "a":
		if href := attr(n, "href"); href != "" {
			inLink = true
			bl.DocLink = bl.DocLink || isDocURL(href) || docNamed(n)
		}
	}
	apart := !inlineTag(n.Data) || n.Data == "br"
	if apart {
		sb.WriteByte(' ')
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		bl.walk(c, inLink, sb)
	}
	if apart {
		sb.WriteByte(' ')
	}
}
