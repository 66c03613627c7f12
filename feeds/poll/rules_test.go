package poll

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// itemsHook keeps the items of the last SavePoll.
type itemsHook struct {
	Store
	last []feeds.Item
}

func (h *itemsHook) SavePoll(items []feeds.Item, st feeds.SourceState, now time.Time) (feeds.PollResult, error) {
	h.last = items
	return h.Store.SavePoll(items, st, now)
}

// TestRuleChangeRecleans: a reload that changes a source's cleaning rules
// makes the next poll clean its unchanged document again, once, so that the
// stored items get the new rules; polls after that skip the document again.
func TestRuleChangeRecleans(t *testing.T) {
	hook := &itemsHook{}
	env := newEnv(t, body("<rss>the same bytes every time</rss>"), feedOf(twoItems), func(o *Options) {
		hook.Store = o.Store
		o.Store = hook
	})
	src := source("moe", "https://www.moe.gov.cn/rss.xml")
	src.Clean = &feeds.CleanRules{Builtin: true}
	stripped := src
	stripped.Clean = &feeds.CleanRules{Builtin: true, TitleStrip: []string{`一$`}}

	steps := []struct {
		name      string
		src       feeds.Source
		wantClean bool   // the document is parsed, cleaned and saved
		wantTitle string // the first item's title as last saved
	}{
		{name: "first poll", src: src, wantClean: true, wantTitle: "通知一"},
		{name: "same document", src: src, wantTitle: "通知一"},
		{name: "new title rule", src: stripped, wantClean: true, wantTitle: "通知"},
		{name: "same document, same rules", src: stripped, wantTitle: "通知"},
	}
	for _, step := range steps {
		before, _ := env.store.counts()
		res := env.s.Poll(context.Background(), step.src)
		if res.Err != nil {
			t.Fatalf("%s: %v", step.name, res.Err)
		}
		after, _ := env.store.counts()
		if cleaned := after > before; cleaned != step.wantClean || res.NotModified == step.wantClean {
			t.Errorf("%s: cleaned = %v (not modified %v), want %v", step.name, cleaned, res.NotModified, step.wantClean)
		}
		if got := hook.last[0].Title; got != step.wantTitle {
			t.Errorf("%s: saved title %q, want %q", step.name, got, step.wantTitle)
		}
	}
}

func TestDocumentHash(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := time.LoadLocation("Asia/Shanghai")
	base := feeds.Source{Name: "moe", Location: shanghai, Clean: &feeds.CleanRules{Builtin: true, Drop: []string{"ab"}}}
	body := []byte("<rss/>")
	tests := []struct {
		name string
		edit func(*feeds.Source)
		same bool
	}{
		{name: "zone loaded twice", edit: func(s *feeds.Source) { s.Location = again }, same: true},
		{name: "settings that do not clean", edit: func(s *feeds.Source) {
			s.URL, s.Schedule, s.Timeout = "https://x.example/", "@hourly", time.Minute
		}, same: true},
		{name: "builtin off", edit: func(s *feeds.Source) { s.Clean.Builtin = false }},
		{name: "one pattern split in two", edit: func(s *feeds.Source) { s.Clean.Drop = []string{"a", "b"} }},
		{name: "pattern moved to another list", edit: func(s *feeds.Source) {
			s.Clean.Drop, s.Clean.CutAfter = nil, []string{"ab"}
		}},
		{name: "remove added", edit: func(s *feeds.Source) { s.Clean.Remove = []string{".share"} }},
		{name: "title rule added", edit: func(s *feeds.Source) { s.Clean.TitleStrip = []string{"_教育网$"} }},
		{name: "other zone", edit: func(s *feeds.Source) { s.Location = time.UTC }},
	}
	want := documentHash(body, base)
	for _, tt := range tests {
		src := base
		rules := cloneRules(*base.Clean)
		src.Clean = &rules
		tt.edit(&src)
		if got := documentHash(body, src); (got == want) != tt.same {
			t.Errorf("%s: hash equal = %v, want %v", tt.name, got == want, tt.same)
		}
	}
	if documentHash([]byte("<rss></rss>"), base) == want {
		t.Error("other bytes, same hash")
	}
}

