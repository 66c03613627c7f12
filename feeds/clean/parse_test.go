package clean

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

var paragraphInputs = []string{
	"", "text", "<p>一</p>", "<p>一</p><p>二</p>", "\n<p>一</p>\n<p>二</p>\n", "<p></p>", "<p>a<br>b<br/>c</p>",
	"<br><p>x</p>x<br/>", "<p>a &amp; b &lt;p&gt; &nbsp;&#20013;&#x4e2d;&bogus; &amp</p>", "<p>a > b</p>",
	"<p>改革学生本科考试高等教育，本科培养发展招生建设。</p><p>责任编辑：王五</p>",
	// Not that simple: the parser's rules decide.
	"<p>a<p>b</p>", "</p>", "<p>a", "<P>a</P>", "<p >a</p>", "<p>a</p></p>", "<p>a\r\nb</p>", "<p>a\x00b</p>",
	"<p>a < b</p>", "<br >", "</br>", "<p>&#0;</p>", "<p><p></p></p>",
}

func TestParseParagraphs(t *testing.T) {
	simple := 0
	for _, s := range paragraphInputs {
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
	for _, s := range paragraphInputs {
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
