package clean

import (
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/dates"
)

// Date picks an item's published date and says where it came from, trying
// in turn: the date a list or article page read itself (with the page's
// context, year-less forms included), the feed's published date, its
// updated date (either DateFromYearless when written without a year), a
// date in the link,
// a date in the bylines that open the article ("发布时间：…", which the
// text no longer holds), a date in the article text, and seen, the time
// the item was first seen.
// The feed's raw strings are read with loc, because feed libraries read
// zoneless dates as UTC and "CST" as US Central; the library's own reading
// serves only when the raw string is missing or unreadable. Every candidate
// must pass dates.Valid against seen.
func Date(it feeds.Item, link, bylines, text string, loc *time.Location, seen time.Time) (time.Time, feeds.DateSource) {
	switch it.DateFrom {
	case feeds.DateFromList, feeds.DateFromPage, feeds.DateFromYearless:
		if !dates.Valid(it.Published, seen) {
			break
		}
		return it.Published, it.DateFrom
	}
	if t, yearless, ok := feedDate(it.RawPublished, it.Published, loc, seen); ok {
		return t, writtenDate(feeds.DateFromFeed, yearless)
	}
	if t, yearless, ok := feedDate(it.RawUpdated, it.Updated, loc, seen); ok {
		return t, writtenDate(feeds.DateFromUpdated, yearless)
	}
	if t, ok := dates.FromLink(link, loc, seen); ok {
		return t, feeds.DateFromLink
	}
	for _, s := range []string{bylines, text} {
		if t, ok := dates.FromText(s, loc, seen); ok {
			return t, feeds.DateFromContent
		}
	}
	return seen, feeds.DateFromFirstSeen
}

// feedDate reads a feed's date field; yearless says the source wrote no
// year, so that the one given is inferred.
func feedDate(raw string, parsed time.Time, loc *time.Location, seen time.Time) (t time.Time, yearless, ok bool) {
	if t, yearless, ok := dates.ReadDate(raw, loc, seen); ok {
		return t, yearless, dates.Valid(t, seen)
	}
	return parsed, false, dates.Valid(parsed, seen)
}

// writtenDate is from, or DateFromYearless for a date written without a
// year: the poll revises its year with the document's other dates.
func writtenDate(from feeds.DateSource, yearless bool) feeds.DateSource {
	if yearless {
		return feeds.DateFromYearless
	}
	return from
}
