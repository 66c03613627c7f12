// Package clean turns a parsed item into what a reader should see: safe HTML
// with the page junk cut, absolute links without tracking, a plain title and a
// true date. Everything here is a pure function: no I/O, no clock.
package clean

import (
	"strings"
	"time"

	"golang.org/x/net/html"
)

// Context is what cleaning an item needs to know besides the item.
type Context struct {
	FeedTitle string         // channel title, to recognise site-name suffixes in titles
	FeedLink  string         // channel link, base for relative links
	Base      string         // xml:base, preferred base when set
	Location  *time.Location // zone for naive dates; nil means Asia/Shanghai
	Seen      time.Time      // fetch time: "now" for relative dates and the last-resort date
	Rules     *Rules         // nil means the built-in rules only
}

// Content cleans an item body: it sanitises the HTML (plain text becomes a
// paragraph per line), makes links and images absolute against base, cuts
// the page's boilerplate by the rules (nil: built-in rules) and normalises
// the text. The result is a sequence of block elements, at most
// MaxContentBytes of them (see render); cleaning it again changes nothing.
// Only the first few MiB of s are read: a body longer than that is cut
// anyway.
func Content(s, base string, r *Rules) string {
	h, _ := content(s, base, r)
	return h
}

// content is Content, with the result's plain text as PlainText gives it,
// read from the blocks instead of parsing the result again.
func content(s, base string, r *Rules) (h, text string) {
	if strings.TrimSpace(s) == "" {
		return "", ""
	}
	s = cutBytes(s, maxRawContentBytes)
	if !looksLikeHTML(s) {
		s = textToHTML(s)
	}
	return ContentTree(parseFragment(s), base, r)
}

// ContentTree is Content for HTML already parsed, with the result's plain
// text (as PlainText gives it, read from the blocks): root's children are
// the body, and root is taken over (changed and emptied). A caller that
// holds a parsed page, as feeds/article does, spares a render and a parse.
func ContentTree(root *html.Node, base string, r *Rules) (h, text string) {
	blocks := r.filter(buildBlocks(sanitiseTree(prepared(root, base, r))))
	h, whole := render(blocks)
	if !whole {
		return h, PlainText(h) // the cut changed the blocks
	}
	return h, blocksText(blocks)
}
