package merge

import (
	"slices"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// Rule is when items of two different sources are one story, with the
// thresholds a store is configured with. Equal non-empty canonical links
// always are; equal non-empty title keys are when published within
// TitleWindow of each other; non-zero fingerprints are when at most
// MaxDistance bits apart. GUIDs name items only within a source and play
// no part. A store finds the candidates by its own indexes and asks the
// rule; within one source only exact keys match (see Joins).
type Rule struct {
	// TitleWindow bounds how far apart equal titles are published; 0 means
	// the package's TitleWindow.
	TitleWindow time.Duration
	// MaxDistance is the largest fingerprint distance taken for one story;
	// 0 means the package's MaxDistance, a negative one turns fingerprints
	// off.
	MaxDistance int
}

// DefaultRule is the rule with the thresholds chosen on testdata/pairs.json.
var DefaultRule = Rule{TitleWindow: TitleWindow, MaxDistance: MaxDistance}

// SameTitle reports whether equal title keys published gap apart are one
// story.
func (r Rule) SameTitle(gap time.Duration) bool {
	w := r.TitleWindow
	if w <= 0 {
		w = TitleWindow
	}
	return gap.Abs() <= w
}

// SameText reports whether two fingerprints are one story; a zero one,
// too short a text to judge, never is.
func (r Rule) SameText(a, b uint64) bool {
	d := r.MaxDistance
	switch {
	case d < 0 || a == 0 || b == 0:
		return false
	case d == 0:
		d = MaxDistance
	}
	return Distance(a, b) <= d
}

// Same is the whole rule for two items' keys, published at ta and tb.
func (r Rule) Same(a, b feeds.Keys, ta, tb time.Time) bool {
	if a.Link != "" && a.Link == b.Link {
		return true
	}
	if a.Title != "" && a.Title == b.Title && r.SameTitle(ta.Sub(tb)) {
		return true
	}
	return r.SameText(a.Fingerprint, b.Fingerprint)
}

// Joins reports whether an item of source may join, by title or
// fingerprint, a story shown from storySource and carried by
// storySources: only when its source has not carried the story, because
// within one source a repeated title or a shared template is another item.
// When several stories qualify, the oldest takes the item.
func Joins(source, storySource string, storySources []string) bool {
	return source != storySource && !slices.Contains(storySources, source)
}
