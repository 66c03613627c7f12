package filter

import (
	"regexp"
	"slices"
	"testing"

	"github.com/edufeed/edufeed/feeds"
)

// FuzzShow checks that no item and no valid pattern makes the filter panic,
// that Show agrees with the pattern compiled alone on the match text, and
// that Tags are sorted and unique.
func FuzzShow(f *testing.F) {
	for _, it := range loadItems(f) {
		f.Add(it.Title, it.Content, it.Summary, "高考|招生", "(?-i)EXAM")
	}
	f.Add("<b>", "<p>a<script>", "", `\Qx`, "x")
	f.Add("", "<!--", "s", "^$", `\bx\b`)
	f.Add("t", "&#xffffffff; &amp <a href='>'>x</a> \xff\xfe", "", ".", "[")
	f.Fuzz(func(t *testing.T, title, content, summary, include, tagMatch string) {
		// free is configured without rules; gone is no longer configured.
		it := &feeds.Item{Source: "s", Sources: []string{"s", "free", "gone"}, Title: title, Content: content, Summary: summary, Tags: []string{"b", "a", "b"}}
		flt, err := New(Rules{Include: []string{include}}, map[string]SourceRules{
			"s":    {Tags: []string{"plain"}, Rules: Rules{Exclude: []string{tagMatch}, Tags: []TagRule{{tagMatch, "rule"}}}},
			"free": {},
		})
		if err != nil {
			return // an invalid pattern: New refused it, as it should
		}
		inc := regexp.MustCompile("(?i)" + include).MatchString(matchText(it))
		rule := regexp.MustCompile("(?i)" + tagMatch).MatchString(matchText(it))
		// free lets the item through its own rules.
		if got := flt.Show(it); got != inc {
			t.Fatalf("Show = %v, include alone on %q = %v", got, matchText(it), inc)
		}
		only := *it
		only.Sources = nil
		if got, want := flt.Show(&only), inc && !rule; got != want {
			t.Fatalf("Show of s's item = %v, want %v (include %v, exclude %v) on %q", got, want, inc, rule, matchText(it))
		}
		orphan := *it
		orphan.Sources = []string{"gone"}
		if flt.Show(&orphan) {
			t.Fatal("an item only a removed source carries is shown")
		}
		if got := flt.Tags(&orphan); !slices.Equal(got, []string{"a", "b"}) {
			t.Fatalf("tags of an item only a removed source carries: %q, want the stored ones", got)
		}
		tags := flt.Tags(it)
		if got := slices.Contains(tags, "rule"); got != rule {
			t.Fatalf("tag rule applied: %v, pattern alone on %q: %v", got, matchText(it), rule)
		}
		if !slices.IsSorted(tags) || len(slices.Compact(slices.Clone(tags))) != len(tags) {
			t.Fatalf("tags %q not sorted and unique", tags)
		}
		if !slices.Contains(tags, "plain") || slices.Contains(tags, "a") {
			t.Fatalf("tags %q: want s's plain tag, not the stored ones", tags)
		}
		if show, tags2 := flt.Apply(it); show != flt.Show(it) || !slices.Equal(tags, tags2) {
			t.Fatal("Apply disagrees with Show and Tags")
		}
	})
}
