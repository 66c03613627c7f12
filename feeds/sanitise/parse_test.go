package sanitise

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseFull is parseFragment without the paragraph shortcut.
func parseFull(t testing.TB, s string) *html.Node {
	t.Helper()
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return root
}

// sameTree reports where two trees differ, "" when they do not.
func sameTree(a, b *html.Node) string {
	if a.Type != b.Type || a.Data != b.Data || a.DataAtom != b.DataAtom || a.Namespace != b.Namespace || !slices.Equal(a.Attr, b.Attr) {
		return fmt.Sprintf("%d %q %v != %d %q %v", a.Type, a.Data, a.Attr, b.Type, b.Data, b.Attr)
	}
	ca, cb := a.FirstChild, b.FirstChild
	for ; ca != nil && cb != nil; ca, cb = ca.NextSibling, cb.NextSibling {
		if d := sameTree(ca, cb); d != "" {
			return d
		}
	}
	if ca != nil || cb != nil {
		return fmt.Sprintf("children of %q differ in number", a.Data)
	}
	return ""
}

func TestParseParagraphs(t *testing.T) {
	simple := 0
	for _, s := range quotedLines(t, "testdata/paragraphs.txt") {
		if _, ok := parseParagraphs(s); ok {
			simple++
		}
		if d := sameTree(parseFragment(s), parseFull(t, s)); d != "" {
			t.Errorf("%q: %s", s, d)
		}
	}
	if simple < 10 {
		t.Errorf("only %d inputs took the shortcut", simple)
	}
}

// FuzzParseParagraphs: the shortcut builds the tree the parser builds.
func FuzzParseParagraphs(f *testing.F) {
	for _, s := range quotedLines(f, "testdata/paragraphs.txt") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		root, ok := parseParagraphs(s)
		if !ok {
			return
		}
		if d := sameTree(root, parseFull(t, s)); d != "" {
			t.Errorf("%q: %s", s, d)
		}
	})
}
