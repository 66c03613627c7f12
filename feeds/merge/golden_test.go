package merge

import (
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edufeed/edufeed/feeds"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.txt")

// benchItem is one item of testdata/bench/items.json: an item of
// feeds/poll/testdata/bench/f0.xml as parsed (Description, the CDATA) and
// as clean.Item leaves it with the built-in rules (Content and Summary).
type benchItem struct {
	GUID, Link, Title, Description, Content, Summary string
}

func loadBenchItems(t testing.TB) []benchItem {
	t.Helper()
	b, err := os.ReadFile("testdata/bench/items.json")
	if err != nil {
		t.Fatal(err)
	}
	var items []benchItem
	if err := json.Unmarshal(b, &items); err != nil {
		t.Fatalf("testdata/bench/items.json: %v", err)
	}
	return items
}

func (b benchItem) item() feeds.Item {
	return feeds.Item{GUID: b.GUID, Link: b.Link, Title: b.Title, Content: b.Content, Summary: b.Summary}
}

// named is one input of the golden test.
type named struct{ name, s string }

// goldenInputs gathers every item, text, title and link in testdata, and
// the seeds of the fuzz targets.
func goldenInputs(t *testing.T) (items []struct {
	name string
	it   feeds.Item
}, texts, titles, links []named) {
	addItem := func(name string, it feeds.Item) {
		items = append(items, struct {
			name string
			it   feeds.Item
		}{name, it})
		texts = append(texts, named{name + "/content", it.Content}, named{name + "/summary", it.Summary})
		titles = append(titles, named{name + "/title", it.Title})
		links = append(links, named{name + "/link", it.Link}, named{name + "/guid", it.GUID})
	}
	for _, p := range loadPairs(t) {
		addItem("pairs/"+p.ID+"/a", p.A.raw())
		addItem("pairs/"+p.ID+"/b", p.B.raw())
	}
	for i, b := range loadBenchItems(t) {
		name := fmt.Sprintf("bench/%02d", i)
		addItem(name, b.item())
		texts = append(texts, named{name + "/description", b.Description})
		raw := b.item()
		raw.Content = b.Description
		items = append(items, struct {
			name string
			it   feeds.Item
		}{name + "/raw", raw})
	}
	for _, f := range []string{"article.txt", "article2.txt", "seed-article.txt"} {
		a := readArticle(t, f)
		texts = append(texts, named{f, a}, named{f + "/html", asHTML(a)})
	}
	for i, s := range []string{
		"<p>a<b>b</b></p><script>x</script><style>",
		"&amp;&#xffff;&#0;\xff\xfe",
	} {
		texts = append(texts, named{fmt.Sprintf("seed/%d", i), s})
	}
	for i, s := range []string{
		"关于2025年寒假放假安排的通知",
		"【转载】独家｜教育强国建设巡礼——北京篇（组图）",
		"Weekly Update: January 3, 2025 | EdSurge",
		"Students &amp;amp; <b>teachers</b> rally - BBC News",
		"２０２５年　报名人数公布！",
		"a\xffb | c",
	} {
		titles = append(titles, named{fmt.Sprintf("seed/%d", i), s})
	}
	corpus, _ := filepath.Glob("testdata/fuzz/FuzzCanonicalLink/*")
	for _, f := range corpus {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// "go test fuzz v1\nstring(\"...\")\n"
		var s string
		if _, err := fmt.Sscanf(strings.SplitN(string(b), "\n", 2)[1], "string(%q)", &s); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		links = append(links, named{"fuzz/" + filepath.Base(f), s})
	}
	return items, texts, titles, links
}

// variants returns texts derived from s that reach the corners of the
// HTML reader: every prefix at a 97-byte step (cut tags, entities and
// UTF-8 sequences) and rewrites of its markup, entities and characters.
func variants(s string) []string {
	var vs []string
	for n := 97; n < len(s) && n < 2500; n += 97 {
		vs = append(vs, s[:n])
	}
	for _, r := range []*strings.Replacer{
		strings.NewReplacer("<p>", "<P class=\"a\">", "</p>", "</P>"),
		strings.NewReplacer("</p>", "</p>\n\n"),
		strings.NewReplacer("<p>", "<div><p>", "</p>", "</p></div>"),
		strings.NewReplacer("，", "&#65292;", "。", "&#x3002;<br>"),
		strings.NewReplacer("<p>", "<p>&nbsp; ", "</p>", " </p>"),
		strings.NewReplacer("教育", "<b>教育</b>", "部", "<span>部</span>"),
		strings.NewReplacer("1", "１", "2", "２", "a", "Ａ", "e", "E"),
		strings.NewReplacer("</p>", "</p><script>var p = '</p>';</script>"),
		strings.NewReplacer("<p>", "<p>（记者 李四）", "。", "。（供稿：办公室）"),
		strings.NewReplacer("<p>", "<!-- c --><p>", "&", "&amp;amp;"),
		strings.NewReplacer("<p>", "\n", "</p>", "\n"),
	} {
		if v := r.Replace(s); v != s {
			vs = append(vs, v)
		}
	}
	return vs
}

// goldenLines computes every key of every golden input, one line each.
func goldenLines(t *testing.T) []string {
	items, texts, titles, links := goldenInputs(t)
	var lines []string
	for _, it := range items {
		k := KeysOf(cleaned(it.it))
		lines = append(lines, fmt.Sprintf("keys %s = guid=%q link=%q title=%q fp=%016x", it.name, k.GUID, k.Link, k.Title, k.Fingerprint))
	}
	for _, x := range texts {
		lines = append(lines, fmt.Sprintf("fp %s = %016x", x.name, Fingerprint(textOf(x.s))))
		// One digest per text keeps the file short; TestFastBlocks
		// tells which variant differs.
		h := fnv.New64a()
		vs := variants(x.s)
		for _, v := range vs {
			h.Write(binary.LittleEndian.AppendUint64(nil, Fingerprint(textOf(v))))
		}
		lines = append(lines, fmt.Sprintf("fp-variants %s = %d:%016x", x.name, len(vs), h.Sum64()))
	}
	for _, x := range titles {
		lines = append(lines, fmt.Sprintf("title %s = %q", x.name, TitleKey(x.s)))
	}
	for _, x := range links {
		lines = append(lines, fmt.Sprintf("link %s = %q", x.name, CanonicalLink(x.s)))
	}
	return lines
}

// TestGolden holds KeysOf, Fingerprint, TitleKey and CanonicalLink to the
// values in testdata/golden.txt for every input in testdata: the keys are
// stored, so a change to any of them splits stories already merged.
func TestGolden(t *testing.T) {
	got := strings.Join(goldenLines(t), "\n") + "\n"
	const path = "testdata/golden.txt"
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	want := strings.Split(string(b), "\n")
	lines := strings.Split(got, "\n")
	if len(lines) != len(want) {
		t.Errorf("%d golden lines, want %d", len(lines), len(want))
	}
	bad := 0
	for i := range min(len(lines), len(want)) {
		if lines[i] != want[i] {
			t.Errorf("got  %s\nwant %s", lines[i], want[i])
			if bad++; bad == 20 {
				t.Fatal("too many differences")
			}
		}
	}
}
