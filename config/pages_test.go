package config

import (
	"testing"
)

func TestPageKeysErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []want
	}{
		{"bad type, pages, max_articles and host_delay", `
defaults:
  host_delay: -1s
sources:
  - name: a
    url: http://a.example.edu.cn/col/index.html
    type: webpage
    pages: 11
    max_articles: 0
`, []want{
			{"defaults.host_delay", 3, "from 0 (no spacing) to 1m"},
			{"sources[0].type", 7, `"webpage" is not a source type`},
			{"sources[0].pages", 8, "10"},
			{"sources[0].max_articles", 9, "500"},
		}},
		{"list selectors", `
sources:
  - name: a
    url: http://a.example.edu.cn/col/index.html
    list:
      item: "ul.list > li"
      title: "div[class"
      date: ""
`, []want{
			{"sources[0].list.title", 7, "fake: bad selector"},
			{"sources[0].list.date", 8, "empty CSS selector"},
		}},
		{"list parts without item", `
sources:
  - name: a
    url: http://a.example.edu.cn/col/index.html
    list: {title: a, date: span}
`, []want{{"sources[0].list", 5, "set list.item too"}}},
		{"a feed has no list", `
sources:
  - name: a
    url: http://a.example.edu.cn/rss.xml
    type: feed
    list: {item: li}
`, []want{{"sources[0].list", 6, "type html or auto"}}},
		{"date format and article selectors", `
sources:
  - name: a
    url: http://a.example.edu.cn/col/index.html
    date_format: "%Y-%m-%d"
    article:
      content: "div[class"
      remove: [".share", ""]
`, []want{
			{"sources[0].date_format", 5, "not a Go date layout"},
			{"sources[0].article.content", 7, "fake: bad selector"},
			{"sources[0].article.remove[1]", 8, "empty CSS selector"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertErrors(t, parseErrors(t, tt.src), tt.want)
		})
	}
}

func TestFullTextDefault(t *testing.T) {
	cfg, err := Parse("c.yaml", []byte(`
sources:
  - {name: a, url: "http://a.example.edu.cn/"}
  - {name: b, url: "http://b.example.edu.cn/", full_text: true}
  - {name: c, url: "http://c.example.edu.cn/", full_text: false, date_format: "2006年1月2日"}
`), checks)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range []struct{ on, set bool }{{false, false}, {true, true}, {false, true}} {
		s := cfg.Sources[i]
		if s.FullText != w.on || s.FullTextSet != w.set {
			t.Errorf("%s: full_text %v (set %v), want %v (set %v)", s.Name, s.FullText, s.FullTextSet, w.on, w.set)
		}
	}
}
