package merge

import (
	"slices"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// Join is the item to store when incoming arrives for the stored story.
// joined reports that incoming's source carried the story for the first
// time. now stands in for a first-seen time neither item has. order breaks
// ties between sources.
//
// The story is the same whatever order its copies arrive in: each part of
// it is the best of the copies by a rule that does not look at arrival.
//   - The copy whose published date wins (BetterDate: the source's full
//     date and time, then a day it wrote, then inferred dates; the
//     earliest within a rank) gives the date, the source shown (Source),
//     and its own fields: title, link, GUID, authors, enclosures, updated
//     date and raw dates.
//   - The content and summary are the longest any copy sent, ties going
//     to the source listed first; ContentFrom names that copy.
//   - Sources lists Source, then the others in the config's order; tags
//     and categories are the union of every copy's, sorted.
//   - FirstSeen is the earliest; only the id stays with the first copy.
//
// Only the winners are kept, not every copy, so an edit of the copy shown
// replaces its fields but never makes the date worse. A story with one
// source takes each edit whole, content included.
func Join(stored, incoming feeds.Item, now time.Time, order Order) (m feeds.Item, joined bool) {
	joined = incoming.Source != stored.Source && !slices.Contains(stored.Sources, incoming.Source)
	all := union(union(stored.Sources, []string{stored.Source}), union(incoming.Sources, []string{incoming.Source}))
	shared := len(all) > 1

	m = stored
	switch {
	case incoming.Source == stored.Source:
		m = incoming
		if BetterDate(&stored, &incoming, order) {
			m.Published, m.DateFrom, m.RawPublished = stored.Published, stored.DateFrom, stored.RawPublished
		}
	case BetterDate(&incoming, &stored, order):
		m = incoming
	}

	if shared {
		from := stored.ContentFrom
		if from == "" {
			from = stored.Source
		}
		// Between two versions of one copy the newer wins a tie; two
		// sources never tie (see betterContent).
		if betterContent(&stored, &incoming, from, incoming.Source, order) {
			m.Content, m.Summary, m.ContentFrom = stored.Content, stored.Summary, from
			if len(union(stored.Sources, []string{stored.Source})) > 1 && stored.ContentFrom == "" {
				// Merged before ContentFrom was kept: which copy it was is
				// unknown, and a guess would rewrite the story for nothing.
				m.ContentFrom = ""
			}
		} else {
			m.Content, m.Summary, m.ContentFrom = incoming.Content, incoming.Summary, incoming.Source
		}
		m.Sources = sourcesInOrder(m.Source, all, order)
		m.Tags = sortedUnion(stored.Tags, incoming.Tags)
		m.Categories = sortedUnion(stored.Categories, incoming.Categories)
	} else {
		m.Sources = union(stored.Sources, incoming.Sources)
	}
	m.ID = stored.ID
	m.FirstSeen = earliest(stored.FirstSeen, incoming.FirstSeen)
	if m.FirstSeen.IsZero() {
		m.FirstSeen = now
	}
	return m, joined
}

// sourcesInOrder is first, then the other names of all in order.
func sourcesInOrder(first string, all []string, order Order) []string {
	out := make([]string, 0, len(all))
	out = append(out, first)
	for _, s := range all {
		if s != first {
			out = append(out, s)
		}
	}
	slices.SortFunc(out[1:], order.Compare)
	return out
}

// sortedUnion is the sorted union of a and b; nil when both are empty.
func sortedUnion(a, b []string) []string {
	out := union(a, b)
	if slices.IsSorted(out) {
		return out
	}
	return slices.Sorted(slices.Values(out))
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
