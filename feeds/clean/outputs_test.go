package clean

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/junk"
	"github.com/edufeed/edufeed/feeds/parse"
	"github.com/edufeed/edufeed/feeds/sanitise"
)

// outputsGolden records what Item, Content and PlainText make of every
// fixture the package has. It pins the cleaner's output while its insides
// change: a difference is either a bug or an improvement to explain.
const outputsGolden = "testdata/outputs.golden"

// outputCase is one recorded output.
type outputCase struct {
	name string
	out  func() string
}

// TestOutputsGolden runs the cleaner over the fixtures (seed feeds and
// article, content pages, the bench document, the hostile feeds, the XSS
// corpus, the fuzz corpus) under several rule sets and compares the outputs
// with testdata/outputs.golden. Run with -update to rewrite it.
func TestOutputsGolden(t *testing.T) {
	var sb strings.Builder
	for _, c := range outputCases(t) {
		fmt.Fprintf(&sb, "=== %s\n%s\n", c.name, c.out())
	}
	got := sb.String()
	if *update {
		if err := os.WriteFile(outputsGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(outputsGolden)
	if err != nil {
		t.Fatal(err)
	}
	if got == string(want) {
		return
	}
	gotCases, wantCases := splitCases(got), splitCases(string(want))
	n := 0
	for name, w := range wantCases {
		if g, ok := gotCases[name]; !ok {
			t.Errorf("%s: missing", name)
		} else if g != w {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", name, g, w)
		} else {
			continue
		}
		if n++; n == 20 {
			t.Fatal("too many differences")
		}
	}
	if len(gotCases) != len(wantCases) {
		t.Errorf("%d cases, golden has %d", len(gotCases), len(wantCases))
	}
}

func splitCases(s string) map[string]string {
	out := map[string]string{}
	for c := range strings.SplitSeq(s, "=== ") {
		if name, body, ok := strings.Cut(c, "\n"); ok {
			out[name] = body
		}
	}
	return out
}

// goldenRules are the rule sets every body is cleaned under.
func goldenRules(t testing.TB) map[string]*junk.Rules {
	t.Helper()
	set := map[string]feeds.CleanRules{
		"builtin-off": {},
		"own": {Builtin: true, CutAfter: []string{`^本文转载自`, `^相关`}, Drop: []string{`^图片来源`, `^（记者`},
			Remove: []string{"div.ad-box", "#qrcode p", "table"}, TitleStrip: []string{`_教育网$`}},
	}
	out := map[string]*junk.Rules{"nil": nil}
	for name, r := range set {
		c, err := junk.NewRules(r)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = c
	}
	return out
}

func outputCases(t testing.TB) []outputCase {
	t.Helper()
	rules := goldenRules(t)
	all, builtin := []string{"nil", "builtin-off", "own"}, []string{"nil"}
	ruleNames := all
	var cases []outputCase
	body := func(name, in, base string) {
		for _, rn := range ruleNames {
			r := rules[rn]
			cases = append(cases, outputCase{name + " content/" + rn, func() string {
				out := Content(in, base, r)
				return strconv.Quote(out) + "\n" + strconv.Quote(sanitise.PlainText(out))
			}})
		}
		cases = append(cases, outputCase{name + " plaintext", func() string { return strconv.Quote(sanitise.PlainText(in)) }})
	}
	item := func(name string, it feeds.Item, c Context) {
		for _, rn := range ruleNames {
			c.Rules = rules[rn]
			cases = append(cases, outputCase{name + " item/" + rn, func() string { return itemJSON(t, Item(it, c)) }})
		}
	}

	// The GBK and GB18030 seeds decode to the UTF-8 one (TestSeedEncodingsAgree).
	for _, name := range seedFeed[:1] {
		for i, r := range readFeed(t, name) {
			n := fmt.Sprintf("%s#%d", name, i)
			body(n, r.Description, "https://news.example.edu.cn/news/2024/0724/moe-midyear.shtml")
			item(n, asItem(r), seedCtx)
			// A feed's own summary beside the content: summaryOf cleans it.
			withSummary := asItem(r)
			withSummary.Summary = r.Description
			item(n+" summary=content", withSummary, seedCtx)
			withSummary.Summary = "<p>" + r.Title + "：教育部今日就有关工作作出部署，各地教育部门要抓好落实。</p>"
			item(n+" own summary", withSummary, seedCtx)
		}
	}
	for _, name := range []string{"testdata/seed-article.txt", "testdata/seed-article.expected.txt"} {
		b := readFile(t, name)
		body(name, b, "https://news.example.edu.cn/")
		item(name, feeds.Item{Title: "标题", Content: b}, seedCtx)
	}
	pages, err := filepath.Glob("testdata/content/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range pages {
		if strings.HasSuffix(name, ".golden.html") {
			continue
		}
		b := readFile(t, name)
		body(name, b, contentBase)
		item(name, feeds.Item{Title: "标题", Link: contentBase, Content: b}, Context{Seen: seen})
		item(name+" as summary", feeds.Item{Title: "标题", Content: "<p>正文。</p>", Summary: b}, Context{Seen: seen})
	}
	for _, name := range []string{"testdata/bench/f0.xml", "testdata/xss/rss-hostile.xml", "testdata/xss/atom-hostile.xml", "testdata/xss/rss-utf7.xml"} {
		f, err := parse.New().Parse([]byte(readFile(t, name)))
		if err != nil {
			cases = append(cases, outputCase{name, func() string { return "error: " + err.Error() }})
			continue
		}
		c := Context{FeedTitle: f.Title, FeedLink: f.Link, Base: f.Base, Seen: seen}
		for i, it := range f.Items {
			n := fmt.Sprintf("%s#%d", name, i)
			if i >= 2 { // the bench items are all alike
				ruleNames = builtin
			}
			item(n, it, c)
			body(n, it.Content, firstOf(f.Base, it.Link, f.Link))
		}
		ruleNames = all
	}
	// What follows is about safety and odd input: the rules change little.
	ruleNames = builtin
	ctx := Context{FeedTitle: "中国教育在线", FeedLink: "https://news.example.edu.cn/", Seen: seen}
	for _, v := range loadVectors(t) {
		n := fmt.Sprintf("vectors.txt:%d", v.line)
		for i, in := range inContent(v) {
			body(fmt.Sprintf("%s/%d", n, i), in, pageURL)
		}
		it := feeds.Item{
			GUID: v.text, GUIDIsLink: true, Link: v.text, Title: v.text, Content: v.text, Summary: v.text,
			Authors: []string{v.text}, Categories: []string{v.text},
			Enclosures: []feeds.Enclosure{{URL: v.text, Type: v.text}},
		}
		item(n, it, ctx)
	}
	for i, s := range fuzzSeeds(t) {
		body(fmt.Sprintf("seed#%d", i), s, pageURL)
	}
	for i, s := range sanitiseInputs(t, "tricky.txt") {
		body(fmt.Sprintf("tricky#%d", i), s, pageURL)
	}
	for i, s := range sanitiseInputs(t, "paragraphs.txt") {
		body(fmt.Sprintf("paragraphs#%d", i), s, pageURL)
	}
	for _, dir := range []string{"testdata/fuzz/FuzzContent", "testdata/fuzz/FuzzItem"} {
		files, err := filepath.Glob(dir + "/*")
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			args := corpusStrings(t, name)
			if len(args) == 1 {
				body(name, args[0], pageURL)
				continue
			}
			it := feeds.Item{Title: args[0], Link: args[1], Content: args[2], Summary: args[3],
				Authors: []string{args[4]}, Categories: []string{args[4]}, RawPublished: args[5],
				Enclosures: []feeds.Enclosure{{URL: args[1]}}}
			item(name, it, Context{FeedTitle: "中国教育在线", FeedLink: "https://news.example.edu.cn/", Seen: seen})
		}
	}
	return cases
}

func readFile(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// corpusStrings reads the string arguments of a fuzz corpus file.
func corpusStrings(t testing.TB, name string) []string {
	t.Helper()
	var out []string
	for line := range strings.SplitSeq(readFile(t, name), "\n") {
		v, ok := strings.CutPrefix(line, "string(")
		if !ok {
			continue
		}
		s, err := strconv.Unquote(strings.TrimSuffix(v, ")"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, s)
	}
	return out
}

func itemJSON(t testing.TB, it feeds.Item) string {
	b, err := json.MarshalIndent(it, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
