package config

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// opmlDir holds real-shaped reader exports and the configs they go into.
const opmlDir = "testdata/opml"

func readOPML(t testing.TB, name string) []OPMLFeed {
	t.Helper()
	f, err := os.Open(filepath.Join(opmlDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	feeds, err := ParseOPML(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return feeds
}

func TestParseOPML(t *testing.T) {
	tests := []struct {
		file  string
		count int
		// want are some of the feeds, by index.
		want map[int]OPMLFeed
	}{
		{"netnewswire.opml", 6, map[int]OPMLFeed{
			0: {Title: "BBC News - Education & Family", URL: "https://feeds.bbci.co.uk/news/education/rss.xml", Folders: []string{"Education"}, Kind: "rss"},
			2: {Title: "Times Higher Education", URL: "https://www.timeshighereducation.com/rss.xml", Folders: []string{"Education", "Higher Ed"}, Kind: "rss"},
			3: {Title: "The Guardian - Education", URL: "HTTPS://WWW.TheGuardian.com/education/rss/", Kind: "rss"},
		}},
		{"feedly.opml", 5, map[int]OPMLFeed{
			2: {Title: "Edutopia", URL: "https://www.edutopia.org/rss.xml", Folders: []string{"Must Read"}, Kind: "rss"},
		}},
		{"miniflux.opml", 6, map[int]OPMLFeed{
			0: {Title: "EdSurge News", URL: "https://www.edsurge.com/articles_rss", Folders: []string{"All"}},
			2: {Title: "The Go Blog", URL: "https://go.dev/blog/feed.atom", Folders: []string{"Open Source, Go", "Programming", "Go", "Blogs"}, Kind: "atom"},
			4: {Title: "A web page", Folders: []string{"Open Source, Go"}, Kind: "link"},
			5: {Title: "More feeds", Folders: []string{"Open Source, Go"}, Kind: "include"},
		}},
		{"newsboat.opml", 5, map[int]OPMLFeed{
			2: {URL: "https://planet.debian.org/rss20.xml", Kind: "rss"},
		}},
		{"thunderbird.opml", 2, map[int]OPMLFeed{
			1: {Title: "Planet Mozilla", URL: "https://planet.mozilla.org/rss20.xml", Folders: []string{"Blogs & News Feeds"}},
		}},
		{"chinese.opml", 5, map[int]OPMLFeed{
			0: {Title: "教育部-新闻发布", URL: "http://www.moe.gov.cn/jyb_xwfb/rss.xml", Folders: []string{"教育 部门"}, Kind: "rss"},
		}},
		{"entities.opml", 3, map[int]OPMLFeed{
			0: {Title: "Café & Culture", URL: "https://cafe.example.com/feed?lang=en&format=rss", Folders: []string{"Arts & Letters"}, Kind: "rss"},
			1: {Title: "Tom & Jerry\u2019s <Blog>", URL: "https://tj.example.net/rss.xml", Folders: []string{"Arts & Letters"}, Kind: "rss"},
			2: {Title: `"Quoted" #1: the news`, URL: "https://quoted.example.org/feed.xml#top", Folders: []string{"Arts & Letters"}, Kind: "rss"},
		}},
		{"latin1.opml", 1, map[int]OPMLFeed{
			0: {Title: "Le Café pédagogique", URL: "https://www.cafepedagogique.net/feed/", Folders: []string{"École"}, Kind: "rss"},
		}},
		// An unescaped & is read by the lenient second pass.
		{"unescaped-amp.opml", 1, map[int]OPMLFeed{
			0: {Title: "Query feed", URL: "https://q.example.org/index.php?feed=rss2&cat=5", Kind: "rss"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			feeds := readOPML(t, tt.file)
			if len(feeds) != tt.count {
				t.Fatalf("%d feeds, want %d: %+v", len(feeds), tt.count, feeds)
			}
			for i, want := range tt.want {
				got := feeds[i]
				got.Line = 0
				if got.Title != want.Title || got.URL != want.URL || got.Kind != want.Kind || !slices.Equal(got.Folders, want.Folders) {
					t.Errorf("feed %d = %+v, want %+v", i, got, want)
				}
			}
		})
	}
}

func TestParseOPMLErrors(t *testing.T) {
	tests := []struct {
		name, data string
		notOPML    bool
		msg        string
	}{
		{name: "cut short", data: mustRead(t, "broken.opml"), msg: "line 8"},
		{name: "an RSS feed", data: mustRead(t, "not-opml.xml"), notOPML: true, msg: "<rss>"},
		{name: "not XML", data: "sources:\n  - name: a\n", notOPML: true, msg: "no <opml>"},
		{name: "empty", data: "", notOPML: true},
		{name: "unclosed root", data: `<opml version="2.0"><body><outline xmlUrl="https://a.example/f"/></body>`, msg: "unexpected EOF"},
		{name: "GBK", data: `<?xml version="1.0" encoding="GBK"?><opml/>`, msg: "iconv"},
		{name: "too deep", data: "<opml><body>" + strings.Repeat("<outline text='x'>", 65) + strings.Repeat("</outline>", 65) + "</body></opml>", msg: "nested more than 64"},
		{name: "too big", data: "<opml><body>" + strings.Repeat(" ", MaxOPMLSize) + "</body></opml>", msg: "larger than 10 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feeds, err := ParseOPML(strings.NewReader(tt.data))
			if err == nil {
				t.Fatalf("no error, feeds %+v", feeds)
			}
			if errors.Is(err, ErrNotOPML) != tt.notOPML {
				t.Errorf("errors.Is(%v, ErrNotOPML) = %v", err, !tt.notOPML)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
		})
	}
}

// TestParseOPMLEntityBomb: entities declared in a DTD are never expanded,
// so neither a billion laughs nor an external entity reaches a title.
func TestParseOPMLEntityBomb(t *testing.T) {
	for _, f := range readOPML(t, "bomb.opml") {
		if strings.Contains(f.Title, "aaaa") || strings.Contains(f.Title, "root:") || len(f.Title) > 10 {
			t.Errorf("entity expanded: %q", f.Title)
		}
	}
}

func mustRead(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(opmlDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestImportOPML(t *testing.T) {
	tests := []struct {
		name, config, opml string
		added              []string
		skipped            int
		// changedLine is true when the sources line itself is rewritten
		// (sources: [] loses its []); otherwise the edit is a pure insertion.
		changedLine bool
	}{
		{"netnewswire-commented", "commented.yaml", "netnewswire.opml",
			[]string{"bbc-news-education-family", "inside-higher-ed", "times-higher-education", "daring-fireball", "hacker-news"}, 1, false},
		{"feedly-indent4", "indent4.yaml", "feedly.opml",
			[]string{"edutopia", "the-hechinger-report", "bbc-news-education-family", "ars-technica"}, 1, false},
		{"miniflux-indentless", "indentless.yaml", "miniflux.opml",
			[]string{"edsurge-news", "chalkbeat", "the-go-blog", "go"}, 2, false},
		{"newsboat-empty-list", "empty-list.yaml", "newsboat.opml",
			[]string{"lwn-net", "education-the-guardian", "planet-debian-org", "a-feed-url"}, 1, true},
		{"thunderbird-null", "null-sources.yaml", "thunderbird.opml",
			[]string{"mozilla-blog", "planet-mozilla"}, 0, false},
		{"chinese-no-sources", "no-sources.yaml", "chinese.opml",
			[]string{"www-moe-gov-cn-jyb-xwfb", "www-moe-gov-cn-jyb-xxgk-moe-1777-moe-1778", "www-bjeea-cn", "gaokao-eol-cn"}, 1, false},
		{"chinese-commented", "commented.yaml", "chinese.opml",
			[]string{"www-moe-gov-cn-jyb-xxgk-moe-1777-moe-1778", "www-bjeea-cn", "gaokao-eol-cn", "www-moe-gov-cn-jyb-xwfb"}, 1, false},
		{"entities-no-newline", "no-newline.yaml", "entities.opml",
			[]string{"cafe-example-com", "tom-jerry-s-blog", "quoted-1-the-news"}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(opmlDir, tt.config)
			orig := []byte(mustRead(t, tt.config))
			before, err := Parse(path, orig, checks)
			if err != nil {
				t.Fatal(err)
			}
			imp, err := ImportOPML(path, orig, readOPML(t, tt.opml), checks)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, a := range imp.Added {
				names = append(names, a.Name)
			}
			if !slices.Equal(names, tt.added) {
				t.Errorf("added %q, want %q", names, tt.added)
			}
			if len(imp.Skipped) != tt.skipped {
				t.Errorf("skipped %+v, want %d", imp.Skipped, tt.skipped)
			}

			after, err := Parse(path, imp.Data, checks)
			if err != nil {
				t.Fatalf("result does not parse: %v\n%s", err, imp.Data)
			}
			if len(after.Sources) != len(before.Sources)+len(imp.Added) {
				t.Errorf("%d sources after, want %d", len(after.Sources), len(before.Sources)+len(imp.Added))
			}
			for i, s := range before.Sources {
				if a := after.Sources[i]; a.Name != s.Name || a.URL != s.URL || !slices.Equal(a.Tags, s.Tags) || a.Schedule != s.Schedule {
					t.Errorf("source %d changed: %+v, was %+v", i, a, s)
				}
			}
			checkInsertion(t, orig, imp.Data, tt.changedLine)

			// Importing the same file again adds nothing.
			again, err := ImportOPML(path, imp.Data, readOPML(t, tt.opml), checks)
			if err != nil {
				t.Fatal(err)
			}
			if len(again.Added) != 0 || !bytes.Equal(again.Data, imp.Data) {
				t.Errorf("second import added %+v", again.Added)
			}

			golden(t, tt.name+".yaml", imp.Data)
			golden(t, tt.name+".txt", []byte(report(imp)))
		})
	}
}

// checkInsertion checks that out is orig with lines inserted in one place,
// and, when changedLine, one line of orig rewritten just before them.
func checkInsertion(t *testing.T, orig, out []byte, changedLine bool) {
	t.Helper()
	a, b := strings.SplitAfter(string(orig), "\n"), strings.SplitAfter(string(out), "\n")
	// The last line of orig may have gained a line ending.
	if n := len(a) - 1; !strings.HasSuffix(a[n], "\n") && a[n] != "" && slices.Contains(b, a[n]+"\n") {
		a[n] += "\n"
	}
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	removed := len(a) - p - s
	if changedLine && removed == 1 {
		return
	}
	if removed != 0 {
		t.Errorf("lines of the original were changed or removed: %q", a[p:len(a)-s])
	}
}

// report lists an import as the command prints it, for the golden files.
func report(imp *Import) string {
	var b strings.Builder
	for _, a := range imp.Added {
		fmt.Fprintf(&b, "added %s %q %s %q\n", a.Name, a.Title, a.URL, a.Tags)
	}
	for _, s := range imp.Skipped {
		fmt.Fprintf(&b, "skipped line %d %q %s: %s\n", s.Feed.Line, s.Feed.Title, s.Feed.URL, s.Reason)
	}
	return b.String()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(opmlDir, "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run with -update if intended); got:\n%s", path, got)
	}
}

func TestImportOPMLCRLF(t *testing.T) {
	orig := []byte(strings.ReplaceAll(mustRead(t, "commented.yaml"), "\n", "\r\n"))
	imp, err := ImportOPML("crlf.yaml", orig, readOPML(t, "thunderbird.opml"), checks)
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Added) != 2 {
		t.Fatalf("added %+v", imp.Added)
	}
	if n, crlf := bytes.Count(imp.Data, []byte("\n")), bytes.Count(imp.Data, []byte("\r\n")); n != crlf {
		t.Errorf("%d of %d line endings are CRLF:\n%q", crlf, n, imp.Data)
	}
	checkInsertion(t, orig, imp.Data, false)
}

func TestImportOPMLRefuses(t *testing.T) {
	feeds := []OPMLFeed{{Title: "LWN", URL: "https://lwn.example/rss"}}
	tests := []struct {
		name, config string
		errs         bool // the error is the config's own Errors
		msg          string
	}{
		{"flow list", mustRead(t, "flow-sources.yaml"), false, "block list"},
		{"invalid config", mustRead(t, "invalid.yaml"), true, `unsupported scheme "ftp"`},
		{"flow config", "{store: {path: a.db}, sources: []}\n", false, "block style"},
		{"alias", "x-list: &l []\nstore: {path: a.db}\nsources: *l\n", false, "alias"},
		{"broken YAML", "sources: [\n", true, "YAML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imp, err := ImportOPML("c.yaml", []byte(tt.config), feeds, checks)
			if err == nil {
				t.Fatalf("no error; result:\n%s", imp.Data)
			}
			var errs Errors
			if errors.As(err, &errs) != tt.errs {
				t.Errorf("errors.As(Errors) = %v for %v", !tt.errs, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
		})
	}
}

func TestImportOPMLSkips(t *testing.T) {
	config := "store: {path: a.db}\nsources:\n  - name: moe\n    title: 教育部新闻\n    url: http://WWW.moe.gov.cn:80/jyb_xwfb/rss.xml/\n  - name: news\n    url: https://a.example.org/news.xml\n"
	tests := []struct {
		feed   OPMLFeed
		reason string // "" when added
		name   string
	}{
		{OPMLFeed{Title: "MOE", URL: "http://www.moe.gov.cn/jyb_xwfb/rss.xml"}, "already in the config as moe", ""},
		{OPMLFeed{Title: "MOE", URL: "http://www.moe.gov.cn/jyb_xwfb/rss.xml#x"}, "already in the config as moe", ""},
		{OPMLFeed{Title: "教育部新闻", URL: "https://www.moe.gov.cn/other.xml"}, "same name as moe, also on www.moe.gov.cn", ""},
		{OPMLFeed{Title: "Moe", URL: "https://moe.gov.cn/x.xml"}, "same name as moe, also on moe.gov.cn", ""},
		{OPMLFeed{Title: "News", URL: "https://b.example.org/news.xml"}, "", "news-2"},
		{OPMLFeed{Title: "News", URL: "https://c.example.org/news.xml"}, "", "news-3"},
		{OPMLFeed{Title: "News", URL: "https://C.example.org/news.xml/"}, "listed again in the OPML file: added once as news-3", ""},
		{OPMLFeed{Title: "X", URL: "ftp://x.example.org/feed"}, `"ftp://x.example.org/feed" is not an http(s) URL`, ""},
		{OPMLFeed{Title: "X", URL: "https:///feed"}, `"https:///feed" is not an http(s) URL`, ""},
		{OPMLFeed{Title: "X", URL: "https://x.example.org/a feed.xml"}, `"https://x.example.org/a feed.xml" has spaces or control characters`, ""},
		{OPMLFeed{Title: "Page", Kind: "link"}, "no feed URL (xmlUrl)", ""},
		{OPMLFeed{Title: "true", URL: "https://t.example.org/f"}, "", "true"},
		{OPMLFeed{Title: "2024", URL: "https://y.example.org/f"}, "", "2024"},
		{OPMLFeed{URL: "https://z.example.org/"}, "", "z-example-org"},
		{OPMLFeed{Title: "Feed scheme", URL: "feed://f.example.org/rss"}, "", "feed-scheme"},
		{OPMLFeed{Title: "Feed https", URL: "feed:https://g.example.org/rss"}, "", "feed-https"},
	}
	var feeds []OPMLFeed
	for _, tt := range tests {
		feeds = append(feeds, tt.feed)
	}
	imp, err := ImportOPML("c.yaml", []byte(config), feeds, checks)
	if err != nil {
		t.Fatal(err)
	}
	added, skipped := imp.Added, imp.Skipped
	for _, tt := range tests {
		if tt.reason != "" {
			if len(skipped) == 0 || skipped[0].Feed.URL != tt.feed.URL || skipped[0].Reason != tt.reason {
				t.Errorf("%+v: want skipped: %s; skipped %+v", tt.feed, tt.reason, skipped)
				continue
			}
			skipped = skipped[1:]
			continue
		}
		if len(added) == 0 || added[0].URL != feedScheme(tt.feed.URL) || !strings.HasPrefix(added[0].URL, "http") || added[0].Name != tt.name {
			t.Errorf("%+v: want added as %s; added %+v", tt.feed, tt.name, added)
			continue
		}
		added = added[1:]
	}
}

func TestDeriveName(t *testing.T) {
	tests := []struct{ title, url, want string }{
		{"BBC News - Education", "https://feeds.bbci.co.uk/news/education/rss.xml", "bbc-news-education"},
		{"  LWN.net ", "https://lwn.net/headlines/newrss", "lwn-net"},
		{"教育部-新闻发布", "http://www.moe.gov.cn/jyb_xwfb/rss.xml", "www-moe-gov-cn-jyb-xwfb"},
		{"教育部-新闻发布", "http://www.moe.gov.cn/jyb_xwfb/", "www-moe-gov-cn-jyb-xwfb"},
		{"Gaokao 高考", "https://gaokao.eol.cn/feed", "gaokao-eol-cn"},
		{"Café", "https://cafe.example.com:8443/blog/index.php?feed=rss2", "cafe-example-com-blog"},
		{"", "https://a.example.org/%E6%95%99%E8%82%B2/atom", "a-example-org"},
		{"!!!", "https://a.example.org/feeds/all.atom.xml", "a-example-org"},
		{strings.Repeat("Very long title ", 10), "https://a.example.org/", "very-long-title-very-long-title-very-long-title"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		got := deriveName(cleanTitle(tt.title), u)
		if got != tt.want {
			t.Errorf("deriveName(%q, %s) = %q, want %q", tt.title, tt.url, got, tt.want)
		}
		if !namePattern.MatchString(got) || len(got) > maxHostLen {
			t.Errorf("%q is not a valid source name", got)
		}
	}
}

func TestSlugTags(t *testing.T) {
	got := slugTags([]string{"Higher Ed", "教育 部门", "Open Source, Go", "高考 / Gaokao", "!!", "higher-ed", "École"})
	want := []string{"higher-ed", "教育-部门", "open-source-go", "高考-gaokao", "école"}
	if !slices.Equal(got, want) {
		t.Errorf("slugTags = %q, want %q", got, want)
	}
}

// TestYAMLScalar reads values written plain or quoted back through Parse.
func TestYAMLScalar(t *testing.T) {
	values := []string{
		"plain title", "true", "No", "null", "~", "2024", "1e3", "0x1F", ".inf", "-x", "- x", "a: b", "a #b",
		"#x", "x:", `"q"`, "'q'", `back\slash`, "tab\there", "&anchor", "*alias", "!tag", "%x", "@x", "`x`",
		"{a}", "[a]", "a,b", "?", "|", ">", "教育部：通知", "\u2028line", "\uFEFFbom", "emoji 🎓", "ctrl\x01",
	}
	for _, v := range values {
		for _, inFlow := range []bool{false, true} {
			var doc string
			if inFlow {
				doc = fmt.Sprintf("store: {path: a.db}\nsources:\n  - name: a\n    url: https://a.example/\n    tags: [%s]\n", yamlScalar(v, true))
			} else {
				doc = fmt.Sprintf("store: {path: a.db}\nsources:\n  - name: a\n    title: %s\n    url: https://a.example/\n", yamlScalar(v, false))
			}
			cfg, err := Parse("v.yaml", []byte(doc), Checks{})
			if inFlow && strings.ContainsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\u2028' }) {
				continue // not a valid tag anyway
			}
			if err != nil {
				t.Errorf("%q (flow %v) as %s: %v", v, inFlow, yamlScalar(v, inFlow), err)
				continue
			}
			got := cfg.Sources[0].Title
			if inFlow {
				got = cfg.Sources[0].Tags[0]
			}
			if got != v {
				t.Errorf("%q (flow %v) written %s reads back as %q", v, inFlow, yamlScalar(v, inFlow), got)
			}
		}
	}
}

// FuzzImportOPML: whatever the OPML file, ParseOPML fails or ImportOPML
// yields a config that parses with the old sources and the new ones.
func FuzzImportOPML(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(opmlDir, "*.opml"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(0))
	}
	f.Add([]byte(`<opml><body><outline title="a: b #c" xmlUrl="https://x.example/a b"/><outline text="&quot;&#x2028;" xmlUrl="http://Y.example:80/"/></body></opml>`), uint8(1))
	configs := []string{"commented.yaml", "indent4.yaml", "indentless.yaml", "empty-list.yaml", "null-sources.yaml", "no-sources.yaml", "no-newline.yaml"}
	data := make([][]byte, len(configs))
	for i, c := range configs {
		data[i] = []byte(mustRead(f, c))
	}
	f.Fuzz(func(t *testing.T, opml []byte, which uint8) {
		feeds, err := ParseOPML(bytes.NewReader(opml))
		if err != nil {
			return
		}
		i := int(which) % len(configs)
		path := filepath.Join(opmlDir, configs[i])
		imp, err := ImportOPML(path, data[i], feeds, checks)
		if err != nil {
			t.Fatalf("import into %s: %v", configs[i], err)
		}
		if len(imp.Added)+len(imp.Skipped) != len(feeds) {
			t.Fatalf("%d feeds, %d added, %d skipped", len(feeds), len(imp.Added), len(imp.Skipped))
		}
		if _, err := Parse(path, imp.Data, checks); err != nil {
			t.Fatalf("result does not parse: %v\n%s", err, imp.Data)
		}
	})
}

// FuzzImportFeed feeds titles, URLs and folders straight to ImportOPML, to
// reach the YAML writer with strings the XML decoder would refuse: the
// edited file must always read back as written.
func FuzzImportFeed(f *testing.F) {
	f.Add("教育部-新闻发布", "http://www.moe.gov.cn/jyb_xwfb/rss.xml", "教育 部门")
	f.Add(`"Quoted" #1: the news`, "https://q.example.org/feed.xml#top", "Arts & Letters")
	f.Add("- [x]: {y}", "https://a.example/?a=1&b=*c", "!tag, %x")
	f.Add("true", "feed://b.example/rss", "null")
	data := []byte(mustRead(f, "commented.yaml"))
	f.Fuzz(func(t *testing.T, title, rawURL, folder string) {
		feeds := []OPMLFeed{{Title: cleanTitle(title), URL: rawURL, Folders: []string{cleanTitle(folder)}}}
		imp, err := ImportOPML("commented.yaml", data, feeds, checks)
		if err != nil {
			t.Fatal(err)
		}
		if len(imp.Added)+len(imp.Skipped) != 1 {
			t.Fatalf("added %+v, skipped %+v", imp.Added, imp.Skipped)
		}
	})
}
