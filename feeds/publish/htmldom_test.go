package publish

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// parseHTML parses a page the way a browser would.
func parseHTML(t *testing.T, body []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return doc
}

// findAll returns the elements under n, in document order, that match.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	return out
}

// tag matches elements by name.
func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// textOf is the text content of n, spaces collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		switch {
		case d.Type == html.TextNode:
			b.WriteString(d.Data)
		case d.Type == html.ElementNode && d.Data == "br":
			b.WriteString(" ")
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// byID returns the element with the id, failing the test if there is none.
func byID(t *testing.T, doc *html.Node, id string) *html.Node {
	t.Helper()
	found := findAll(doc, func(n *html.Node) bool { v, _ := attr(n, "id"); return v == id })
	if len(found) != 1 {
		t.Fatalf("%d elements with id %q", len(found), id)
	}
	return found[0]
}

// sourceRows returns the cells' text of each row of the source table.
func sourceRows(t *testing.T, doc *html.Node) [][]string {
	t.Helper()
	tbody := findAll(byID(t, doc, "sources"), tag("tbody"))
	if len(tbody) != 1 {
		t.Fatalf("%d tbody in the source table", len(tbody))
	}
	var rows [][]string
	for _, tr := range findAll(tbody[0], tag("tr")) {
		var cells []string
		for _, td := range findAll(tr, tag("td")) {
			cells = append(cells, textOf(td))
		}
		rows = append(rows, cells)
	}
	return rows
}

// hrefs lists the href of every <a> under n.
func hrefs(n *html.Node) []string {
	var out []string
	for _, a := range findAll(n, tag("a")) {
		if v, ok := attr(a, "href"); ok {
			out = append(out, v)
		}
	}
	return out
}
