package notify

import (
	"fmt"
	"slices"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/filter"
)

// Selection says which stories a target gets, by the rules of the outputs'
// filters. Empty lists select every story the feed shows.
//
// Channels (issue 11) will resolve a target's channel to a Selection (or
// add a Channel field beside these); a digest's Group then names them.
type Selection struct {
	// Sources: a story carried by one of them (any, when empty).
	Sources []string
	// Tags: a story with one of these tags, as the outputs give them.
	Tags []string
	// Include and Exclude are filter patterns over title and text.
	Include, Exclude []string
}

// selector is a compiled Selection.
type selector struct {
	sel   Selection
	rules *filter.Filter // include and exclude; nil when both are empty
}

func compileSelection(sel Selection) (*selector, error) {
	s := &selector{sel: sel}
	if len(sel.Include) > 0 || len(sel.Exclude) > 0 {
		f, err := filter.New(filter.Rules{Include: sel.Include, Exclude: sel.Exclude}, nil)
		if err != nil {
			return nil, fmt.Errorf("selection: %w", err)
		}
		s.rules = f
	}
	return s, nil
}

// pick reports whether the story goes to the target, and the group a
// digest lists it under: the first selected tag it has, else its first
// selected source, else "".
func (s *selector) pick(it *feeds.Item, tags []string) (ok bool, group string) {
	if len(s.sel.Sources) > 0 {
		carriers := it.Sources
		if len(carriers) == 0 {
			carriers = []string{it.Source}
		}
		i := slices.IndexFunc(carriers, func(c string) bool { return slices.Contains(s.sel.Sources, c) })
		if i < 0 {
			return false, ""
		}
		group = carriers[i]
	}
	if len(s.sel.Tags) > 0 {
		i := slices.IndexFunc(s.sel.Tags, func(t string) bool { return slices.Contains(tags, t) })
		if i < 0 {
			return false, ""
		}
		group = s.sel.Tags[i]
	}
	if s.rules != nil {
		// The patterns are the target's own, not a source's: the filter
		// sees the item without its sources, so that only they apply.
		bare := *it
		bare.Source, bare.Sources = "", nil
		if !s.rules.Show(&bare) {
			return false, ""
		}
	}
	return true, group
}
