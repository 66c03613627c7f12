package clean

import (
	"mime"
	"strings"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/dates"
	"github.com/edufeed/edufeed/feeds/internal/chars"
	"github.com/edufeed/edufeed/feeds/junk"
	"github.com/edufeed/edufeed/feeds/sanitise"
	"github.com/edufeed/edufeed/feeds/urls"
)

// chinaTime stands in for a nil Context.Location. A fixed zone, because
// loading Asia/Shanghai would read the zone database, and China has kept
// +08:00 without daylight saving since 1991.
var chinaTime = time.FixedZone("CST", 8*60*60)

// summaryLen is how many runes of text a derived summary keeps.
const summaryLen = 200

// minFeedSummary is the least a feed's own summary must say to be kept in
// place of one derived from the content.
const minFeedSummary = 20

// Item cleans one item: link, title, content, summary, date, people and
// categories, enclosures. The GUID and raw dates are kept as they came,
// unless they are longer than any real one (see MaxGUIDBytes and
// MaxRawDateBytes). Every field is held to the caps in limits.go.
// Cleaning a cleaned item leaves its link, title and content as they are.
func Item(it feeds.Item, c Context) feeds.Item {
	out := it
	r := c.Rules

	out.GUID = capGUID(it.GUID)
	out.RawPublished = rawDate(it.RawPublished)
	out.RawUpdated = rawDate(it.RawUpdated)
	out.Link = itemLink(it, firstOf(c.Base, c.FeedLink))
	base := firstOf(c.Base, out.Link, c.FeedLink)

	out.Title = Title(sanitise.Runes(it.Title), c.FeedTitle, r.TitleStrip())

	src := it.Content
	if strings.TrimSpace(src) == "" {
		src = it.Summary
	}
	var text, bylines string
	out.Content, text, bylines = content(src, base, r)
	out.Text = text
	out.Summary = summaryOf(it, text, base, r)

	loc := c.Location
	if loc == nil {
		loc = chinaTime
	}
	out.Published, out.DateFrom = Date(out, out.Link, bylines, text, loc, c.Seen)
	if !it.Updated.IsZero() && !dates.Valid(it.Updated, c.Seen) {
		out.Updated = time.Time{}
	}

	out.Authors = cleanNames(it.Authors, MaxAuthors)
	out.Categories = cleanNames(it.Categories, MaxCategories)
	out.Enclosures = cleanEnclosures(it.Enclosures, base)
	return out
}

// itemLink returns the item's link, or its GUID when that is a permalink
// and the link is missing, made absolute and normalised by Link; "" when
// there is none, it is not http(s) or it is longer than sanitise.MaxURLBytes.
func itemLink(it feeds.Item, base string) string {
	raw := it.Link
	if strings.TrimSpace(raw) == "" && it.GUIDIsLink {
		raw = it.GUID
	}
	if len(raw) > maxRawFieldBytes {
		return ""
	}
	raw = strings.TrimSpace(sanitise.Runes(raw))
	if raw == "" { // resolving "" would make the channel's home page the item's link
		return ""
	}
	if l := urls.Link(raw, base); len(l) <= sanitise.MaxURLBytes {
		return l
	}
	return ""
}

// rawDate keeps a raw date string unless it is too long to be a date.
func rawDate(s string) string {
	if len(s) > MaxRawDateBytes {
		return ""
	}
	return s
}

// summaryOf keeps the feed's own summary when it says something the start
// of the content does not; otherwise it derives one from the content.
func summaryOf(it feeds.Item, text, base string, r *junk.Rules) string {
	derived := Summary(text, summaryLen)
	if strings.TrimSpace(it.Content) == "" || strings.TrimSpace(it.Summary) == "" {
		return derived
	}
	_, ownText, _ := content(it.Summary, base, r)
	own := Summary(ownText, summaryLen)
	if chars.Count(own) < minFeedSummary || sameStart(text, own) {
		return derived
	}
	return own
}

// sameStart reports whether a summary is the content's first words, cut
// short with an ellipsis or not.
func sameStart(text, summary string) bool {
	s := strings.TrimRight(summary, ".… ")
	return strings.HasPrefix(noSpace(text), noSpace(s))
}

// cleanNames tidies authors and categories: plain text on one line each
// (tags and entities gone, as in titles), cut to MaxNameRunes, no empties,
// no duplicates (ignoring case), at most max of them.
func cleanNames(names []string, max int) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if len(out) == max {
			break
		}
		n = plainName(n)
		k := strings.ToLower(n)
		if n == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, n)
	}
	return out
}

// cleanEnclosures makes enclosure URLs absolute and drops the ones that
// cannot be fetched, are longer than sanitise.MaxURLBytes or repeat; it keeps at most
// MaxEnclosures. A type that is not a MIME type is dropped.
func cleanEnclosures(encs []feeds.Enclosure, base string) []feeds.Enclosure {
	var out []feeds.Enclosure
	seen := map[string]bool{}
	for _, e := range encs {
		if len(out) == MaxEnclosures {
			break
		}
		if len(e.URL) > maxRawFieldBytes {
			continue
		}
		e.URL = urls.Resolve(strings.TrimSpace(sanitise.Runes(e.URL)), base)
		if e.URL == "" || len(e.URL) > sanitise.MaxURLBytes || seen[e.URL] {
			continue
		}
		seen[e.URL] = true
		e.Type = mediaType(e.Type)
		out = append(out, e)
	}
	return out
}

// mediaType returns an enclosure type on one line when it is a MIME type
// ("audio/mpeg", "application/pdf; name=a.pdf"), else "".
func mediaType(s string) string {
	if len(s) > MaxTypeBytes {
		return ""
	}
	s = sanitise.OneLine(s)
	if mt, _, err := mime.ParseMediaType(s); err != nil || !strings.Contains(mt, "/") {
		return ""
	}
	return s
}

func noSpace(s string) string { return strings.Join(strings.Fields(s), "") }

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
