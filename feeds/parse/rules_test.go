package parse

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/mmcdole/gofeed/rss"
)

func TestGUIDIsLink(t *testing.T) {
	tests := []struct {
		name string
		guid *rss.GUID
		want bool
	}{
		{"no guid", nil, false},
		{"URL, attribute absent", &rss.GUID{Value: "https://news.example.edu.cn/a.html"}, true},
		{"URL, true", &rss.GUID{Value: "http://news.example.edu.cn/a.html", IsPermalink: "true"}, true},
		{"URL, TRUE with spaces", &rss.GUID{Value: "https://news.example.edu.cn/a.html", IsPermalink: " TRUE "}, true},
		{"URL, false", &rss.GUID{Value: "https://news.example.edu.cn/a.html", IsPermalink: "false"}, false},
		{"id, true", &rss.GUID{Value: "eol-20240724-001", IsPermalink: "true"}, false},
		{"relative path, true", &rss.GUID{Value: "/news/a.html", IsPermalink: "true"}, false},
		{"tag URI", &rss.GUID{Value: "tag:example.edu.cn,2025:1"}, false},
		{"ftp URL", &rss.GUID{Value: "ftp://files.example.edu.cn/a.pdf"}, false},
		{"scheme without host", &rss.GUID{Value: "https:///a.html"}, false},
	}
	for _, tt := range tests {
		if got := guidIsLink(tt.guid); got != tt.want {
			t.Errorf("%s: guidIsLink = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestParseBase(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"root and relative channel base", `<rss version="2.0" xml:base="https://www.example.edu.cn/"><channel xml:base="news/"><title>t</title></channel></rss>`, "https://www.example.edu.cn/news/"},
		{"channel base only", `<rss version="2.0"><channel xml:base="https://www.example.edu.cn/jyzx/"><title>t</title></channel></rss>`, "https://www.example.edu.cn/jyzx/"},
		{"no base", `<rss version="2.0"><channel><title>t</title></channel></rss>`, ""},
		{"RDF channel base does not scope the items", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel xml:base="https://x.example/" rdf:about="a"><title>t</title></channel></rdf:RDF>`, ""},
		{"Atom root base", `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://www.example.edu.cn/atom/"><title>t</title></feed>`, "https://www.example.edu.cn/atom/"},
	}
	p := New()
	for _, tt := range tests {
		f, err := p.Parse([]byte(tt.body))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if f.Base != tt.want {
			t.Errorf("%s: Base = %q, want %q", tt.name, f.Base, tt.want)
		}
	}
}

// TestParseRootAfter4KiB checks a feed whose root element comes after a long
// comment: gofeed alone looks for the root in the first 4 KiB only.
func TestParseRootAfter4KiB(t *testing.T) {
	body := `<?xml version="1.0" encoding="UTF-8"?>` + "\n<!-- " + strings.Repeat("本站所有内容版权所有。", 200) + " -->\n" +
		`<rss version="2.0"><channel><title>长注释</title><item><title>条目</title><link>https://example.edu.cn/1</link></item></channel></rss>`
	f, err := New().Parse([]byte(body))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(f.Items) != 1 || f.Items[0].Title != "条目" {
		t.Errorf("items = %+v, want one titled 条目", f.Items)
	}
}

func TestParseSeedKeepsRawBody(t *testing.T) {
	body, err := os.ReadFile("testdata/seed-feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := New().Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	// Boilerplate is clean's to cut; parse hands it on untouched.
	if c := f.Items[0].Content; !strings.Contains(c, `<div class="recommend"><h3>推荐关注</h3>`) || !strings.HasSuffix(c, "</div>") {
		t.Errorf("item 0 content lost its trailing block: …%q", c[max(0, len(c)-80):])
	}
}

// TestParseConcurrent shares one Parser between goroutines; run with -race.
func TestParseConcurrent(t *testing.T) {
	var bodies [][]byte
	for _, name := range []string{"seed-feed.xml", "rss20-content.xml", "atom10-base.xml", "jsonfeed11.json"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, b)
	}
	p := New()
	want := make([]int, len(bodies))
	for i, b := range bodies {
		f, err := p.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = len(f.Items)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for r := range 20 {
				i := (g + r) % len(bodies)
				f, err := p.Parse(bodies[i])
				if err != nil {
					t.Error(err)
					return
				}
				if len(f.Items) != want[i] {
					t.Errorf("body %d: %d items, want %d", i, len(f.Items), want[i])
				}
			}
		})
	}
	wg.Wait()
}
