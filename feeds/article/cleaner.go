package article

import (
	"time"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds/clean"
	"github.com/edufeed/edufeed/feeds/dates"
	"github.com/edufeed/edufeed/feeds/junk"
	"github.com/edufeed/edufeed/feeds/urls"
)

// Every call into the cleaner's rooms (clean, dates, sanitise, junk, urls)
// stands in this file.

// Rules are a source's compiled cleaning rules (see junk.NewRules); nil
// means the built-in rules.
type Rules = junk.Rules

// cleanTree sanitises the container's body (root's children; root is
// taken over), makes links and images absolute against base and cuts the
// page junk the rules know; it returns the clean HTML and its plain text.
func cleanTree(root *html.Node, base string, r *Rules) (string, string) {
	return clean.ContentTree(root, base, r)
}

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

// cleanName makes an author, a source or a file name plain text that stays
// text when a reader takes it for HTML.
func cleanName(s string) string { return clean.Title(s, "", nil) }
