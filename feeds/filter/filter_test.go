package filter

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"

	"github.com/edufeed/edufeed/feeds"
)

// loadItems reads testdata/items.json: items shaped as the store keeps them,
// from Chinese education sites and an English one.
func loadItems(t testing.TB) map[string]*feeds.Item {
	t.Helper()
	data, err := os.ReadFile("testdata/items.json")
	if err != nil {
		t.Fatal(err)
	}
	var list []feeds.Item
	if err := json.Unmarshal(data, &list); err != nil {
		t.Fatal(err)
	}
	items := make(map[string]*feeds.Item, len(list))
	for i := range list {
		items[list[i].ID] = &list[i]
	}
	return items
}

// configured are the sources the tests' config names; old-uni, whose items
// are still stored, is no longer among them.
func configured(rules map[string]Rules) map[string]SourceRules {
	out := map[string]SourceRules{
		"eol":       {Tags: []string{"news"}},
		"gaokao-cn": {Tags: []string{"gaokao", "news"}},
		"edweek":    {Tags: []string{"us"}},
		"moe":       {Tags: []string{"policy"}},
	}
	for name, r := range rules {
		sr := out[name]
		sr.Rules = r
		out[name] = sr
	}
	return out
}

func mustNew(t testing.TB, global Rules, sources map[string]SourceRules) *Filter {
	t.Helper()
	f, err := New(global, sources)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return f
}

func TestShow(t *testing.T) {
	items := loadItems(t)
	all := slices.Sorted(func(yield func(string) bool) {
		for id := range items {
			if !yield(id) {
				return
			}
		}
	})
	tests := []struct {
		name    string
		global  Rules
		sources map[string]Rules
		shown   []string // every other item is hidden
	}{
		{name: "no rules", shown: without(all, "old-source")},
		{
			name:   "global include of Chinese keywords",
			global: Rules{Include: []string{"高考|招生"}},
			// block-split has 提高 and 考核 in two paragraphs: no 高考.
			shown: []string{"gaokao-signup", "inline-split", "summary-only"},
		},
		{
			name:   "keywords as separate patterns",
			global: Rules{Include: []string{"高考", "招生"}},
			shown:  []string{"gaokao-signup", "inline-split", "summary-only"},
		},
		{
			name:   "global exclude, English case-insensitive",
			global: Rules{Exclude: []string{"招聘|推广", "sponsored"}},
			shown:  without(all, "recruit-ad", "sponsored", "old-source"),
		},
		{
			name:   "exclude wins over include",
			global: Rules{Include: []string{"报名"}, Exclude: []string{"推广"}},
			shown:  []string{"gaokao-signup", "inline-split"},
		},
		{
			name:   "case-sensitive part of a pattern",
			global: Rules{Include: []string{"(?-i)EXAM", "(?-i)advertisement"}},
			shown:  []string{"exam-rules"},
		},
		{
			name:   "entities decoded and no-break spaces plain",
			global: Rules{Include: []string{`State & district`, `exam results`, `teachers’ unions`}},
			shown:  []string{"exam-rules"},
		},
		{
			name:   "word boundaries",
			global: Rules{Include: []string{`\bexams?\b`, `\bfree\b`}},
			shown:  []string{"exam-rules", "sponsored"},
		},
		{
			name:   "escaped markup in text is text",
			global: Rules{Include: []string{`<b>not a tag</b>`}},
			shown:  []string{"exam-rules"},
		},
		{
			name:   "attributes and links are not text",
			global: Rules{Include: []string{`example-gaokao|px\.gif|href`}},
		},
		{
			name:    "source include hides that source's other items",
			sources: map[string]Rules{"eol": {Include: []string{"教师"}}},
			// gaokao-signup is carried by eol too, but gaokao-cn has no rules.
			shown: without(all, "recruit-ad", "old-source"),
		},
		{
			name: "an item carried by two sources needs one to let it through",
			sources: map[string]Rules{
				"gaokao-cn": {Exclude: []string{"报名"}},
				"eol":       {Include: []string{"人工智能"}},
			},
			shown: []string{"ai-guide", "block-split", "exam-rules", "inline-split", "sponsored", "summary-only"},
		},
		{
			name: "the second carrier lets it through",
			sources: map[string]Rules{
				"gaokao-cn": {Exclude: []string{"报名"}},
				"eol":       {Include: []string{"山西"}},
			},
			shown: []string{"block-split", "exam-rules", "gaokao-signup", "inline-split", "sponsored", "summary-only"},
		},
		{
			name:    "global rules apply before source rules",
			global:  Rules{Exclude: []string{"山西"}},
			sources: map[string]Rules{"gaokao-cn": {Include: []string{"山西"}}},
			shown:   without(all, "gaokao-signup", "old-source"),
		},
		{
			name: "a source no longer configured shows nothing, rules or not",
			sources: map[string]Rules{
				"eol": {Include: []string{"^$"}}, "gaokao-cn": {Include: []string{"^$"}},
				"edweek": {Include: []string{"^$"}}, "moe": {Include: []string{"^$"}},
			},
		},
		{
			name:   "summary is matched when there is no content",
			global: Rules{Include: []string{"自治区"}},
			shown:  []string{"summary-only"},
		},
		{
			name:   "the summary is not matched when there is content",
			global: Rules{Include: []string{"^各省"}},
		},
		{
			name:   "title is matched",
			global: Rules{Include: []string{`^Schools Brace`, `^教育部召开`}},
			shown:  []string{"exam-rules", "moe-midyear"},
		},
		{
			name:   "ideographic indent is a space",
			global: Rules{Include: []string{`\n +2026年山西`}},
			shown:  []string{"gaokao-signup"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustNew(t, tt.global, configured(tt.sources))
			var shown []string
			for _, id := range all {
				if f.Show(items[id]) {
					shown = append(shown, id)
				}
				if show, _ := f.Apply(items[id]); show != f.Show(items[id]) {
					t.Errorf("%s: Apply and Show disagree", id)
				}
			}
			if want := slices.Sorted(slices.Values(tt.shown)); !slices.Equal(shown, want) {
				t.Errorf("shown %q\n      want %q", shown, want)
			}
		})
	}
}

