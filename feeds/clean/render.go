package clean

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// render writes blocks back as HTML: lines of one group in one element
// joined by <br>, list items of one list in one list.
func render(blocks []block) string {
	var sb strings.Builder
	for i := 0; i < len(blocks); {
		if i > 0 {
			sb.WriteByte('\n')
		}
		bl := blocks[i]
		j := i + 1
		for j < len(blocks) && bl.tag != "" && blocks[j].tag == bl.tag && blocks[j].group == bl.group {
			j++
		}
		switch bl.tag {
		case "":
			_ = html.Render(&sb, bl.nodes[0])
		case "li":
			sb.WriteString("<" + bl.list.Data + ">")
			for _, it := range blocks[i:j] {
				sb.WriteString("<li>")
				renderNodes(&sb, it.nodes)
				sb.WriteString("</li>")
			}
			sb.WriteString("</" + bl.list.Data + ">")
		default:
			sb.WriteString("<" + bl.tag + ">")
			for k, line := range blocks[i:j] {
				if k > 0 {
					sb.WriteString("<br/>")
				}
				renderNodes(&sb, line.nodes)
			}
			sb.WriteString("</" + bl.tag + ">")
		}
		i = j
	}
	return sb.String()
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
