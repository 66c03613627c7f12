// Package clean turns a parsed item into what a reader should see: safe HTML
// with the page junk cut, absolute links without tracking, a plain title and a
// true date. Everything here is a pure function: no I/O, no clock.
package clean

import (
	"golang.org/x/net/html"

	"strings"
	"time"

	"github.com/edufeed/edufeed/feeds/junk"
	"github.com/edufeed/edufeed/feeds/sanitise"
)

// Context is what cleaning an item needs to know besides the item.
type Context struct {
	FeedTitle string         // channel title, to recognise site-name suffixes in titles
	FeedLink  string         // channel link, base for relative links
	Base      string         // xml:base, preferred base when set
	Location  *time.Location // zone for naive dates; nil means Asia/Shanghai
	Seen      time.Time      // fetch time: "now" for relative dates and the last-resort date
	Rules     *junk.Rules    // nil means the built-in rules only
}

// Content cleans an item body: it sanitises the HTML (plain text becomes a
// paragraph per line), makes links and images absolute against base, cuts
// the page junk by the rules (nil: built-in rules) and renders what is
// left. The result is a sequence of block elements, at most
// sanitise.MaxContentBytes of them; cleaning it again changes nothing. Only
// the first few MiB of s are read: a body longer than that is cut anyway.
func Content(s, base string, r *junk.Rules) string {
	h, _, _ := content(s, base, r)
	return h
}

// content is Content, with the result's plain text as sanitise.PlainText
// gives it, and the bylines that open the body (see junk.Bylines), one a
// line: the cut leaves them out of the text, and they hold its date.
func content(s, base string, r *junk.Rules) (h, text, bylines string) {
	if strings.TrimSpace(s) == "" {
		return "", "", ""
	}
	blocks := sanitise.Blocks(s, base, r.Options())
	bylines = strings.Join(junk.Bylines(blocks), "\n")
	h, text = sanitise.Render(junk.Filter(blocks, r))
	sanitise.Recycle(blocks)
	return h, text, bylines
}

// ContentTree is Content for HTML already parsed, with the result's plain
// text: root's children are the body, and root is taken over (changed and
// emptied). A caller that holds a parsed page, as feeds/article does,
// spares a render and a parse.
func ContentTree(root *html.Node, base string, r *junk.Rules) (h, text string) {
	blocks := sanitise.BlocksOf(root, base, r.Options())
	h, text = sanitise.Render(junk.Filter(blocks, r))
	sanitise.Recycle(blocks)
	return h, text
}
