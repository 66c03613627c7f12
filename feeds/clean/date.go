package clean

import (
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/dates"
)

// Date picks an item's published date and says where it came from, trying
// in turn: the date a list or article page read itself (with the page's
// context, year-less forms included), the feed's published date, its updated date, a date in the link,
// a date in the bylines that open the article ("发布时间：…", which the
// text no longer holds), a date in the article text, and seen, the time
// the item was first seen.
// The feed's raw strings are read with loc, because feed libraries read
// zoneless dates as UTC and "CST" as US Central; the library's own reading
// serves only when the raw string is missing or unreadable. Every candidate
// must pass dates.Valid against seen.
func Date(it feeds.Item, link, bylines, text string, loc *time.Location, seen time.Time) (time.Time, feeds.DateSource) {
	if (it.DateFrom == feeds.DateFromList || it.DateFrom == feeds.DateFromPage) && dates.Valid(it.Published, seen) {
		return it.Published, it.DateFrom
	}
	if t, ok := feedDate(it.RawPublished, it.Published, loc, seen); ok {
		return t, feeds.DateFromFeed
	}
	if t, ok := feedDate(it.RawUpdated, it.Updated, loc, seen); ok {
		return t, feeds.DateFromUpdated
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

func feedDate(raw string, parsed time.Time, loc *time.Location, seen time.Time) (time.Time, bool) {
	if t, ok := dates.Parse(raw, loc, seen); ok {
		return t, dates.Valid(t, seen)
	}
	return parsed, dates.Valid(parsed, seen)
}
