package page

import (
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// How a candidate list is scored. Each entry (a block holding exactly one
// headline link to an article page on the same site) earns
//
//	1
//	+ up to 2 for a headline's length (weight / 30, capped at 60: a
//	  Chinese headline of 15 characters or an English one of 60 letters
//	  earns all of it; menus of two-word links earn little)
//	+ 1.5 when the block shows a date (sidebars of links rarely do)
//	+ 0.5 when the link looks like an article (digits or a date in the
//	  path, an id in the query, a slug), not a column (index.html, list/)
//
// The candidate's score is the sum over its entries, times the share of
// its blocks that are entries (a group of mixed blocks is no list), times
// the context factors of the list's container and its ancestors:
//
//	× 0.1  inside nav, header, footer or aside, or an element whose class
//	       or id says menu, breadcrumb, footer, sidebar, friend links,
//	       pager, login (the strongest negative wins, once)
//	× 0.2  under a heading that names a sidebar: 热点, 热门, 排行, 推荐,
//	       专题, 友情链接, 相关, 阅读排行, 点击排行, Popular, Related,
//	       or a class or id that says hot, rank, recommend, related
//	× 0.6  a class or id "right" or "side" (the sidebar column of most
//	       Chinese layouts)
//	× 1.5  inside main, or a class or id that says main, list, news,
//	       article, content column (the strongest positive wins, once)
//
// So a main column of 20 dated headlines scores about 20 × 4.5 × 1.5 =
// 135, a 热点 sidebar of 10 dated headlines 10 × 4.5 × 0.2 = 9, and a menu
// of 8 short links 8 × 1.5 × 0.1 = 1.2.

// minHeadline is the weight below which a link text is a label, not a
// headline: "学校概况" (8) and "About Us" (8) are labels.
const minHeadline = 10

// maxBlockNodes bounds the nodes looked at in one block: an entry is
// small, and a block bigger than this is a column of the layout.
const maxBlockNodes = 400

// blockLinks is what one block holds: its headline link, if exactly one.
type blockLinks struct {
	anchor    *html.Node
	link      string
	title     string
	headlines int
	big       bool
}

// links reads the links of block b, within maxBlockNodes nodes. Each
// block is read once: it belongs to its parent's group only.
func (f *finder) links(b *html.Node) blockLinks {
	var bl blockLinks
	if !smaller(b, maxBlockNodes) {
		bl.big = true
		return bl
	}
	byURL := map[string]int{} // headline weight per distinct URL
	nodes := 0
	walk(b, func(n *html.Node) bool {
		nodes++
		if nodes > maxBlockNodes {
			bl.big = true
			return false
		}
		if n.Type != html.ElementNode || skipped(n) {
			return false
		}
		if n.DataAtom != atom.A {
			return true
		}
		ai := f.anchor(n)
		if !ai.ok {
			return false
		}
		u, t, w := ai.url, ai.title, ai.weight
		if _, ok := byURL[u]; !ok {
			bl.headlines++
		}
		// The link in a heading is the title; a "继续阅读…" link to the
		// same page is not, however long.
		if inHeading(n, b) {
			w += 1000
		} else if readMore(t) {
			w = 1
		}
		if w > byURL[u] {
			byURL[u] = w
			if bl.link == "" || bl.link == u {
				bl.anchor, bl.link, bl.title = n, u, t
			}
		}
		return false
	})
	return bl
}

// readMores start the text of a "read more" link.
var readMores = []string{"继续阅读", "阅读全文", "查看全文", "查看详情", "详细内容", "更多", "read more", "continue reading", "more »", "more>>", "more...", "learn more"}

func readMore(t string) bool { return startsWithAny(t, readMores) }

// startsWithAny reports whether t, in lower case, starts with one of
// prefixes.
func startsWithAny(t string, prefixes []string) bool {
	t = strings.ToLower(t)
	for _, p := range prefixes {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// anchorInfo is what the list finder needs of one link, worked out once
// however many nested blocks hold it.
type anchorInfo struct {
	url, title string
	weight     int
	ok         bool // a headline link to an article on the page's site
}

// anchor reads link a: its title first, as most links are too short to be
// headlines and need no URL parsing.
func (f *finder) anchor(a *html.Node) anchorInfo {
	if ai, ok := f.anchors[a]; ok {
		return ai
	}
	ai := anchorInfo{title: anchorTitle(a)}
	ai.weight = weight(ai.title)
	if ai.weight >= minHeadline && !prevNext(ai.title) && !label(ai.title) {
		ai.url = canonicalLink(attr(a, "href"), f.base)
		ai.ok = ai.url != "" && ai.url != f.self && f.site != "" && site(ai.url) == f.site
	}
	f.anchors[a] = ai
	return ai
}

// inHeading reports whether a link stands in a heading (h1 to h6, or an
// element whose class says title) inside block b.
func inHeading(a, b *html.Node) bool {
	for n := a; n != nil && n != b.Parent; n = n.Parent {
		switch n.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			return true
		}
		for _, t := range tokens(attr(n, "class")) {
			if t == "title" || t == "headline" {
				return true
			}
		}
	}
	return false
}

// smaller reports whether the tree under n has at most max nodes.
func smaller(n *html.Node, max int) bool {
	count := 0
	walk(n, func(*html.Node) bool {
		count++
		return count <= max
	})
	return count <= max
}

// label reports whether a link text is a category label in brackets,
// such as the "[通知公告]" link before a headline.
func label(t string) bool {
	for _, p := range [][2]string{{"[", "]"}, {"【", "】"}, {"(", ")"}, {"（", "）"}} {
		if strings.HasPrefix(t, p[0]) && strings.HasSuffix(t, p[1]) && !strings.Contains(t[len(p[0]):], p[0]) {
			return true
		}
	}
	return false
}

// prevNexts start the 上一条/下一条 links at an article's foot.
var prevNexts = []string{"上一条", "下一条", "上一篇", "下一篇", "上一页", "下一页", "上一个", "下一个", "previous post", "next post", "previous article", "next article", "« previous", "next »"}

func prevNext(t string) bool { return startsWithAny(t, prevNexts) }

// score scores one group of sibling blocks; ok is false when too few of
// them are entries.
func (f *finder) score(parent *html.Node, group []*html.Node, o *Options) (Candidate, bool) {
	c := Candidate{parents: []*html.Node{parent}, Blocks: len(group)}
	sum, titles := 0.0, 0
	for _, b := range group {
		bl := f.links(b)
		if bl.big || bl.headlines != 1 {
			continue
		}
		s := 1 + float64(min(weight(bl.title), 60))/30
		dated := false
		if d, ok := findDate(dateText(b, bl.anchor)); ok {
			_, _, dated = readDate(d, o.Location, o.Now)
		}
		if dated {
			s += 1.5
			c.Dated++
		}
		if articleLike(bl.link) {
			s += 0.5
		}
		c.members = append(c.members, block{node: b, anchor: bl.anchor, link: bl.link})
		sum += s
		titles += len([]rune(bl.title))
	}
	c.Items = len(c.members)
	if c.Items < minItems {
		return Candidate{}, false
	}
	share := float64(c.Items) / float64(c.Blocks)
	factor, why := context(parent)
	c.Score = round2(sum * share * factor)
	c.first = group[0]
	c.Reason = fmt.Sprintf("%d of %d <%s> blocks hold one headline link (%d characters on average), %d dated",
		c.Items, c.Blocks, group[0].Data, titles/c.Items, c.Dated)
	if why != "" {
		c.Reason += "; " + why
	}
	return c, true
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// articleDigits finds an id or a date in a link.
var articleDigits = regexp.MustCompile(`\d{3,}`)

// articleLike reports whether a link looks like an article page rather
// than a column: an id or a date in its path or query (ShowArticle.asp?
// ArticleID=655, index.php?…&id=345), or a slug of several words; not an
// index or list page without one.
func articleLike(u string) bool {
	p := u
	if i := strings.Index(p, "://"); i >= 0 {
		p = p[i+3:]
	}
	i := strings.IndexByte(p, '/')
	if i < 0 {
		return false
	}
	p, query, _ := strings.Cut(p[i:], "?")
	if articleDigits.MatchString(query) {
		return true
	}
	last := strings.TrimSuffix(p, "/")
	last = last[strings.LastIndexByte(last, '/')+1:]
	if strings.HasPrefix(last, "index") || strings.HasPrefix(last, "list") {
		return false
	}
	return articleDigits.MatchString(p) || strings.Count(last, "-") >= 2
}
