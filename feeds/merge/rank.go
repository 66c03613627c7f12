package merge

import (
	"cmp"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// The ranks of a copy's published date, best last. A date the source wrote
// in full (year, time of day, and a zone or the source's zone) beats a
// day it wrote without a time, which beats anything edufeed inferred.
// Among the inferred kinds, a year-less date keeps the day and time the
// source wrote and lacks only the year; a day in the link is the source's
// day without a time; a date found in the text may be another event's;
// first-seen is only when edufeed looked.
const (
	rankFirstSeen = iota
	rankText
	rankLink
	rankYearless
	rankDay
	rankFull
)

// dateRank is the rank of it's published date, by its kind.
func dateRank(it *feeds.Item) int {
	if it.Published.IsZero() {
		return rankFirstSeen - 1 // no date at all
	}
	switch it.DateFrom {
	case feeds.DateFromFirstSeen, "":
		// A date stored before kinds were recorded may have been only
		// when the item was first seen.
		return rankFirstSeen
	case feeds.DateFromContent:
		return rankText
	case feeds.DateFromLink:
		return rankLink
	case feeds.DateFromYearless:
		return rankYearless
	}
	// The source's own date: a feed's published or updated date, or a kind
	// this package does not know (a list or an article page's). Sites that
	// give only the day write it as midnight.
	if h, m, s := it.Published.Clock(); h == 0 && m == 0 && s == 0 && it.Published.Nanosecond() == 0 {
		return rankDay
	}
	return rankFull
}

// Order is the order in which the config lists the sources; it breaks the
// ties of a merge, so that the story is the same whatever order its copies
// arrive in. Sources it does not list come after those it does, by name.
// The zero Order lists none.
type Order struct {
	index map[string]int
}

// NewOrder is the Order of names, first first.
func NewOrder(names []string) Order {
	o := Order{index: make(map[string]int, len(names))}
	for i, n := range names {
		if _, dup := o.index[n]; !dup {
			o.index[n] = i
		}
	}
	return o
}

// Compare is -1 when source a comes before b, +1 when after, 0 when they
// are the same source.
func (o Order) Compare(a, b string) int {
	ia, oka := o.index[a]
	ib, okb := o.index[b]
	switch {
	case oka && okb:
		if c := cmp.Compare(ia, ib); c != 0 {
			return c
		}
	case oka:
		return -1
	case okb:
		return 1
	}
	return cmp.Compare(a, b)
}

// BetterDate reports whether copy a's published date wins over copy b's:
// a higher rank (see the rank constants), else the earlier instant, else
// the source listed first.
func BetterDate(a, b *feeds.Item, o Order) bool {
	return compareDates(a, b, o) < 0
}

// compareDates is -1 when a's date wins, +1 when b's does, 0 for equal
// dates of one source.
func compareDates(a, b *feeds.Item, o Order) int {
	if c := cmp.Compare(dateRank(b), dateRank(a)); c != 0 {
		return c
	}
	if c := a.Published.Compare(b.Published); c != 0 {
		return c
	}
	return o.Compare(a.Source, b.Source)
}

// betterContent reports whether content (with its summary) of source
// aFrom wins over that of bFrom: the longer content, else the longer
// summary, else the source listed first.
func betterContent(a, b *feeds.Item, aFrom, bFrom string, o Order) bool {
	if c := cmp.Compare(len(a.Content), len(b.Content)); c != 0 {
		return c > 0
	}
	if c := cmp.Compare(len(a.Summary), len(b.Summary)); c != 0 {
		return c > 0
	}
	return o.Compare(aFrom, bFrom) < 0
}

// earliest is the earlier of two first-seen times, a zero one unknown.
func earliest(a, b time.Time) time.Time {
	if a.IsZero() || !b.IsZero() && b.Before(a) {
		return b
	}
	return a
}
