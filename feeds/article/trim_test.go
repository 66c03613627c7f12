package article

import (
	"bytes"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/internal/articlecorpus"
)

// TestTrimTextless holds trimBox, which passes over the elements the
// survey counted no text in without writing their keys, to trimming that
// writes every key: with every element of every corpus page (and an
// element holding only form feeds, and one inside an <svg>) as the
// container, the trimmed pages render alike.
func TestTrimTextless(t *testing.T) {
	pages, err := articlecorpus.Load(filepath.Join("testdata", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	// Long enough to be walked into from every container above them.
	long := "<p>" + strings.Repeat("正文第一段。", 40) + "</p>"
	extra := `<div id="x-ff">` + long + `<span>` + "\f\v\f" + `</span><p>` + "\v" + `</p></div>` +
		`<div id="x-svg">` + long + `<svg><text><tspan>打印</tspan> <tspan>关闭</tspan></text></svg></div>`
	trim := func(doc []byte, k int, hidden bool) (string, bool) {
		root, err := html.Parse(bytes.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		sv := surveyPage(root, len(doc))
		defer sv.release()
		var box *html.Node
		i := 0
		for n := range root.Descendants() {
			if n.Type == html.ElementNode {
				if i == k {
					box = n
					break
				}
				i++
			}
		}
		if box == nil {
			return "", false
		}
		if hidden {
			trimWithin(box, "教育部召开会议", sv.counts, true)
		} else {
			trimBox(box, "教育部召开会议", sv.counts)
		}
		var sb strings.Builder
		if err := html.Render(&sb, root); err != nil {
			t.Fatal(err)
		}
		return sb.String(), true
	}
	rng := rand.New(rand.NewPCG(16, 4))
	cases := 0
	for i, p := range pages {
		doc := bytes.Replace(p.HTML[0], []byte("</body>"), []byte(extra+"</body>"), 1)
		step := func() int { return 1 + rng.IntN(3) }
		if i == 0 {
			step = func() int { return 1 } // every element, those of extra too
		}
		for k := 0; ; k += step() {
			want, ok := trim(doc, k, true)
			if !ok {
				break
			}
			if got, _ := trim(doc, k, false); got != want {
				t.Fatalf("%s, element %d as the container: trimmed apart from trimming that writes every key", p.Name, k)
			}
			cases++
		}
	}
	if cases < 1000 {
		t.Fatalf("%d containers tried, want every few elements of every page", cases)
	}
}

// TestTextlessKeys holds what trimBox's shortcut rests on: no junk rule
// takes a key of only form and line feeds, the survey's spaces that the
// writer keeps, and a title's key holds neither.
func TestTextlessKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 5))
	for n := 1; n <= maxJunk+1; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = "\v\f"[rng.IntN(2)]
		}
		key := string(b)
		if pagerText(key) || pressLine(key) || infoLine(key, n) || noticeLine(key, n) || qrLine(key, n) ||
			counterLine(key, n) || separatorLine(key) || pageNumbers.MatchString(key) || englishPager.MatchString(key) {
			t.Fatalf("a rule takes the key %q", key)
		}
	}
	for _, raw := range []string{"\v", "教育\f部\v", "\f\v通知", "&#11;通知&#12;", "<b>\v</b>"} {
		if k := squeeze(cleanTitle(raw, "", nil)); strings.ContainsAny(k, "\v\f") {
			t.Errorf("the title key of %q is %q", raw, k)
		}
	}
}
