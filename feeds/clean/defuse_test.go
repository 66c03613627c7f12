package clean

import (
	"slices"
	"testing"

	"github.com/edufeed/edufeed/feeds"
)

// TestTitleMarkup: tags the old pattern missed are stripped, and what is
// left of a tag can no longer open one.
func TestTitleMarkup(t *testing.T) {
	tests := []struct{ raw, want string }{
		{`<svg/onload=alert(1)>高考`, "高考"},
		{`<SCRIPT/XSS SRC="https://x.invalid/a.js"></SCRIPT>通知`, "通知"},
		{`<SCRIPT SRC=https://x.invalid/a.js?< B >通知`, "通知"},
		{`javascript:/*--></title></style><svg/onload='alert(1)//'>通知`, "javascript:/*-->通知"},
		{`<!DOCTYPE html><?xml-stylesheet href="x"?>通知`, "通知"},
		{`通知<img src=x onerror=alert(1)`, "通知< img src=x onerror=alert(1)"},
		{`&lt;img src=x onerror=alert(1)`, "< img src=x onerror=alert(1)"},
		{`<C++ Primer>第5版`, "< C++ Primer>第5版"},
		{`a < b 与 <三体>`, "a < b 与 <三体>"},
	}
	for _, tt := range tests {
		if got := Title(tt.raw, "", nil); got != tt.want {
			t.Errorf("Title(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func TestNamesPlain(t *testing.T) {
	it := feeds.Item{
		Title:      "标题",
		Authors:    []string{"<script>alert(1)</script>张三", "AT&amp;T Labs", "Jane <b>Doe</b>", "<img src=x onerror=alert(1)>"},
		Categories: []string{"&lt;svg/onload=alert(1)&gt;通知公告", "C<T>", "高考"},
	}
	got := Item(it, Context{Seen: seen})
	want := []string{"alert(1)张三", "AT&T Labs", "Jane Doe"}
	if !slices.Equal(got.Authors, want) {
		t.Errorf("authors %q, want %q", got.Authors, want)
	}
	if want := []string{"通知公告", "C", "高考"}; !slices.Equal(got.Categories, want) {
		t.Errorf("categories %q, want %q", got.Categories, want)
	}
}

func TestSummaryDefused(t *testing.T) {
	if got, want := Summary("如何在网页中使用<script>标签", 0), "如何在网页中使用< script>标签"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	it := feeds.Item{Title: "标题", Content: "<p>课程讲解&lt;img src=x onerror=alert(1)&gt;的危害。</p>"}
	if got, want := Item(it, Context{Seen: seen}).Summary, "课程讲解< img src=x onerror=alert(1)>的危害。"; got != want {
		t.Errorf("item summary %q, want %q", got, want)
	}
}
