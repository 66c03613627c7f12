package page

import (
	"time"

	"github.com/edufeed/edufeed/feeds/dates"
	"github.com/edufeed/edufeed/feeds/urls"
)

// This file holds every call page makes into the date and link rules it
// shares with the feed path, so that moving those rules changes one import in one file.

// parseDate reads one date string in any form the feed path knows.
func parseDate(s string, loc *time.Location, now time.Time) (time.Time, bool) {
	return dates.Parse(s, loc, now)
}

// validDate reports whether t can be a real publication date at now.
func validDate(t, now time.Time) bool { return dates.Valid(t, now) }

// dateFromLink finds a date written in a URL path (/t20250110_1.html).
func dateFromLink(link string, loc *time.Location, now time.Time) (time.Time, bool) {
	return dates.FromLink(link, loc, now)
}

// canonicalLink makes href absolute against base and canonical: lower-case
// host, no fragment, no tracking parameters. Anything but http(s) gives "".
func canonicalLink(href, base string) string { return urls.Link(href, base) }

// resolve makes an href or src absolute against base, keeping its query;
// script and data URLs give "".
func resolve(ref, base string) string { return urls.Resolve(ref, base) }
