package wire

import (
	"fmt"
	"testing"

	"github.com/edufeed/edufeed/feeds"
)

// TestSourcesShareRules: sources with the same rules share one value of
// each, and every source still reads the rules the config gave it.
func TestSourcesShareRules(t *testing.T) {
	cfg, err := LoadConfig("testdata/shared-rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srcs := Sources(cfg)
	by := map[string]feeds.Source{}
	for _, s := range srcs {
		by[s.Name] = s
	}
	moe, gaokao, gd, zj, raw := by["moe"], by["gaokao"], by["jyt-gd"], by["jyt-zj"], by["raw"]

	pairs := []struct {
		what string
		a, b any
		same bool
	}{
		{"feeds' clean rules", moe.Clean, gaokao.Clean, true},
		{"feeds' list rules", moe.List, gaokao.List, true},
		{"feeds' article rules", moe.Articles, gaokao.Articles, true},
		{"equal list selectors", gd.List, zj.List, true},
		{"builtin on and off", moe.Clean, raw.Clean, false},
		{"full text on and off", moe.Articles, raw.Articles, false},
		{"a drop list", gd.Clean, zj.Clean, false},
		{"a remove list", gd.Articles, zj.Articles, false},
	}
	for _, p := range pairs {
		if (p.a == p.b) != p.same {
			t.Errorf("%s: one shared value = %v, want %v", p.what, p.a == p.b, p.same)
		}
	}

	want := map[string]struct {
		clean    feeds.CleanRules
		list     feeds.ListRules
		articles feeds.ArticleRules
	}{
		"moe":    {feeds.CleanRules{Builtin: true}, feeds.ListRules{Pages: 1}, feeds.ArticleRules{ForLists: true, Max: 30}},
		"gaokao": {feeds.CleanRules{Builtin: true}, feeds.ListRules{Pages: 1}, feeds.ArticleRules{ForLists: true, Max: 30}},
		"jyt-gd": {
			feeds.CleanRules{Builtin: true, Drop: []string{"^责任编辑"}},
			feeds.ListRules{Pages: 2, Item: "ul.news li", Title: "a", Link: "a"},
			feeds.ArticleRules{ForLists: true, Max: 30, Content: "div.article", Remove: []string{".share"}},
		},
		"jyt-zj": {feeds.CleanRules{Builtin: true}, feeds.ListRules{Pages: 2, Item: "ul.news li", Title: "a", Link: "a"}, feeds.ArticleRules{ForLists: true, Max: 30}},
		"raw":    {feeds.CleanRules{}, feeds.ListRules{Pages: 1}, feeds.ArticleRules{ForLists: true, ForFeeds: true, Max: 30}},
	}
	for name, w := range want {
		s := by[name]
		// %+v: a list the config left empty may be nil or empty.
		if got := s.CleanRules(); fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", w.clean) {
			t.Errorf("%s: clean rules %+v, want %+v", name, got, w.clean)
		}
		if got := s.ListRules(); got != w.list {
			t.Errorf("%s: list rules %+v, want %+v", name, got, w.list)
		}
		if got := s.ArticleRules(); fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", w.articles) {
			t.Errorf("%s: article rules %+v, want %+v", name, got, w.articles)
		}
	}
}
