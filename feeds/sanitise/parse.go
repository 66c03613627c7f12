package sanitise

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseFragment parses HTML as the inside of a <body> and returns a <div>
// holding the result.
func parseFragment(s string) *html.Node {
	if root, ok := parseParagraphs(s); ok {
		return root
	}
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

// parseParagraphs parses the HTML many feeds send, paragraphs of plain
// text, which needs none of the HTML parser's rules: <p> and </p> in pairs,
// text, <br> and <br/> between them and around them. It builds the tree
// the parser would, or reports that s is not that simple. Text holds no
// NUL and no carriage return, which the parser would change.
func parseParagraphs(s string) (*html.Node, bool) {
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	parent := root
	for s != "" {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			i = len(s)
		}
		if i > 0 {
			text := s[:i]
			if strings.ContainsAny(text, "\x00\r") {
				return nil, false
			}
			if strings.IndexByte(text, '&') >= 0 {
				text = html.UnescapeString(text) // as the tokenizer does
			}
			parent.AppendChild(&html.Node{Type: html.TextNode, Data: text})
			s = s[i:]
			continue
		}
		switch {
		case strings.HasPrefix(s, "<p>") && parent == root:
			p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
			root.AppendChild(p)
			parent, s = p, s[len("<p>"):]
		case strings.HasPrefix(s, "</p>") && parent != root:
			parent, s = root, s[len("</p>"):]
		case strings.HasPrefix(s, "<br>"), strings.HasPrefix(s, "<br/>"):
			parent.AppendChild(&html.Node{Type: html.ElementNode, Data: "br", DataAtom: atom.Br})
			s = s[strings.IndexByte(s, '>')+1:]
		default:
			return nil, false
		}
	}
	return root, parent == root
}
