package filter

import (
	"slices"
	"testing"
)

// TestRemovedSourceHiddenUntilReAdded follows old-uni's items through three
// configs, as reloads would: configured, removed, added back. The store
// keeps the items throughout; only what the outputs show changes.
func TestRemovedSourceHiddenUntilReAdded(t *testing.T) {
	items := loadItems(t)
	only := items["old-source"]
	// The same story carried by moe as well.
	shared := *only
	shared.Sources = []string{"old-uni", "moe"}

	withOldUni := configured(nil)
	withOldUni["old-uni"] = SourceRules{Tags: []string{"university"}}
	steps := []struct {
		name                   string
		sources                map[string]SourceRules
		showOnly, showShared   bool
		tagsOnly, tagsOfShared []string
	}{
		{"configured", withOldUni, true, true, []string{"university"}, []string{"policy", "university"}},
		// The stored tags (legacy, university) stay out while moe carries it.
		{"removed", configured(nil), false, true, []string{"legacy", "university"}, []string{"policy"}},
		{"added back", withOldUni, true, true, []string{"university"}, []string{"policy", "university"}},
	}
	for _, s := range steps {
		f := mustNew(t, Rules{Exclude: []string{"招聘"}}, s.sources)
		if got := f.Show(only); got != s.showOnly {
			t.Errorf("%s: item only old-uni carries shown = %v, want %v", s.name, got, s.showOnly)
		}
		if got := f.Show(&shared); got != s.showShared {
			t.Errorf("%s: item old-uni and moe carry shown = %v, want %v", s.name, got, s.showShared)
		}
		if got := f.Tags(only); !slices.Equal(got, s.tagsOnly) {
			t.Errorf("%s: tags of old-uni's item %q, want %q", s.name, got, s.tagsOnly)
		}
		if got := f.Tags(&shared); !slices.Equal(got, s.tagsOfShared) {
			t.Errorf("%s: tags of the shared item %q, want %q", s.name, got, s.tagsOfShared)
		}
		// Without any rule the answer is the same: it rests on the config's
		// sources, not on its patterns.
		bare := mustNew(t, Rules{}, s.sources)
		if got := bare.Show(only); got != s.showOnly {
			t.Errorf("%s, no rules: item only old-uni carries shown = %v, want %v", s.name, got, s.showOnly)
		}
	}
}

func TestKnownTags(t *testing.T) {
	sources := configured(map[string]Rules{
		"moe": {Tags: []TagRule{{"通知|公告", "notice"}, {"高考", "gaokao"}}},
	})
	f := mustNew(t, Rules{Tags: []TagRule{{"人工智能", "ai"}, {"招生", "admissions"}}}, sources)
	want := []string{"admissions", "ai", "gaokao", "news", "notice", "policy", "us"}
	if got := f.KnownTags(); !slices.Equal(got, want) {
		t.Errorf("known tags %q, want %q", got, want)
	}
	var nilFilter *Filter
	if got := nilFilter.KnownTags(); got != nil {
		t.Errorf("nil filter knows tags %q", got)
	}
}
