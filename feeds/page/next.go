package page

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// nextLabels are the texts of next-page links, compared after squeezing
// and lower-casing; 下一条/下一篇 lead to another article, not a page.
var nextLabel = regexp.MustCompile(`^(?:下一页|下页|下一頁|后页|後頁|较早文章|更早的文章|旧文章|next|next page|older posts|older entries|more news)\s*[›»>→]*$|^[›»>→]$`)

// createPageHTML is TRS WCM's pager script: createPageHTML(total, current,
// "index", "html"), newer ones with a div id first and a count after.
var createPageHTML = regexp.MustCompile(`createPageHTML\s*\(([^)]{0,200})\)`)

// NextPage returns the URL of the list's next page, or false when there is
// none. It tries, in turn: <link rel="next"> or <a rel="next">; a link
// whose text says next page (下一页, 下页, next, »); and TRS WCM's
// createPageHTML script, whose links may exist only in the script (page
// n of a column index.html is index_n.html). VSB's counting-down pages
// (zhxw.htm, then zhxw/36.htm, 35.htm...) are found by their 下页 link.
//
// base is the URL the page was fetched from (a <base href> in the page
// takes precedence); current is the list page's URL as the caller asked
// for it. The next page must be on the same site as current and differ
// from both; the caller still guards its loop with a Pager.
func NextPage(doc *html.Node, base, current string) (string, bool) {
	base = findBase(doc, base)
	self, here := canonicalLink(base, ""), canonicalLink(current, "")
	ok := func(u string) bool { return u != "" && u != self && u != here && sameSite(u, current) }
	var byRel, byText, byScript string
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return n.Type == html.DocumentNode
		}
		switch n.DataAtom {
		case atom.Link, atom.A:
			u := canonicalLink(attr(n, "href"), base)
			if !ok(u) {
				return false
			}
			if hasToken(attr(n, "rel"), "next") && byRel == "" {
				byRel = u
			}
			if n.DataAtom == atom.A && byText == "" && isNextLabel(n) {
				byText = u
			}
			return false
		case atom.Script:
			if byScript == "" {
				if u := trsNext(textOf(scriptText(n)), base); ok(u) {
					byScript = u
				}
			}
			return false
		}
		return true
	})
	for _, u := range []string{byRel, byText, byScript} {
		if u != "" {
			return u, true
		}
	}
	return "", false
}

// scriptText wraps a script's raw text so textOf reads it.
func scriptText(n *html.Node) *html.Node {
	if n.FirstChild != nil && n.FirstChild.Type == html.TextNode {
		return &html.Node{Type: html.DocumentNode, FirstChild: n.FirstChild, LastChild: n.FirstChild}
	}
	return &html.Node{Type: html.DocumentNode}
}

// isNextLabel reports whether a link's text, title or class says next page.
func isNextLabel(a *html.Node) bool {
	t := strings.Trim(strings.ToLower(textOf(a)), "[]【】 ")
	if t == "" {
		t = strings.ToLower(squeeze(attr(a, "title")))
	}
	if nextLabel.MatchString(t) {
		return true
	}
	for _, c := range tokens(attr(a, "class")) {
		if c == "next" && !prevNext(t) {
			return true
		}
	}
	return false
}

// trsNext reads TRS's createPageHTML(total, current, prefix, ext) call in a
// script and returns the next page's URL: page 0 is prefix.ext, page n
// prefix_n.ext, relative to the column.
func trsNext(script, base string) string {
	m := createPageHTML.FindStringSubmatch(script)
	if m == nil {
		return ""
	}
	var nums []int
	var strs []string
	for _, arg := range strings.Split(m[1], ",") {
		arg = strings.TrimSpace(arg)
		if n, err := strconv.Atoi(arg); err == nil {
			nums = append(nums, n)
		} else if len(nums) > 0 && len(arg) >= 2 && (arg[0] == '"' || arg[0] == '\'') {
			strs = append(strs, strings.Trim(arg, `"'`))
		}
	}
	if len(nums) < 2 || len(strs) < 2 {
		return ""
	}
	total, cur := nums[0], nums[1]
	if cur+1 >= total || total > 100000 || cur < 0 || !safeName(strs[0]) || !safeName(strs[1]) {
		return ""
	}
	return canonicalLink(fmt.Sprintf("%s_%d.%s", strs[0], cur+1, strs[1]), base)
}

func safeName(s string) bool {
	return s != "" && cssIdent(s)
}

// MaxPages is the most list pages one poll follows (the config's pages).
const MaxPages = 10

// Pager guards a caller's loop over next pages: it stops at its limit,
// at a page seen before (a loop) and at a page on another site.
//
//	p := page.NewPager(src.URL, src.Pages)
//	for u := src.URL; ; {
//		doc := fetchAndParse(u)
//		... page.FindList(doc, u, opts) ...
//		next, ok := page.NextPage(doc, u, src.URL)
//		if !ok || !p.Next(next) {
//			break
//		}
//		u = next
//	}
type Pager struct {
	start string
	limit int
	seen  map[string]bool
}

// NewPager starts a guard for a loop from the list page start that takes
// at most limit pages in all, limit clamped to 1..MaxPages.
func NewPager(start string, limit int) *Pager {
	limit = min(max(limit, 1), MaxPages)
	first := canonicalLink(start, "")
	return &Pager{start: first, limit: limit, seen: map[string]bool{first: true}}
}

// Next reports whether the loop may go on to next, and records it.
func (p *Pager) Next(next string) bool {
	u := canonicalLink(next, p.start)
	if u == "" || p.seen[u] || len(p.seen) >= p.limit || !sameSite(u, p.start) {
		return false
	}
	p.seen[u] = true
	return true
}
