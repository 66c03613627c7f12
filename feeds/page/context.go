package page

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/andybalholm/cascadia"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Class and id words, matched as whole tokens of the attribute ("news-list"
// holds "news" and "list"). score.go says what each group weighs.
var (
	layoutWords = words("nav navbar navigation menu menus submenu breadcrumb breadcrumbs crumb crumbs " +
		"footer foot copyright header topbar sidebar aside friend friends friendlink links yqlj " +
		"pager pages pagination paging login share social")
	sideWords = words("hot hots rank ranking phb djph tuijian recommend recommended related xgxw " +
		"popular trending zt topic topics special")
	columnWords = words("right side")
	mainWords   = words("main list lists newslist news article articles content con column lm primary " +
		"main-content maincontent listcon list_con")
)

// sideHeadings are the headings of sidebars and recommendation boxes, in
// simplified and traditional characters.
var sideHeadings = regexp.MustCompile(`热点|热门|排行|推荐|专题|友情链接|相关|点击|快速通道|常用链接|网站导航|熱點|熱門|推薦|專題|友情鏈接|相關|點擊|快速連結|(?i)popular|related|trending|most read|quick links`)

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// tokens splits a class or id into lower-case words.
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

// maxAncestors bounds the walk up from a list to the page's root.
const maxAncestors = 40

// context returns the factor the surroundings of a list's container give
// its score, and why, as score.go documents.
func context(container *html.Node) (float64, string) {
	neg, negWhy := 1.0, ""
	pos, posWhy := 1.0, ""
	lower := func(f float64, why string) {
		if f < neg {
			neg, negWhy = f, why
		}
	}
	level := 0
	for n := container; n != nil && n.Type == html.ElementNode && level < maxAncestors; n, level = n.Parent, level+1 {
		switch n.DataAtom {
		case atom.Nav, atom.Header, atom.Footer, atom.Aside:
			lower(0.1, fmt.Sprintf("inside <%s>", n.Data))
		case atom.Main:
			if pos < 1.5 {
				pos, posWhy = 1.5, "inside <main>"
			}
		}
		for _, k := range []string{"id", "class"} {
			v := attr(n, k)
			main, side := false, false // "side-list" is a side list
			for _, t := range tokens(v) {
				switch {
				case layoutWords[t]:
					lower(0.1, fmt.Sprintf("%s %q says layout", k, v))
					side = true
				case sideWords[t]:
					lower(0.2, fmt.Sprintf("%s %q says sidebar", k, v))
					side = true
				case columnWords[t]:
					lower(0.6, fmt.Sprintf("%s %q says side column", k, v))
					side = true
				case mainWords[t]:
					main = true
				}
			}
			if main && !side && pos < 1.5 {
				pos, posWhy = 1.5, fmt.Sprintf("main column (%s %q)", k, v)
			}
		}
		if level < 4 {
			if h := heading(n); h != "" {
				lower(0.2, fmt.Sprintf("under the heading %q", h))
			}
		}
	}
	why := strings.Trim(negWhy+"; "+posWhy, "; ")
	if neg < 1 {
		why = fmt.Sprintf("×%g %s", neg, negWhy)
		if posWhy != "" {
			why += fmt.Sprintf("; ×1.5 %s", posWhy)
		}
	} else if posWhy != "" {
		why = "×1.5 " + posWhy
	}
	return neg * pos, why
}

// heading returns the short text just before n (its two nearest previous
// element siblings) when it names a sidebar, such as <h3>热点新闻</h3>.
func heading(n *html.Node) string {
	seen := 0
	for s := n.PrevSibling; s != nil && seen < 2; s = s.PrevSibling {
		if s.Type != html.ElementNode || skipped(s) {
			continue
		}
		seen++
		t := textOf(s)
		if weight(t) <= 30 && sideHeadings.MatchString(t) {
			return t
		}
	}
	return ""
}

// selectorOf builds a CSS selector for a group's blocks that matches them
// and nothing else in doc: the container's path up from it (each step a
// tag with its id or first class), one level longer until it is exact, and
// failing that a path of nth-child steps from the root.
func selectorOf(roots []*html.Node, containers []*html.Node, first *html.Node) string {
	container := containers[0]
	for depth := 1; depth <= 8; depth++ {
		sel, top := pathSelector(container, first, depth, false)
		if exact(roots, sel, containers, first) {
			return sel
		}
		if top {
			break
		}
	}
	sel, _ := pathSelector(container, first, maxAncestors, true)
	return sel
}

// pathSelector writes the path of depth steps up from container; top is
// true when the path reached an id or the body, so longer ones add nothing.
func pathSelector(container, first *html.Node, depth int, nth bool) (string, bool) {
	var steps []string
	top := false
	for n, i := container, 0; n != nil && n.Type == html.ElementNode && i < depth; n, i = n.Parent, i+1 {
		step := tagOf(n)
		if id := attr(n, "id"); id != "" && !nth {
			if cssIdent(id) {
				step += "#" + id
			} else {
				step += fmt.Sprintf("[id=%q]", id)
			}
			steps = append(steps, step)
			top = true
			break
		}
		if cl := strings.Fields(attr(n, "class")); len(cl) > 0 && cssIdent(cl[0]) && !nth {
			step += "." + cl[0]
		}
		if nth && n.Parent != nil && n.Parent.Type == html.ElementNode {
			step += fmt.Sprintf(":nth-child(%d)", childIndex(n))
		}
		steps = append(steps, step)
		if n.DataAtom == atom.Body || n.DataAtom == atom.Html {
			top = true
			break
		}
	}
	slices.Reverse(steps)
	return strings.Join(append(steps, tagOf(first)), " > "), top
}

// tagOf is n's tag as a selector step: "*" for a name a selector cannot
// hold, which the HTML parser accepts ("a!").
func tagOf(n *html.Node) string {
	if cssIdent(n.Data) {
		return n.Data
	}
	return "*"
}

func childIndex(n *html.Node) int {
	i := 1
	for s := n.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type == html.ElementNode {
			i++
		}
	}
	return i
}

// exact reports whether sel matches, in the page and its data blocks,
// only children of the containers of first's tag.
func exact(roots []*html.Node, sel string, containers []*html.Node, first *html.Node) bool {
	m, err := cascadia.Compile(sel)
	if err != nil {
		return false
	}
	for _, r := range roots {
		for _, n := range m.MatchAll(r) {
			if !slices.Contains(containers, n.Parent) || n.Data != first.Data {
				return false
			}
		}
	}
	return true
}

// cssIdent reports whether s can stand in a selector unescaped.
func cssIdent(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' || s[0] == '-' && len(s) > 1 && s[1] >= '0' && s[1] <= '9' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
