package merge

import (
	"slices"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// Join is the item to store when incoming arrives for the stored story.
// joined reports that incoming's source carried the story for the first
// time. now stands in for a first-seen time neither item has.
//
// From the story's first source, incoming is an edit: its fields replace
// the stored ones. From any other source, the stored story stays as it is
// and only gains the source, its tags and categories, and incoming's
// content when that is longer. A story carried by several sources never
// shrinks its content, so two sources with different versions do not flip
// it on every poll. The story keeps its id, first source and first-seen
// time, and its published date, unless that was only the time it was first
// seen and incoming brings a date its source wrote.
func Join(stored, incoming feeds.Item, now time.Time) (m feeds.Item, joined bool) {
	shared := len(union(stored.Sources, []string{stored.Source})) > 1
	if incoming.Source == stored.Source {
		m = incoming
		m.Sources = union(stored.Sources, incoming.Sources)
		if shared {
			m.Tags = union(stored.Tags, incoming.Tags)
			m.Categories = union(stored.Categories, incoming.Categories)
			if len(stored.Content) > len(incoming.Content) {
				m.Content, m.Summary = stored.Content, stored.Summary
			}
		}
	} else {
		m = stored
		joined = !slices.Contains(stored.Sources, incoming.Source)
		m.Sources = union(stored.Sources, []string{stored.Source, incoming.Source})
		m.Tags = union(stored.Tags, incoming.Tags)
		m.Categories = union(stored.Categories, incoming.Categories)
		if len(incoming.Content) > len(stored.Content) {
			m.Content, m.Summary = incoming.Content, incoming.Summary
		}
	}
	m.ID = stored.ID
	m.Source = stored.Source
	m.FirstSeen = stored.FirstSeen
	if m.FirstSeen.IsZero() {
		m.FirstSeen = incoming.FirstSeen
		if m.FirstSeen.IsZero() {
			m.FirstSeen = now
		}
	}
	m.Published, m.DateFrom = stored.Published, stored.DateFrom
	if stored.DateFrom == feeds.DateFromFirstSeen && sourceDate(incoming.DateFrom) && !incoming.Published.IsZero() {
		m.Published, m.DateFrom = incoming.Published, incoming.DateFrom
	}
	return m, joined
}

// sourceDate reports whether d is a date the source itself wrote somewhere.
func sourceDate(d feeds.DateSource) bool {
	switch d {
	case feeds.DateFromFeed, feeds.DateFromUpdated, feeds.DateFromLink, feeds.DateFromContent:
		return true
	}
	return false
}

// union returns a followed by the elements of b that a lacks, in order. It
// copies a before it adds to it, and returns a itself when b adds nothing.
func union(a, b []string) []string {
	out := a
	for _, s := range b {
		if slices.Contains(out, s) {
			continue
		}
		if len(out) == len(a) {
			out = slices.Grow(slices.Clip(a), len(b))
		}
		out = append(out, s)
	}
	return out
}
