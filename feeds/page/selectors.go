package page

import (
	"errors"
	"fmt"
	"github.com/edufeed/edufeed/feeds"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Selectors are a source's own description of its list page (the config's
// list: {item, title, link, date, summary, date_format}), for pages where
// the automatic search picks wrong. Item selects the entries' blocks; the
// others select inside each block and default to the automatic reading.
type Selectors struct {
	Item, Title, Link, Date, Summary string
	// DateFormat is a Go time layout ("2006年01月02日", "01/02/2006") for
	// dates the built-in forms do not read; a layout without a year gives
	// year-less dates, whose year is inferred.
	DateFormat string
}

// Compiled are Selectors ready for FindList.
type Compiled struct {
	item, title, link, date, summary cascadia.Selector
	dateFormat                       string
	src                              Selectors
}

// SelectorError is a selector or date layout that does not compile. Key is
// the config key (list.item, list.date_format...), so that the config
// loader can point at the line that holds it.
type SelectorError struct {
	Key, Value string
	Err        error
}

func (e *SelectorError) Error() string {
	return fmt.Sprintf("%s %q: %v", e.Key, e.Value, e.Err)
}

func (e *SelectorError) Unwrap() error { return e.Err }

// Compile checks and compiles the selectors. An empty Selectors gives nil
// and no error: the automatic search. Any other selector needs Item.
func (s Selectors) Compile() (*Compiled, error) {
	if s == (Selectors{}) {
		return nil, nil
	}
	if strings.TrimSpace(s.Item) == "" {
		return nil, &SelectorError{Key: "list.item", Err: errors.New("list.item is required when other list keys are set")}
	}
	c := &Compiled{dateFormat: s.DateFormat, src: s}
	for _, f := range []struct {
		key, val string
		dst      *cascadia.Selector
	}{
		{"list.item", s.Item, &c.item}, {"list.title", s.Title, &c.title}, {"list.link", s.Link, &c.link},
		{"list.date", s.Date, &c.date}, {"list.summary", s.Summary, &c.summary},
	} {
		if strings.TrimSpace(f.val) == "" {
			continue
		}
		sel, err := cascadia.Compile(f.val)
		if err != nil {
			return nil, &SelectorError{Key: f.key, Value: f.val, Err: err}
		}
		*f.dst = sel
	}
	if s.DateFormat != "" {
		if err := checkLayout(s.DateFormat); err != nil {
			return nil, &SelectorError{Key: "list.date_format", Value: s.DateFormat, Err: err}
		}
	}
	return c, nil
}

// Validate reports whether the selectors compile; see Compile.
func (s Selectors) Validate() error {
	_, err := s.Compile()
	return err
}

// checkLayout accepts a Go layout that keeps a month and a day.
func checkLayout(layout string) error {
	ref := time.Date(2025, 11, 23, 15, 4, 5, 0, time.UTC)
	t, err := time.Parse(layout, ref.Format(layout))
	if err != nil || t.Month() != 11 || t.Day() != 23 {
		return errors.New("not a Go time layout with a month and a day (such as 2006-01-02)")
	}
	return nil
}

// list reads the entries the selectors describe. Links may lead off the
// site here: the operator chose them.
func (c *Compiled) list(roots []*html.Node, base string, o *Options) (List, error) {
	var blocks []*html.Node
	for _, r := range roots {
		blocks = append(blocks, cascadia.QueryAll(r, c.item)...)
	}
	cand := Candidate{Selector: c.src.Item, Blocks: len(blocks), Reason: "list.item selector from the configuration"}
	var l List
	seen := map[string]bool{}
	for _, b := range blocks {
		if len(l.Items) == o.MaxItems {
			break
		}
		if !smaller(b, maxSelectedNodes) {
			continue // a container, not an entry: "div" selects the page
		}
		a := c.anchor(b, base)
		if a == nil {
			continue
		}
		link := canonicalLink(attr(a, "href"), base)
		if link == "" || seen[link] {
			continue
		}
		seen[link] = true
		it := entry(b, a, link, base, o)
		if c.title != nil {
			if n := cascadia.Query(b, c.title); n != nil {
				if t := textOf(n); t != "" && !(truncated(t) && weight(it.Title) > weight(t)) {
					it.Title = t
				}
			}
		}
		if c.date != nil || c.dateFormat != "" {
			c.readDate(&it, b, a, o)
		}
		if c.summary != nil {
			if n := cascadia.Query(b, c.summary); n != nil {
				it.Summary = textOf(n)
			}
		}
		if it.Title == "" {
			continue
		}
		l.Items = append(l.Items, it)
		if it.DateFrom == feeds.DateFromList {
			cand.Dated++
		}
	}
	cand.Items = len(l.Items)
	l.Chosen = cand
	if len(l.Items) == 0 {
		return List{}, fmt.Errorf("%w (list.item %q matched %d blocks with no usable link)", ErrNoList, c.src.Item, len(blocks))
	}
	return l, nil
}

// maxSelectedNodes bounds an entry list.item selects; larger blocks are
// containers that a too-wide selector took.
const maxSelectedNodes = 4 * maxBlockNodes

// anchor finds a block's link: list.link's match (or the first link
// inside it), else the block's headline link, else its first link.
func (c *Compiled) anchor(b *html.Node, base string) *html.Node {
	if c.link != nil {
		n := cascadia.Query(b, c.link)
		if n == nil {
			return nil
		}
		if n.DataAtom == atom.A || attr(n, "href") != "" {
			return n
		}
		return firstLink(n)
	}
	if b.DataAtom == atom.A {
		return b
	}
	var best *html.Node
	bestW := -1
	walk(b, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.A && attr(n, "href") != "" {
			if w := weight(anchorTitle(n)); w > bestW && canonicalLink(attr(n, "href"), base) != "" {
				best, bestW = n, w
			}
			return false
		}
		return true
	})
	return best
}

