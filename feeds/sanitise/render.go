package sanitise

import (
	"bytes"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

// render writes blocks back as HTML: lines of one group in one element
// joined by <br>, list items of one list in one list. It stops at
// MaxContentBytes: the blocks that fit stay whole, a group (a list, a
// paragraph of lines) may lose its last blocks, and cutNote ends the body.
// When not even the first block fits, its text alone is kept, cut. whole
// reports that every block was written as it is.
func render(blocks []Block) (h string, whole bool) {
	// What is written past room is taken back: one buffer, no copies.
	const room = MaxContentBytes - len(cutNote) - 1
	size := 0
	for i := range blocks {
		size += len(blocks[i].Text) + 16
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	buf.Reset()
	buf.Grow(min(size, MaxContentBytes))
	for i := 0; i < len(blocks); {
		j := i + 1
		for j < len(blocks) && blocks[i].Tag != "" && blocks[j].Tag == blocks[i].Tag && blocks[j].Group == blocks[i].Group {
			j++
		}
		before := buf.Len()
		if before > 0 {
			buf.WriteByte('\n')
		}
		n := renderGroup(buf, blocks[i:j], room)
		if n == 0 {
			buf.Truncate(before)
		}
		if n < j-i {
			if buf.Len() == 0 {
				buf.WriteString(cutText(&blocks[i], room))
			}
			if buf.Len() > 0 {
				buf.WriteByte('\n')
			}
			buf.WriteString(cutNote)
			return buf.String(), false
		}
		i = j
	}
	return buf.String(), true
}

// renderBuffers keep render's buffers between articles: growing a new one
// for each was a sixth of what extracting an article allocated. The
// result is copied out of it (buf.String), so nothing of it escapes.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledRender is the largest buffer that goes back to the pool: the
// few long articles do not keep theirs.
const maxPooledRender = 256 << 10

func putRenderBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledRender {
		renderBuffers.Put(buf)
	}
}

// renderGroup writes the blocks of one group as one element, as many as
// keep buf within room bytes, and returns how many it wrote; when none, it
// may leave a start of the element in buf.
func renderGroup(buf *bytes.Buffer, g []Block, room int) int {
	bl := g[0]
	if bl.Tag == "" {
		_ = html.Render(buf, bl.Nodes[0]) // a bytes.Buffer does not fail
		if buf.Len() > room {
			return 0
		}
		return 1
	}
	open, close, sep := "<"+bl.Tag+">", "</"+bl.Tag+">", "<br/>"
	if bl.Tag == "li" {
		open, close, sep = "<"+bl.List.Data+">", "</"+bl.List.Data+">", ""
	}
	buf.WriteString(open)
	n := 0
	for k := range g {
		start := buf.Len()
		if k > 0 {
			buf.WriteString(sep)
		}
		if bl.Tag == "li" {
			buf.WriteString("<li>")
		}
		renderNodes(buf, g[k].Nodes)
		if bl.Tag == "li" {
			buf.WriteString("</li>")
		}
		if buf.Len()+len(close) > room {
			buf.Truncate(start)
			break
		}
		n++
	}
	if n > 0 {
		buf.WriteString(close)
	}
	return n
}

// cutText is a block too big for the cap as one paragraph of its text, cut
// to fit in limit bytes.
func cutText(bl *Block, limit int) string {
	const markup = len("<p>…</p>")
	text := html.EscapeString(strings.Join(strings.Fields(bl.plain()), " "))
	if len(text) > limit-markup {
		text = chars.CutBytes(text, limit-markup)
		if i := strings.LastIndexByte(text, '&'); i >= 0 && !strings.Contains(text[i:], ";") {
			text = text[:i] // not half an entity
		}
		text = strings.TrimRight(text, " ") + "…"
	}
	if text == "" {
		return ""
	}
	return "<p>" + text + "</p>"
}

func renderNodes(buf *bytes.Buffer, nodes []*html.Node) {
	for _, n := range nodes {
		_ = html.Render(buf, n) // a bytes.Buffer does not fail
	}
}

// plain is the block's text for PlainText: lines inside tables, quotes and
// lists stay lines; figure captions are left out.
func (bl *Block) plain() string {
	if len(bl.Nodes) == 1 && bl.Nodes[0].Type == html.TextNode {
		// One line, plainWalk making "\n" a space: measure's text.
		return bl.Text
	}
	var sb strings.Builder
	for _, n := range bl.Nodes {
		plainWalk(n, &sb, false)
	}
	return plainLines(sb.String())
}

// plainLines returns the lines of s with their spaces collapsed, the empty
// ones left out.
func plainLines(s string) string {
	if singleSpaced(s) {
		return s // one line, collapsed
	}
	var b strings.Builder
	b.Grow(len(s))
	gap, newline := false, false // a space, a line end before the next word
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if chars.IsSpace(r) {
			gap = true
			newline = newline || r == '\n'
		} else {
			if gap && b.Len() > 0 {
				if newline {
					b.WriteByte('\n')
				} else {
					b.WriteByte(' ')
				}
			}
			gap, newline = false, false
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func plainWalk(n *html.Node, sb *strings.Builder, pre bool) {
	switch {
	case n.Type == html.TextNode:
		if pre {
			sb.WriteString(n.Data)
		} else {
			sb.WriteString(strings.ReplaceAll(n.Data, "\n", " "))
		}
		return
	case n.Type != html.ElementNode, skippedTag(n.Data), n.Data == "figcaption":
		return // a caption is the site's own words on its photo, not the story
	}
	sep := ""
	switch {
	case n.Data == "br":
		sb.WriteByte('\n')
		return
	case n.Data == "td" || n.Data == "th":
		sep = " "
	case !inlineTag(n.Data):
		sep = "\n"
	}
	sb.WriteString(sep)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		plainWalk(c, sb, pre || n.Data == "pre")
	}
	sb.WriteString(sep)
}
