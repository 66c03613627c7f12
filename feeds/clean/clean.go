// Package clean turns a parsed item into what a reader should see: safe HTML
// with the page junk cut, absolute links without tracking, a plain title and a
// true date. Everything here is a pure function: no I/O, no clock.
package clean

import (
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// Rules are a source's compiled cleaning rules.
type Rules struct{}

// NewRules compiles a source's rules. SKELETON: replaced by the implementation.
func NewRules(r feeds.CleanRules) (*Rules, error) { return &Rules{}, nil }

// Context is what cleaning an item needs to know besides the item.
type Context struct {
	FeedTitle string         // channel title, to recognise site-name suffixes in titles
	FeedLink  string         // channel link, base for relative links
	Base      string         // xml:base, preferred base when set
	Location  *time.Location // zone for naive dates; nil means Asia/Shanghai
	Seen      time.Time      // fetch time: "now" for relative dates and the last-resort date
	Rules     *Rules         // nil means the built-in rules only
}

// Item cleans one item. SKELETON: replaced by the implementation.
func Item(it feeds.Item, c Context) feeds.Item {
	if it.Published.IsZero() {
		it.Published, it.DateFrom = c.Seen, feeds.DateFromFirstSeen
	}
	return it
}