func without(ids []string, drop ...string) []string {
	return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return slices.Contains(drop, id) })
}

func TestTags(t *testing.T) {
	items := loadItems(t)
	tests := []struct {
		name    string
		global  []TagRule
		sources map[string]SourceRules // nil: configured(nil)
		want    map[string][]string    // item id -> tags; items not named are not checked
	}{
		{
			name: "plain tags of the current config",
			want: map[string][]string{
				"moe-midyear":   {"news"},
				"gaokao-signup": {"gaokao", "news"},
				"exam-rules":    {"us"},
				// No longer configured: the tags stored with it.
				"old-source": {"legacy", "university"},
			},
		},
		{
			name: "plain tags changed since the items were stored",
			sources: map[string]SourceRules{
				"eol":       {Tags: []string{"edu-online"}},
				"gaokao-cn": {},
				"moe":       {Tags: []string{"moe", "policy"}},
			},
			want: map[string][]string{
				"moe-midyear":   {"edu-online"},
				"gaokao-signup": {"edu-online"},
				"summary-only":  {"moe", "policy"},
				// edweek is gone: stored tags.
				"exam-rules": {"us"},
			},
		},
		{
			name:   "global rules",
			global: []TagRule{{"高考|招生", "gaokao"}, {`\bexams?\b`, "exams"}, {"人工智能|\\bAI\\b", "ai"}, {"考试", "exams"}},
			want: map[string][]string{
				"moe-midyear":   {"news"},
				"ai-guide":      {"ai", "news"},
				"gaokao-signup": {"exams", "gaokao", "news"},
				"exam-rules":    {"exams", "us"},
				"inline-split":  {"gaokao", "policy"},
				"block-split":   {"policy"},
				"old-source":    {"gaokao", "legacy", "university"},
				"summary-only":  {"gaokao", "policy"},
			},
		},
		{
			name: "rules of every carrying source, and only of those",
			sources: map[string]SourceRules{
				"eol":       {Tags: []string{"news"}, Rules: Rules{Tags: []TagRule{{"教师", "teachers"}, {"报名", "signup"}}}},
				"gaokao-cn": {Tags: []string{"gaokao"}, Rules: Rules{Tags: []TagRule{{"山西", "shanxi"}}}},
				"moe":       {Tags: []string{"policy"}, Rules: Rules{Tags: []TagRule{{"新闻", "press"}, {"(?-i)xyz", "never"}}}},
				"edweek":    {Tags: []string{"us"}, Rules: Rules{Tags: []TagRule{{"teachers", "teachers"}}}},
			},
			want: map[string][]string{
				"moe-midyear":   {"news", "teachers"},
				"ai-guide":      {"news", "teachers"},
				"gaokao-signup": {"gaokao", "news", "shanxi", "signup"},
				"recruit-ad":    {"news", "signup"},
				"inline-split":  {"policy", "press"},
				"exam-rules":    {"teachers", "us"},
				"block-split":   {"policy"},
			},
		},
		{
			name:   "a rule tag already plain is not repeated",
			global: []TagRule{{"山西", "gaokao"}, {"报名", "news"}},
			want:   map[string][]string{"gaokao-signup": {"gaokao", "news"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sources := tt.sources
			if sources == nil {
				sources = configured(nil)
			}
			f := mustNew(t, Rules{Tags: tt.global}, sources)
			for id, want := range tt.want {
				it := items[id]
				before := slices.Clone(it.Tags)
				got := f.Tags(it)
				if !slices.Equal(got, want) {
					t.Errorf("%s: tags %q, want %q", id, got, want)
				}
				if _, tags := f.Apply(it); !slices.Equal(tags, got) {
					t.Errorf("%s: Apply gives tags %q, Tags %q", id, tags, got)
				}
				if !slices.Equal(it.Tags, before) {
					t.Errorf("%s: stored tags changed to %q", id, it.Tags)
				}
			}
		})
	}
}

func TestItemWithoutSources(t *testing.T) {
	f := mustNew(t, Rules{Include: []string{"通知"}, Tags: []TagRule{{"通知", "notice"}}},
		map[string]SourceRules{"moe": {Tags: []string{"policy"}, Rules: Rules{Include: []string{"^$"}}}})
	it := &feeds.Item{Title: "关于开展2025年暑期教师研修的通知", Tags: []string{"old", "old"}}
	if !f.Show(it) {
		t.Error("an item naming no source is hidden by source rules")
	}
	if got := f.Tags(it); !slices.Equal(got, []string{"notice", "old"}) {
		t.Errorf("tags %q", got)
	}
	// Source alone names the carrier when Sources is empty.
	it.Source = "moe"
	if f.Show(it) {
		t.Error("moe's include did not apply to an item with Source only")
	}
	if got := f.Tags(it); !slices.Equal(got, []string{"notice", "policy"}) {
		t.Errorf("tags %q", got)
	}
}

func TestNilAndEmptyFilters(t *testing.T) {
	items := loadItems(t)
	var nilFilter *Filter
	empty := mustNew(t, Rules{}, configured(nil))
	onlyTags := mustNew(t, Rules{Tags: []TagRule{{"x", "y"}}}, nil)
	onlyExclude := mustNew(t, Rules{}, configured(map[string]Rules{"moe": {Exclude: []string{"x"}}}))
	for _, tt := range []struct {
		name  string
		f     *Filter
		empty bool
	}{{"nil", nilFilter, true}, {"empty", empty, true}, {"only tags", onlyTags, false}, {"only exclude", onlyExclude, false}} {
		if got := tt.f.Empty(); got != tt.empty {
			t.Errorf("%s: Empty() = %v", tt.name, got)
		}
	}
	for id, it := range items {
		// old-uni is not configured: only the nil filter, which knows no
		// config, shows its item.
		if !nilFilter.Show(it) || empty.Show(it) != (it.Source != "old-uni") {
			t.Errorf("%s: shown %v by the nil filter, %v with no rules", id, nilFilter.Show(it), empty.Show(it))
		}
		if got, want := nilFilter.Tags(it), it.Tags; !slices.Equal(got, want) {
			t.Errorf("%s: nil filter tags %q, want stored %q", id, got, want)
		}
	}
	if got := empty.Tags(items["gaokao-signup"]); !slices.Equal(got, []string{"gaokao", "news"}) {
		t.Errorf("empty filter tags %q", got)
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name    string
		global  Rules
		sources map[string]SourceRules
		want    string
		syntax  bool // the cause is RE2's *syntax.Error
	}{
		{"global include", Rules{Include: []string{"教育", "(高考"}}, nil,
			"global include: pattern \"(高考\": error parsing regexp: missing closing ): `(高考`", true},
		{"global exclude", Rules{Exclude: []string{"[z-a]"}}, nil, `global exclude: pattern "[z-a]": error parsing regexp: invalid character class range`, true},
		{"empty pattern", Rules{Include: []string{""}}, nil, `global include: pattern "": empty pattern would match everything`, false},
		{"global tag rule", Rules{Tags: []TagRule{{"*", "x"}}}, nil, `global tag "x": pattern "*": error parsing regexp: missing argument to repetition operator`, true},
		{"tag name", Rules{Tags: []TagRule{{"x", "two words"}}}, nil, `global tag rule 1: tag "two words" must be non-empty`, false},
		{"empty tag", Rules{Tags: []TagRule{{"x", ""}}}, nil, `global tag rule 1: tag ""`, false},
		{"source include", Rules{}, map[string]SourceRules{"moe": {Rules: Rules{Include: []string{`\8`}}}},
			`source "moe": include: pattern "\\8": error parsing regexp: invalid escape sequence`, true},
		{"source tag rule", Rules{}, map[string]SourceRules{"eol": {Rules: Rules{Tags: []TagRule{{"(?P<", "t"}}}}},
			`source "eol": tag "t": pattern "(?P<"`, true},
		{"source plain tag", Rules{}, map[string]SourceRules{"eol": {Tags: []string{"a,b"}}}, `source "eol": tag "a,b"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := New(tt.global, tt.sources)
			if err == nil {
				t.Fatalf("New accepted it: %+v", f)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %q\n  want prefix %q", err, tt.want)
			}
			var se *syntax.Error
			if got := errors.As(err, &se); got != tt.syntax {
				t.Errorf("errors.As(*syntax.Error) = %v", got)
			}
		})
	}
}

func TestNewCopiesPlainTags(t *testing.T) {
	tags := []string{"a", "b"}
	f := mustNew(t, Rules{}, map[string]SourceRules{"s": {Tags: tags}})
	tags[0] = "z"
	if got := f.Tags(&feeds.Item{Source: "s"}); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("tags %q after the caller changed its slice", got)
	}
}

func TestConcurrentUse(t *testing.T) {
	items := loadItems(t)
	f := mustNew(t, Rules{Include: []string{"教育|高考", `\bexams?\b`}, Tags: []TagRule{{"招生", "gaokao"}}}, configured(nil))
	want := map[string]bool{}
	for id, it := range items {
		want[id] = f.Show(it)
	}
	done := make(chan bool)
	for range 4 {
		go func() {
			defer func() { done <- true }()
			for id, it := range items {
				if show, _ := f.Apply(it); show != want[id] {
					t.Errorf("%s: Show %v, then %v", id, want[id], show)
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
}

// TestSourcesWithoutRulesShareASet: a source without tags or rules costs
// its map entry only; one with either keeps its own and still classifies.
func TestSourcesWithoutRulesShareASet(t *testing.T) {
	f, err := New(Rules{}, map[string]SourceRules{
		"moe":    {},
		"gaokao": {},
		"jyt":    {Tags: []string{"province"}},
		"edu":    {Rules: Rules{Exclude: []string{"招聘"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if f.sources["moe"] != f.sources["gaokao"] {
		t.Error("two sources without rules have a set each")
	}
	if f.sources["jyt"] == f.sources["moe"] || f.sources["edu"] == f.sources["moe"] {
		t.Error("a source with tags or rules shares the empty set")
	}
	for _, tc := range []struct {
		src, title string
		show       bool
		tags       []string
	}{
		{"moe", "教师招聘公告", true, nil},
		{"jyt", "寒假安全通知", true, []string{"province"}},
		{"edu", "教师招聘公告", false, nil},
	} {
		it := &feeds.Item{Source: tc.src, Title: tc.title}
		show, tags := f.Apply(it)
		if show != tc.show || !slices.Equal(tags, tc.tags) {
			t.Errorf("%s %q: show %v tags %v, want %v %v", tc.src, tc.title, show, tags, tc.show, tc.tags)
		}
	}
}
