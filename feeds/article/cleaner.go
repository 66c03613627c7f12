package article

import (
	"time"

	"github.com/edufeed/edufeed/feeds/clean"
	"github.com/edufeed/edufeed/feeds/dates"
	"github.com/edufeed/edufeed/feeds/junk"
	"github.com/edufeed/edufeed/feeds/sanitise"
	"github.com/edufeed/edufeed/feeds/urls"
)

// Every call into the cleaner's rooms (clean, dates, sanitise, junk, urls)
// stands in this file.

// Rules are a source's compiled cleaning rules (see junk.NewRules); nil
// means the built-in rules.
type Rules = junk.Rules

// cleanContent sanitises the container's HTML, makes links and images
// absolute against base and cuts the page junk the rules know.
func cleanContent(h, base string, r *Rules) string { return clean.Content(h, base, r) }

// plainText is the reader's text of cleaned HTML.
func plainText(h string) string { return sanitise.PlainText(h) }

// parseDate reads one date string in any form the sites write.
func parseDate(s string, loc *time.Location, now time.Time) (time.Time, bool) {
	t, ok := dates.Parse(s, loc, now)
	return t, ok && dates.Valid(t, now)
}

// dateFromText finds a labelled (or the first) credible date in text.
func dateFromText(s string, loc *time.Location, now time.Time) (time.Time, bool) {
	return dates.FromText(s, loc, now)
}

// dateFromLink reads a date written in a URL.
func dateFromLink(link string, loc *time.Location, now time.Time) (time.Time, bool) {
	return dates.FromLink(link, loc, now)
}

// resolve makes ref absolute against base; "" for what cannot be followed.
func resolve(ref, base string) string { return urls.Resolve(ref, base) }

// cleanTitle is a title as plain text, with the site's name (site, when
// known) and the source's strip patterns taken off.
func cleanTitle(s, site string, r *Rules) string { return clean.Title(s, site, r.TitleStrip()) }
