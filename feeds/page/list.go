package page

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ErrNoList is the error of a page in which no list of article links was
// found; errors.Is finds it behind the reason FindList adds.
var ErrNoList = errors.New("no list of article links found; set list.item")

// Options are what FindList needs besides the page.
type Options struct {
	// Now is the fetch time: year-less dates take their year from it and
	// dates after it are no dates. Required for year-less dates.
	Now time.Time
	// Location is the zone naive dates are read in (nil: Asia/Shanghai).
	Location *time.Location
	// Selectors, when not nil, replace the automatic search.
	Selectors *Compiled
	// MaxItems caps the entries returned (0: DefaultMaxItems).
	MaxItems int
}

// DefaultMaxItems is how many entries of one list page FindList returns
// when Options.MaxItems is 0; column pages show 10 to 50.
const DefaultMaxItems = 100

// List is the list FindList picked: its entries, and for showing the
// choice (edufeed try) the winning candidate and the runner-up.
type List struct {
	Items    []Item    `json:"items"`
	Chosen   Candidate `json:"chosen"`
	RunnerUp Candidate `json:"runner_up,omitzero"`
}

// Candidate is one group of repeated sibling blocks that FindList scored.
type Candidate struct {
	// Selector is a CSS selector of the group's blocks, usable as list.item.
	Selector string `json:"selector"`
	// Blocks is the number of sibling blocks; Items how many of them hold
	// one article link with a headline; Dated how many of those have a date.
	Blocks int     `json:"blocks"`
	Items  int     `json:"items"`
	Dated  int     `json:"dated"`
	Score  float64 `json:"score"`
	// Reason says in words how the score came about.
	Reason string `json:"reason"`

	parents []*html.Node // the container, or the twin containers of a split list
	first   *html.Node
	members []block
}

// block is one member of a candidate group that holds an article link.
type block struct {
	node, anchor *html.Node
	link         string
}

// maxGroupBlocks bounds how many blocks of one group are looked at: a
// sitemap of thousands of links costs no more than a long column.
const maxGroupBlocks = 1000

// minItems is how many entries make a list: two links in a row are a pair
// of buttons more often than a column.
const minItems = 3

// FindList finds the page's main list of articles, or uses o.Selectors
// when set. doc is the parsed page and base the URL it was fetched from
// (a <base href> in the page takes precedence). It fails with ErrNoList,
// and a reason, when no group of blocks qualifies.
//
// The search, in short: every element's children are grouped by tag name
// (li under ul, tr under tbody, div under div, dd under dl...); each group
// of at least three blocks is a candidate. A block counts as an entry when
// it holds exactly one link to an article page on the page's own site
// whose text (or title attribute) is headline-length. Each candidate is
// scored in score.go; the highest wins. The records of a 大汉 JCMS data
// block count as blocks too (datastore.go).
//
// With o.Selectors the configured blocks are read instead, and their links
// may lead to other sites (a university column linking to WeChat posts):
// the operator chose them.
func FindList(doc *html.Node, base string, o Options) (List, error) {
	if o.MaxItems <= 0 {
		o.MaxItems = DefaultMaxItems
	}
	base = findBase(doc, base)
	roots := append([]*html.Node{doc}, datastores(doc)...)
	if o.Selectors != nil {
		return o.Selectors.list(roots, base, &o)
	}
	f := finder{base: base, site: site(base), self: canonicalLink(base, ""),
		anchors: map[*html.Node]anchorInfo{}}
	var cands []Candidate
	for _, r := range roots {
		cands = append(cands, f.candidates(r, &o)...)
	}
	if len(cands) == 0 {
		return List{}, fmt.Errorf("%w (%s)", ErrNoList, whyNoList(doc, base))
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Score > cands[j].Score })
	chosen, rest := joinTwins(cands)
	l := List{Chosen: chosen}
	l.Chosen.Selector = selectorOf(roots, l.Chosen.parents, l.Chosen.first)
	if len(rest) > 0 {
		l.RunnerUp = rest[0]
		l.RunnerUp.Selector = selectorOf(roots, l.RunnerUp.parents, l.RunnerUp.first)
	}
	seen := map[string]bool{}
	for _, b := range l.Chosen.members {
		if seen[b.link] || len(l.Items) == o.MaxItems {
			continue
		}
		seen[b.link] = true
		l.Items = append(l.Items, entry(b.node, b.anchor, b.link, base, &o))
	}
	return l, nil
}

// finder holds one FindList's state.
type finder struct {
	base    string
	site    string // the page's registrable domain
	self    string // the page's own canonical URL: links to it are no entries
	anchors map[*html.Node]anchorInfo
}

// candidates collects and scores every group of sibling blocks that holds
// enough entries.
func (f *finder) candidates(doc *html.Node, o *Options) []Candidate {
	var out []Candidate
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return n.Type == html.DocumentNode
		}
		if skipped(n) || n.DataAtom == atom.Head {
			return false
		}
		for _, g := range childGroups(n) {
			if c, ok := f.score(n, g, o); ok {
				out = append(out, c)
			}
		}
		return true
	})
	return out
}

// childGroups returns n's element children grouped by tag, groups of fewer
// than minItems left out, in document order of their first member.
func childGroups(n *html.Node) [][]*html.Node {
	elements := 0
	for c := n.FirstChild; c != nil && elements < minItems; c = c.NextSibling {
		if c.Type == html.ElementNode {
			elements++
		}
	}
	if elements < minItems {
		return nil // most elements: no allocation
	}
	var groups [][]*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || skipped(c) {
			continue
		}
		i := 0
		for i < len(groups) && groups[i][0].Data != c.Data {
			i++
		}
		if i == len(groups) {
			groups = append(groups, nil)
		}
		if len(groups[i]) < maxGroupBlocks {
			groups[i] = append(groups[i], c)
		}
	}
	out := groups[:0]
	for _, g := range groups {
		if len(g) >= minItems {
			out = append(out, g)
		}
	}
	return out
}

// whyNoList names what the page is instead of a list, for the error.
func whyNoList(doc *html.Node, base string) string {
	links, password := 0, false
	walk(doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			switch {
			case n.DataAtom == atom.A && sameSite(canonicalLink(attr(n, "href"), base), base):
				links++
			case n.DataAtom == atom.Input && strings.EqualFold(attr(n, "type"), "password"):
				password = true
			}
		}
		return true
	})
	switch {
	case password:
		return "the page is a login form"
	case links == 0:
		return "the page has no links to its own site; it may need JavaScript"
	}
	return fmt.Sprintf("none of the page's %d links to its own site stands in a list of %d or more headlines", links, minItems)
}
