package notify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/filter"
)

// Selection says which stories a target gets, by the rules of channels and
// the outputs' filters (feeds/filter.Selection). Empty lists select every
// story the feed shows.
type Selection struct {
	// Sources: a story carried by one of them (any, when empty).
	Sources []string
	// Tags: a story with one of these tags, as the outputs give them.
	Tags []string
	// Include and Exclude are filter patterns over title and text.
	Include, Exclude []string
	// Channel, when the target sends a channel, is its title: a digest
	// lists the stories under it.
	Channel string
}

// selector is a compiled Selection.
type selector struct {
	sel Selection
	f   *filter.Selector
}

func compileSelection(sel Selection) (*selector, error) {
	f, err := filter.NewSelector(filter.Selection{Sources: sel.Sources, Tags: sel.Tags, Include: sel.Include, Exclude: sel.Exclude})
	if err != nil {
		return nil, fmt.Errorf("selection: %w", err)
	}
	return &selector{sel: sel, f: f}, nil
}

// pick reports whether the story goes to the target, and the group a
// digest lists it under: the channel, else the first selected tag it has,
// else its first selected source, else "".
func (s *selector) pick(it *feeds.Item, tags []string) (ok bool, group string) {
	if !s.f.Selects(it, tags) {
		return false, ""
	}
	if s.sel.Channel != "" {
		return true, s.sel.Channel
	}
	for _, t := range s.sel.Tags {
		if slices.ContainsFunc(tags, func(have string) bool { return strings.EqualFold(have, t) }) {
			return true, t
		}
	}
	if len(s.sel.Sources) > 0 {
		carriers := it.Sources
		if len(carriers) == 0 {
			carriers = []string{it.Source}
		}
		for _, c := range carriers {
			if slices.Contains(s.sel.Sources, c) {
				return true, c
			}
		}
	}
	return true, ""
}
