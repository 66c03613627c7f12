package page

import (
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// DateFromList marks a date read from the list page's own text next to the
// item's link. (The lead may move it to feeds beside the other sources.)
const DateFromList feeds.DateSource = "list"

// Item is one entry of a list page as the list shows it. It is page's own
// type rather than feeds.Item because it carries what only a list has (the
// date as written, whether its year was inferred, the block's text for
// telling a changed entry); FeedItem converts it.
type Item struct {
	// Link is absolute and canonical: no fragment, no tracking parameters.
	Link  string `json:"link"`
	Title string `json:"title"`
	// Published is the list's date of the item, or the date in its link;
	// zero when neither has one.
	Published time.Time `json:"published,omitzero"`
	// DateFrom is DateFromList, feeds.DateFromLink or "" (no date).
	DateFrom feeds.DateSource `json:"date_from,omitempty"`
	// DateText is the date as the list wrote it ("[2025-01-08]", "01-10").
	DateText string `json:"date_text,omitempty"`
	// YearInferred is true when the list gave no year: it was taken so that
	// the date is the most recent one not after the fetch time.
	YearInferred bool   `json:"year_inferred,omitempty"`
	Summary      string `json:"summary,omitempty"`
	Image        string `json:"image,omitempty"`
	// ListText is the whole text of the entry's block, for telling an entry
	// whose list text changed from one that did not.
	ListText string `json:"-"`
}

// FeedItem converts an entry to the item the rest of the pipeline takes;
// the image becomes an enclosure, the date as written RawPublished.
func (it Item) FeedItem() feeds.Item {
	out := feeds.Item{
		Link: it.Link, Title: it.Title, Summary: it.Summary,
		Published: it.Published, DateFrom: it.DateFrom, RawPublished: it.DateText,
	}
	if it.Image != "" {
		out.Enclosures = []feeds.Enclosure{{URL: it.Image, Type: imageType(it.Image)}}
	}
	return out
}

// FeedItems converts entries with FeedItem.
func FeedItems(items []Item) []feeds.Item {
	out := make([]feeds.Item, len(items))
	for i, it := range items {
		out[i] = it.FeedItem()
	}
	return out
}

func imageType(u string) string {
	switch strings.ToLower(path.Ext(strings.SplitN(u, "?", 2)[0])) {
	case ".png":
		return "image/png"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	case ".svg":
		return "image/svg+xml"
	}
	return "image/jpeg"
}

// entry reads one list block into an Item, given the block's main anchor
// and canonical link.
func entry(b *html.Node, a *html.Node, link, base string, o *Options) Item {
	it := Item{Link: link, Title: anchorTitle(a), ListText: textOf(b)}
	raw := dateText(b, a)
	if d, ok := findDate(raw); ok {
		if t, inferred, ok := readDate(d, o.Location, o.Now); ok {
			it.Published, it.DateFrom, it.DateText, it.YearInferred = t, DateFromList, d.raw, inferred
		}
	}
	if t, raw, ok := machineDate(b, o); ok {
		it.Published, it.DateFrom, it.DateText, it.YearInferred = t, DateFromList, raw, false
	}
	it.applyLinkDate(o)
	it.Summary = summaryOf(b, a, link, base, it.Title)
	it.Image = imageOf(b, base)
	return it
}

// applyLinkDate takes the date in the link when the list gave none, or gave
// one without a year: the link's date (t20250110) is exact.
func (it *Item) applyLinkDate(o *Options) {
	if it.DateFrom == DateFromList && !it.YearInferred {
		return
	}
	if t, ok := dateFromLink(it.Link, o.Location, o.Now); ok {
		it.Published, it.DateFrom, it.YearInferred = t, feeds.DateFromLink, false
	}
}

// anchorTitle is the full title of a link: its text, unless the site cut
// it short ("…", "...") or left it empty and the title attribute or an
// image's alt text says more. Date-only parts inside the link are not title.
func anchorTitle(a *html.Node) string {
	var b strings.Builder
	appendText(&b, a, func(n *html.Node) bool { return n != a && dateOnly(n) })
	text := strings.TrimLeft(squeeze(b.String()), "·•●■□◆◇►▪>》→- ")
	title := squeeze(attr(a, "title"))
	switch {
	case text == "":
		if title != "" {
			return title
		}
		if img := firstElement(a, atom.Img); img != nil {
			return squeeze(attr(img, "alt"))
		}
	case title != "" && weight(title) > weight(text) &&
		(truncated(text) || strings.HasPrefix(title, trimEllipsis(text))):
		return title
	}
	return text
}

// dateOnly reports whether an element's whole text is one date, as in
// <span class="date">2025-01-10</span>. It looks at a few nodes only, so
// that asking it of every element of a big link stays cheap.
func dateOnly(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	var b strings.Builder
	nodes := 0
	walk(n, func(c *html.Node) bool {
		nodes++
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		return nodes <= 8 && b.Len() <= 60 && !(c.Type == html.ElementNode && skipped(c))
	})
	if nodes > 8 || b.Len() > 60 {
		return false
	}
	s := strings.Trim(squeeze(b.String()), "[]()【】（）")
	if s == "" {
		return false
	}
	d, ok := findDate(s)
	return ok && strings.TrimSpace(d.raw) == strings.TrimSpace(s)
}

// dateText is the text in which a block's date is looked for: date-only
// parts of the link first, then the block's text outside the link, and for
// a bare link block (<a>…</a><span>date</span><br>) the text that follows
// it up to the next link.
func dateText(b, a *html.Node) string {
	var sb strings.Builder
	walk(a, func(n *html.Node) bool {
		if n != a && dateOnly(n) {
			sb.WriteString(textOf(n))
			sb.WriteByte(' ')
			return false
		}
		return true
	})
	appendText(&sb, b, func(n *html.Node) bool { return n == a })
	if b == a {
		for s := a.NextSibling; s != nil && sb.Len() < 200; s = s.NextSibling {
			if s.Type == html.ElementNode && s.DataAtom == atom.A {
				break
			}
			sb.WriteByte(' ')
			appendText(&sb, s, nil)
		}
	}
	return squeeze(sb.String())
}

// machineDate reads a <time datetime> in the block: more exact than the
// text beside it ("January 12, 2025").
func machineDate(b *html.Node, o *Options) (time.Time, string, bool) {
	tm := firstElement(b, atom.Time)
	if tm == nil {
		return time.Time{}, "", false
	}
	raw := strings.TrimSpace(attr(tm, "datetime"))
	t, ok := parseDate(raw, o.Location, o.Now)
	if !ok || !validDate(t, o.Now) {
		return time.Time{}, "", false
	}
	return t, raw, true
}

// summaryOf returns the longest text in the block outside its link that
// reads like a summary: long enough, not the date, not the title again.
// Links to the entry itself ("继续阅读…") are left out of it.
func summaryOf(b, a *html.Node, link, base, title string) string {
	best := ""
	self := func(n *html.Node) bool {
		return n.DataAtom == atom.A && canonicalLink(attr(n, "href"), base) == link
	}
	walk(b, func(n *html.Node) bool {
		if n == a || n.Type == html.ElementNode && skipped(n) {
			return false
		}
		if n.Type != html.ElementNode || n == b || contains(n, a) {
			return true
		}
		var sb strings.Builder
		appendText(&sb, n, self)
		t := strings.TrimRight(squeeze(sb.String()), " …")
		if weight(t) > weight(best) {
			best = t
		}
		return false
	})
	if weight(best) < 40 || best == title {
		return ""
	}
	if len(best) > 1000 {
		best = cutRunes(best, 1000)
	}
	return best
}

// imageOf returns a block's picture: the first image that is not an icon
// ("new.gif", bullets, spacers).
func imageOf(b *html.Node, base string) string {
	var out string
	walk(b, func(n *html.Node) bool {
		if out != "" {
			return false
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Img {
			src := attr(n, "src")
			for _, k := range []string{"data-src", "data-original"} {
				if v := attr(n, k); v != "" {
					src = v
				}
			}
			if u := resolve(src, base); strings.HasPrefix(u, "http") && !icon(n, u) {
				out = u
			}
		}
		return true
	})
	return out
}

func icon(img *html.Node, u string) bool {
	for _, k := range []string{"width", "height"} {
		if v, err := strconv.Atoi(strings.TrimSuffix(attr(img, k), "px")); err == nil && v > 0 && v < 30 {
			return true
		}
	}
	name := strings.ToLower(path.Base(strings.SplitN(u, "?", 2)[0]))
	for _, w := range []string{"icon", "ico_", "dot", "new.", "new_", "arrow", "bullet", "spacer", "blank", "point", "jt"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// contains reports whether n is d or one of d's ancestors.
func contains(n, d *html.Node) bool {
	for p := d; p != nil; p = p.Parent {
		if p == n {
			return true
		}
	}
	return false
}

func firstElement(n *html.Node, a atom.Atom) *html.Node {
	var out *html.Node
	walk(n, func(c *html.Node) bool {
		if out == nil && c.Type == html.ElementNode && c.DataAtom == a {
			out = c
		}
		return out == nil
	})
	return out
}

func cutRunes(s string, max int) string {
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
