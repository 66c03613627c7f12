package page

import (
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

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
	// DateFrom is feeds.DateFromList, feeds.DateFromLink or "" (no date).
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
// the image becomes an enclosure, the date as written RawPublished, and a
// list date whose year was inferred is marked feeds.DateFromYearless.
func (it Item) FeedItem() feeds.Item {
	out := feeds.Item{
		Link: it.Link, Title: it.Title, Summary: it.Summary,
		Published: it.Published, DateFrom: it.DateFrom, RawPublished: it.DateText,
	}
	if it.YearInferred {
		// Ranked as inferred when copies merge, and placed by the
		// document's other dates (poll's placeYears).
		out.DateFrom = feeds.DateFromYearless
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
			it.Published, it.DateFrom, it.DateText, it.YearInferred = t, feeds.DateFromList, d.raw, inferred
		}
	}
	if t, raw, ok := machineDate(b, o); ok {
		it.Published, it.DateFrom, it.DateText, it.YearInferred = t, feeds.DateFromList, raw, false
	}
	it.applyLinkDate(o)
	it.Summary = summaryOf(b, a, link, base, it.Title)
	it.Image = imageOf(b, base)
	return it
}

// applyLinkDate takes the date in the link when the list gave none, or gave
// one without a year: the link's date (t20250110) is exact.
func (it *Item) applyLinkDate(o *Options) {
	if it.DateFrom == feeds.DateFromList && !it.YearInferred {
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
	text, _ := splitEdgeDate(strings.TrimLeft(squeeze(b.String()), "·•●■□◆◇►▪>》→- "))
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

// splitEdgeDate parts a link text that starts or ends with a date set off
// by brackets or a space ("[01-10] 标题", "标题 2025-01-10") into the title
// and the date. "1月10日，教育部…" is a sentence and stays whole.
func splitEdgeDate(s string) (title, date string) {
	d, ok := findDate(s)
	if !ok {
		return s, ""
	}
	const marks = "[]()【】（）|·- "
	i := strings.Index(s, d.raw)
	before, after := s[:i], s[i+len(d.raw):]
	next, _ := utf8.DecodeRuneInString(after)
	switch {
	case strings.Trim(before, marks) == "" && (after == "" || strings.ContainsRune(marks, next)):
		title = strings.TrimLeft(after, marks)
	case strings.Trim(after, marks) == "" && strings.HasSuffix(strings.TrimRight(before, "[(【（"), " "):
		title = strings.TrimRight(before, marks)
	default:
		return s, ""
	}
	if title == "" {
		return s, ""
	}
	return title, d.raw
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
	if _, d := splitEdgeDate(textOf(a)); d != "" {
		sb.WriteString(d)
		sb.WriteByte(' ')
	}
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
