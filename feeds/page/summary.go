package page

import (
	"path"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// What a list shows of an entry besides its link and title: a machine
// date, a summary, a picture.

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
