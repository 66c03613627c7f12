package clean

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/edufeed/edufeed/feeds/sanitise"
)

// cutNote is the paragraph that ends a body cut at sanitise.MaxContentBytes.
const cutNote = "<p>[…]</p>"

// maxRawContentBytes is how much of a body sanitise reads.
const maxRawContentBytes = 4 * sanitise.MaxContentBytes

// parseFragment parses HTML as a reader does, as the inside of a <body>,
// under a <div>.
func parseFragment(s string) *html.Node {
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, _ := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return root
}

// xmlForbidden reports what XML 1.0 does not allow, and the C1 controls.
func xmlForbidden(r rune) bool {
	if r == '\t' || r == '\n' || r == '\r' {
		return false
	}
	return r < 0x20 || r >= 0x7f && r <= 0x9f || r >= 0xd800 && r <= 0xdfff || r == 0xfffe || r == 0xffff
}

// sanitiseInputs reads sanitise's list of odd inputs (tricky.txt,
// paragraphs.txt): Go-quoted strings, one a line.
func sanitiseInputs(t testing.TB, name string) []string {
	b, err := os.ReadFile(filepath.Join("..", "sanitise", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		s, err := strconv.Unquote(l)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, s)
	}
	return out
}
