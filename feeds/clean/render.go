package clean

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// render writes blocks back as HTML: lines of one group in one element
// joined by <br>, list items of one list in one list. It stops at
// MaxContentBytes: the blocks that fit stay whole, a group (a list, a
// paragraph of lines) may lose its last blocks, and cutNote ends the body.
// When not even the first block fits, its text alone is kept, cut.
func render(blocks []block) string {
	const room = MaxContentBytes - len(cutNote) - 1
	var sb, part strings.Builder
	for i := 0; i < len(blocks); {
		j := i + 1
		for j < len(blocks) && blocks[i].tag != "" && blocks[j].tag == blocks[i].tag && blocks[j].group == blocks[i].group {
			j++
		}
		sep := 0
		if sb.Len() > 0 {
			sep = 1
		}
		part.Reset()
		n := renderGroup(&part, blocks[i:j], room-sb.Len()-sep)
		if n > 0 {
			if sep > 0 {
				sb.WriteByte('\n')
			}
			sb.WriteString(part.String())
		}
		if n < j-i {
			if sb.Len() == 0 {
				sb.WriteString(cutText(&blocks[i], room))
			}
			if sb.Len() > 0 {
				sb.WriteByte('\n')
			}
			sb.WriteString(cutNote)
			break
		}
		i = j
	}
	return sb.String()
}

// renderGroup writes the blocks of one group as one element, as many as
// fit in limit bytes, and returns how many it wrote; none leaves sb empty.
func renderGroup(sb *strings.Builder, g []block, limit int) int {
	bl := g[0]
	if bl.tag == "" {
		_ = html.Render(sb, bl.nodes[0]) // a strings.Builder does not fail
		if sb.Len() > limit {
			sb.Reset()
			return 0
		}
		return 1
	}
	open, close, sep := "<"+bl.tag+">", "</"+bl.tag+">", "<br/>"
	if bl.tag == "li" {
		open, close, sep = "<"+bl.list.Data+">", "</"+bl.list.Data+">", ""
	}
	sb.WriteString(open)
	var one strings.Builder
	n := 0
	for k := range g {
		one.Reset()
		if k > 0 {
			one.WriteString(sep)
		}
		if bl.tag == "li" {
			one.WriteString("<li>")
		}
		renderNodes(&one, g[k].nodes)
		if bl.tag == "li" {
			one.WriteString("</li>")
		}
		if sb.Len()+one.Len()+len(close) > limit {
			break
		}
		sb.WriteString(one.String())
		n++
	}
	if n == 0 {
		sb.Reset()
		return 0
	}
	sb.WriteString(close)
	return n
}

// cutText is a block too big for the cap as one paragraph of its text, cut
// to fit in limit bytes.
func cutText(bl *block, limit int) string {
	const markup = len("<p>…</p>")
	text := html.EscapeString(strings.Join(strings.Fields(bl.plain()), " "))
	if len(text) > limit-markup {
		text = cutBytes(text, limit-markup)
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

func renderNodes(sb *strings.Builder, nodes []*html.Node) {
	for _, n := range nodes {
		_ = html.Render(sb, n) // a strings.Builder does not fail
	}
}

// parseFragment parses HTML as the inside of a <body> and returns a <div>
// holding the result.
func parseFragment(s string) *html.Node {
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		return root // a strings.Reader does not fail; an empty fragment is the safe answer
	}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return root
}

// plain is the block's text for PlainText: lines inside tables, quotes and
// lists stay lines.
func (bl *block) plain() string {
	var sb strings.Builder
	for _, n := range bl.nodes {
		plainWalk(n, &sb, false)
	}
	var lines []string
	for l := range strings.SplitSeq(sb.String(), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
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
	case n.Type != html.ElementNode, skippedTags[n.Data]:
		return
	}
	sep := ""
	switch {
	case n.Data == "br":
		sb.WriteByte('\n')
		return
	case n.Data == "td" || n.Data == "th":
		sep = " "
	case !inlineTags[n.Data]:
		sep = "\n"
	}
	sb.WriteString(sep)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		plainWalk(c, sb, pre || n.Data == "pre")
	}
	sb.WriteString(sep)
}