func firstLink(n *html.Node) *html.Node {
	var out *html.Node
	walk(n, func(c *html.Node) bool {
		if out == nil && c.Type == html.ElementNode && c.DataAtom == atom.A && attr(c, "href") != "" {
			out = c
		}
		return out == nil
	})
	return out
}

// readDate sets an entry's date from list.date's text, read with
// date_format when set.
func (c *Compiled) readDate(it *Item, b, a *html.Node, o *Options) {
	raw := dateText(b, a)
	if c.date != nil {
		n := cascadia.Query(b, c.date)
		if n == nil {
			return
		}
		raw = textOf(n)
	}
	it.Published, it.DateFrom, it.DateText, it.YearInferred = time.Time{}, "", "", false
	if c.dateFormat != "" {
		if t, inferred, ok := readLayout(raw, c.dateFormat, o); ok {
			it.Published, it.DateFrom, it.DateText, it.YearInferred = t, feeds.DateFromList, raw, inferred
		}
	} else if d, ok := findDate(raw); ok {
		if t, inferred, ok := readDate(d, o.Location, o.Now); ok {
			it.Published, it.DateFrom, it.DateText, it.YearInferred = t, feeds.DateFromList, d.raw, inferred
		}
	}
	it.applyLinkDate(o)
}

// readLayout reads s with a Go layout, brackets around it ignored.
func readLayout(s, layout string, o *Options) (time.Time, bool, bool) {
	loc := o.Location
	if loc == nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "[]()【】（）"))
	t, err := time.ParseInLocation(layout, s, loc)
	if err != nil {
		return time.Time{}, false, false
	}
	inferred := false
	if t.Year() == 0 {
		if o.Now.IsZero() {
			return time.Time{}, false, false
		}
		y := o.Now.In(loc).Year()
		t = time.Date(y, t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
		if t.After(o.Now) && !sameDay(t, o.Now, loc) {
			t = t.AddDate(-1, 0, 0)
		}
		inferred = true
	}
	if !validDate(t, o.Now) {
		return time.Time{}, false, false
	}
	return t, inferred, true
}
