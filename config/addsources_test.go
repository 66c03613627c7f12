package config

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/edufeed/edufeed/feeds/opml"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// opmlDir holds the configs that reader exports go into; the exports
// themselves are feeds/opml's test data.
const (
	opmlDir    = "testdata/opml"
	exportsDir = "../feeds/opml/testdata"
)

func readOPML(t testing.TB, name string) []opml.Feed {
	t.Helper()
	f, err := os.Open(filepath.Join(exportsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	feeds, err := opml.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return feeds
}

// importResult is an import as the import-opml command makes it.
type importResult struct {
	Data    []byte
	Added   []opml.Subscription
	Skipped []opml.Skipped
}

// ImportOPML plans feeds against the sources of the config in data and
// appends those to add, as the import-opml command does.
func ImportOPML(path string, data []byte, feeds []opml.Feed, chk Checks) (*importResult, error) {
	cfg, err := Parse(path, data, chk)
	if err != nil {
		return nil, err
	}
	known := make([]opml.Known, len(cfg.Sources))
	for i, s := range cfg.Sources {
		known[i] = opml.Known{Name: s.Name, Title: s.Title, URL: s.URL}
	}
	plan := opml.Plan(known, feeds)
	add := make([]NewSource, len(plan.Added))
	for i, a := range plan.Added {
		add[i] = NewSource{Name: a.Name, Title: a.Title, URL: a.URL, Tags: a.Tags}
	}
	out, err := AppendSources(path, data, add, chk)
	if err != nil {
		return nil, err
	}
	return &importResult{Data: out, Added: plan.Added, Skipped: plan.Skipped}, nil
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
func report(imp *importResult) string {
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
	feeds := []opml.Feed{{Title: "LWN", URL: "https://lwn.example/rss"}}
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
	files, err := filepath.Glob(filepath.Join(exportsDir, "*.opml"))
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
	f.Fuzz(func(t *testing.T, doc []byte, which uint8) {
		feeds, err := opml.Parse(bytes.NewReader(doc))
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
		feeds := []opml.Feed{{Title: title, URL: rawURL, Folders: []string{folder}}}
		imp, err := ImportOPML("commented.yaml", data, feeds, checks)
		if err != nil {
			t.Fatal(err)
		}
		if len(imp.Added)+len(imp.Skipped) != 1 {
			t.Fatalf("added %+v, skipped %+v", imp.Added, imp.Skipped)
		}
	})
}
