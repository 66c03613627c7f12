package page

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// FuzzFindList feeds the list finder, the pager and feed discovery any
// bytes: none may panic, and what they return must hold together.
func FuzzFindList(f *testing.F) {
	dirs, _ := filepath.Glob("testdata/lists/*/list.html")
	for _, p := range dirs {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(list20()))
	f.Add([]byte(`<ul><li><a href="/1.html">学校召开期末工作会议</a>(01-10)</li><li><a href="/2.html">学校召开寒假工作会议</a>(12-31)</li><li><a href="/3.html" title="全">x…</a>[2025-01-08]</li></ul><script>createPageHTML(3,0,"index","html")</script>`))
	const base = "https://news.example.edu.cn/xwzx/zhxw.htm"
	now := time.Date(2025, 1, 15, 10, 0, 0, 0, cst)
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return // deeper than x/net/html builds: the caller's error
		}
		l, err := FindList(doc, base, Options{Now: now, Location: cst})
		if err != nil {
			if !errors.Is(err, ErrNoList) {
				t.Fatalf("error is not ErrNoList: %v", err)
			}
		} else {
			if len(l.Items) == 0 || l.Chosen.Score < l.RunnerUp.Score {
				t.Fatalf("bad list: %d items, scores %v < %v", len(l.Items), l.Chosen.Score, l.RunnerUp.Score)
			}
			if err := (Selectors{Item: l.Chosen.Selector}).Validate(); err != nil {
				t.Fatalf("chosen selector: %v", err)
			}
			for _, it := range l.Items {
				if it.Title == "" || canonicalLink(it.Link, "") != it.Link || !sameSite(it.Link, base) {
					t.Fatalf("bad item %+v", it)
				}
				if !it.Published.IsZero() && (it.Published.After(now.Add(24*time.Hour)) || it.DateFrom == "") {
					t.Fatalf("bad date %+v", it)
				}
			}
		}
		if u, ok := NextPage(doc, base, base); ok && (!sameSite(u, base) || u == base) {
			t.Fatalf("next page %q", u)
		}
		for _, fl := range Discover(doc, base) {
			if canonicalLink(fl.URL, "") != fl.URL {
				t.Fatalf("feed %q", fl.URL)
			}
		}
	})
}