// TestSameSource: the one definition of a changed source. Every field of
// feeds.Source counts, so a field added later without a comparison fails
// here.
func TestSameSource(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := time.LoadLocation("Asia/Shanghai")
	base := feeds.Source{
		Name: "moe", URL: "https://www.moe.gov.cn/rss.xml", Schedule: "@every 15m",
		Tags: []string{"policy"}, Location: shanghai, Enabled: true, Timeout: time.Second,
		UserAgent: "ua", AllowPrivate: false,
		Clean: &feeds.CleanRules{Builtin: true, CutAfter: []string{"a"}, Drop: []string{"b"}, Remove: []string{"p"}, TitleStrip: []string{"c"}},
	}
	tests := []struct {
		name string
		edit func(*feeds.Source)
		same bool
	}{
		{name: "identical", edit: func(*feeds.Source) {}, same: true},
		{name: "zone loaded twice", edit: func(s *feeds.Source) { s.Location = again }, same: true},
		{name: "tags copied", edit: func(s *feeds.Source) { s.Tags = []string{"policy"} }, same: true},
		{name: "tags removed", edit: func(s *feeds.Source) { s.Tags = []string{} }},
		{name: "other zone", edit: func(s *feeds.Source) { s.Location = time.UTC }},
		{name: "tag order", edit: func(s *feeds.Source) { s.Tags = []string{"policy", "gaokao"} }},
		{name: "builtin rules", edit: func(s *feeds.Source) { s.Clean.Builtin = false }},
	}
	for _, tt := range tests {
		b := base
		rules := *base.Clean
		b.Clean = &rules
		tt.edit(&b)
		if got := SameSource(base, b); got != tt.same {
			t.Errorf("%s: SameSource = %v, want %v", tt.name, got, tt.same)
		}
	}
	if !SameSource(feeds.Source{Tags: nil}, feeds.Source{Tags: []string{}}) {
		t.Error("nil and empty tags differ")
	}
	if !SameSource(feeds.Source{}, feeds.Source{Clean: &feeds.CleanRules{}, List: &feeds.ListRules{}, Articles: &feeds.ArticleRules{}}) {
		t.Error("nil rules and zero rules differ")
	}

	// Every field, and every field of the rule structs, changed on its own.
	nested := map[reflect.Type]bool{
		reflect.TypeOf(&feeds.CleanRules{}): true, reflect.TypeOf(&feeds.ListRules{}): true, reflect.TypeOf(&feeds.ArticleRules{}): true,
	}
	for i := range reflect.TypeOf(base).NumField() {
		field := reflect.TypeOf(base).Field(i)
		if nested[field.Type] {
			for j := range field.Type.Elem().NumField() {
				// Rules are shared, never changed: the edit is on copies.
				edited := base
				clean, list, articles := cloneRules(base.CleanRules()), base.ListRules(), base.ArticleRules()
				edited.Clean, edited.List, edited.Articles = &clean, &list, &articles
				changeField(t, reflect.ValueOf(&edited).Elem().Field(i).Elem().Field(j))
				if SameSource(base, edited) {
					t.Errorf("a change of %s.%s is not a change of the source", field.Name, field.Type.Elem().Field(j).Name)
				}
			}
			continue
		}
		edited := base
		edited.Tags = slices.Clone(base.Tags)
		changeField(t, reflect.ValueOf(&edited).Elem().Field(i))
		if SameSource(base, edited) {
			t.Errorf("a change of %s is not a change of the source", field.Name)
		}
	}
}

// changeField gives f another value.
func changeField(t *testing.T, f reflect.Value) {
	t.Helper()
	switch f.Kind() {
	case reflect.String:
		f.SetString(f.String() + "x")
	case reflect.Bool:
		f.SetBool(!f.Bool())
	case reflect.Int, reflect.Int64:
		f.SetInt(f.Int() + 1)
	case reflect.Slice:
		f.Set(reflect.Append(f, reflect.ValueOf("x")))
	case reflect.Pointer:
		loc, err := time.LoadLocation("America/New_York")
		if err != nil {
			t.Fatal(err)
		}
		f.Set(reflect.ValueOf(loc))
	default:
		t.Fatalf("no way to change a field of kind %s: teach changeField and SameSource", f.Kind())
	}
}

// TestRulesCacheSharesPlainRules: sources without rule lists share one
// compiled set per Builtin setting and leave no entry of their own, so the
// cache does not grow with the number of sources; a source with lists gets
// its own, compiled again when they change, and loses it when they go.
func TestRulesCacheSharesPlainRules(t *testing.T) {
	var c rulesCache
	get := func(name string, r feeds.CleanRules) any {
		t.Helper()
		compiled, err := c.get(name, r)
		if err != nil {
			t.Fatal(err)
		}
		return compiled
	}
	builtin := feeds.CleanRules{Builtin: true}
	a, b := get("a", builtin), get("b", builtin)
	if a != b {
		t.Error("two sources with the built-in rules only got two compiled sets")
	}
	if off := get("c", feeds.CleanRules{}); off == a {
		t.Error("a source with the built-in rules off got the built-in set")
	}
	custom := feeds.CleanRules{Builtin: true, Drop: []string{"责任编辑"}}
	d := get("d", custom)
	if d == a || get("d", custom) != d {
		t.Error("a source with its own rules did not get one compiled set, kept")
	}
	if get("d", feeds.CleanRules{Builtin: true, Drop: []string{"来源"}}) == d {
		t.Error("changed rules were not compiled again")
	}
	if len(c.bySrc) != 1 {
		t.Errorf("%d sources have entries, want 1 (the one with lists)", len(c.bySrc))
	}
	if get("d", builtin) != a || len(c.bySrc) != 0 {
		t.Errorf("a source whose lists went did not share the built-in set and leave no entry (%d entries)", len(c.bySrc))
	}
}
