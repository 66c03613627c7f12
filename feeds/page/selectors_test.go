package page

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		sel Selectors
		key string // "" means no error
	}{
		{Selectors{}, ""},
		{Selectors{Item: "ul.list > li"}, ""},
		{Selectors{Item: "li", Title: "a", Link: "a", Date: "span.time", Summary: "p", DateFormat: "2006年01月02日"}, ""},
		{Selectors{Item: "li", DateFormat: "01-02"}, ""}, // year-less
		{Selectors{Item: "ul >> li"}, "list.item"},
		{Selectors{Item: "li", Date: "span["}, "list.date"},
		{Selectors{Item: "li", Title: "a:nth-child(x)"}, "list.title"},
		{Selectors{Title: "a"}, "list.item"},
		{Selectors{Item: "li", DateFormat: "YYYY-MM-DD"}, "list.date_format"},
		{Selectors{Item: "li", DateFormat: "2006"}, "list.date_format"},
	}
	for _, tt := range tests {
		err := tt.sel.Validate()
		var se *SelectorError
		switch {
		case tt.key == "" && err != nil:
			t.Errorf("%+v: %v", tt.sel, err)
		case tt.key != "" && (!errors.As(err, &se) || se.Key != tt.key):
			t.Errorf("%+v: got %v, want an error of %s", tt.sel, err, tt.key)
		case tt.key != "" && !strings.HasPrefix(err.Error(), tt.key):
			t.Errorf("%+v: the message %q does not start with the key", tt.sel, err)
		}
	}
}

// The selector FindList reports for its pick, set as list.item, gives the
// same entries on the site: edufeed try can offer it to be pasted into the config.
func TestChosenSelectorRoundTrip(t *testing.T) {
	for _, dir := range fixtureDirs(t) {
		c, doc, _ := loadFixture(t, dir)
		o := c.options()
		auto, err := FindList(doc, c.URL, o)
		if err != nil {
			t.Fatal(err)
		}
		sel, err := Selectors{Item: auto.Chosen.Selector}.Compile()
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		o.Selectors = sel
		manual, err := FindList(doc, c.URL, o)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		// The operator's selectors may take entries on other sites; the
		// automatic search does not.
		manual.Items = slices.DeleteFunc(manual.Items, func(it Item) bool { return !sameSite(it.Link, c.URL) })
		if !slices.Equal(links(auto.Items), links(manual.Items)) {
			t.Errorf("%s: %q gives\n%v\nnot\n%v", filepath.Base(dir), auto.Chosen.Selector, links(manual.Items), links(auto.Items))
		}
	}
}

func links(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Link)
	}
	return out
}

// Selectors override the automatic pick: here the 热点 sidebar the search
// leaves out, with a date layout of its own and a year-less one.
func TestSelectorsOverride(t *testing.T) {
	const page = `<div class="side"><h3>热点新闻</h3><ul class="hot">
<li><a href="/a/1.html">高考志愿填报的十个常见误区</a><i>10/01/2025</i><p>第一条摘要</p></li>
<li><a href="/a/2.html" title="这些专业就业率连续三年走高的原因分析">这些专业就业率连续…</a><i>09/01/2025</i></li>
<li><a href="https://other.example.net/x.html">外站的文章也可以</a><i>08/01/2025</i></li>
<li><span>没有链接的条目</span></li>
</ul></div>`
	now := time.Date(2025, 1, 15, 10, 0, 0, 0, cst)
	sel, err := Selectors{Item: "ul.hot > li", Date: "i", Summary: "p", DateFormat: "02/01/2006"}.Compile()
	if err != nil {
		t.Fatal(err)
	}
	l, err := FindList(parse(t, page), "https://www.example.cn/news/", Options{Now: now, Location: cst, Selectors: sel})
	if err != nil {
		t.Fatal(err)
	}
	want := []Item{
		{Link: "https://www.example.cn/a/1.html", Title: "高考志愿填报的十个常见误区", Published: time.Date(2025, 1, 10, 0, 0, 0, 0, cst), DateFrom: feeds.DateFromList, DateText: "10/01/2025", Summary: "第一条摘要"},
		{Link: "https://www.example.cn/a/2.html", Title: "这些专业就业率连续三年走高的原因分析", Published: time.Date(2025, 1, 9, 0, 0, 0, 0, cst), DateFrom: feeds.DateFromList, DateText: "09/01/2025"},
		{Link: "https://other.example.net/x.html", Title: "外站的文章也可以", Published: time.Date(2025, 1, 8, 0, 0, 0, 0, cst), DateFrom: feeds.DateFromList, DateText: "08/01/2025"},
	}
	if len(l.Items) != len(want) {
		t.Fatalf("got %d items: %+v", len(l.Items), l.Items)
	}
	for i, w := range want {
		g := l.Items[i]
		g.ListText = ""
		if g.Link != w.Link || g.Title != w.Title || !g.Published.Equal(w.Published) || g.DateFrom != w.DateFrom || g.DateText != w.DateText || g.Summary != w.Summary {
			t.Errorf("item %d: got %+v, want %+v", i, g, w)
		}
	}

	yearless, _ := Selectors{Item: "li", Date: "i", DateFormat: "01-02"}.Compile()
	l, err = FindList(parse(t, `<ul><li><a href="/1.html">一条</a><i>12-30</i></li></ul>`), "https://www.example.cn/", Options{Now: now, Location: cst, Selectors: yearless})
	if err != nil {
		t.Fatal(err)
	}
	if it := l.Items[0]; !it.Published.Equal(time.Date(2024, 12, 30, 0, 0, 0, 0, cst)) || !it.YearInferred {
		t.Errorf("year-less layout: got %v inferred=%v", it.Published, it.YearInferred)
	}

	none, _ := Selectors{Item: "div.nothing"}.Compile()
	if _, err := FindList(parse(t, page), "https://www.example.cn/", Options{Now: now, Selectors: none}); !errors.Is(err, ErrNoList) {
		t.Errorf("a selector matching nothing: got %v", err)
	}
}
