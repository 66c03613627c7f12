package sanitise

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// sanitised renders what the sanitiser keeps of s.
func sanitised(s, base string) (string, *html.Node) {
	root := sanitise(s, base, Options{})
	var sb strings.Builder
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		_ = html.Render(&sb, c)
	}
	return sb.String(), root
}

// checkSanitised asserts that the bluemonday policy the sanitiser follows
// finds nothing to remove from its output or from Render's, and that the
// HTML parser reads the output back as the tree the rest of Content works
// on.
func checkSanitised(t *testing.T, in string) {
	t.Helper()
	for _, base := range []string{pageURL, ""} {
		out, tree := sanitised(in, base)
		if again := policy().Sanitize(out); again != out {
			t.Errorf("bluemonday changes the sanitised %q:\n%q\n%q", in, out, again)
		}
		reread := parseFull(t, out)
		normaliseTree(reread)
		if d := sameTree(tree, reread); d != "" {
			t.Errorf("the sanitised tree of %q is not what its HTML %q parses to: %s", in, out, d)
		}
		if h, _ := Render(Blocks(in, base, Options{Noise: true})); policy().Sanitize(h) != h {
			t.Errorf("bluemonday changes the rendering of %q: %q", in, h)
		}
	}
}

// sanitiseInputs are the tricky trees, the paragraph shortcuts, the XSS
// corpus in the places an article carries it, and the pages clean's tests
// read.
func sanitiseInputs(t testing.TB) []string {
	in := append(quotedLines(t, "testdata/tricky.txt"), quotedLines(t, "testdata/paragraphs.txt")...)
	in = append(in, vectorInputs(t)...)
	pages, err := filepath.Glob("../clean/testdata/content/*.html")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages: %v", err)
	}
	for _, name := range append(pages, "../clean/testdata/seed-article.txt") {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, string(b))
	}
	return in
}

func TestSanitiseBluemonday(t *testing.T) {
	for _, in := range sanitiseInputs(t) {
		checkSanitised(t, in)
	}
}

// FuzzSanitise holds the sanitiser to the bluemonday policy it replaced:
// for any input, bluemonday finds nothing to remove from what it keeps.
func FuzzSanitise(f *testing.F) {
	for _, in := range sanitiseInputs(f) {
		f.Add(in)
	}
	f.Fuzz(checkSanitised)
}
