package article

import (
	"regexp"
	"strings"
	"time"
	"unicode"

	"golang.org/x/net/html"
)

// dateLabelWords introduce the visible publication date ("发布时间：…").
var dateLabelWords = []string{"时间", "日期", "時間", "发布于", "發布於", "发表于", "Posted", "Published", "Date:", "Updated"}

// maxScan bounds the text nodes a search for the date line reads.
const maxScan = 20000

// dateLine finds the visible, labelled date line: first before the
// container (the info line under the title), then in it.
func dateLine(root, box *html.Node, opts Options) (time.Time, bool) {
	var before, inside []*html.Node
	seenBox, scanned := false, 0
	for n := range root.Descendants() {
		if scanned++; scanned > maxScan {
			break
		}
		if n == box {
			seenBox = true
		}
		if n.Type != html.TextNode || !hasAny(n.Data, dateLabelWords) || n.Parent == nil {
			continue
		}
		if inLink(n) || inChrome(n.Parent) || invisible[n.Parent.Data] {
			continue
		}
		if seenBox && within(n, box) {
			inside = append(inside, n)
		} else if !seenBox {
			before = append(before, n)
		}
	}
	// The info line sits just above the body: the nearest label first.
	for i := len(before) - 1; i >= 0; i-- {
		if t, ok := dateNear(before[i], opts); ok {
			return t, true
		}
	}
	for _, n := range inside {
		if t, ok := dateNear(n, opts); ok {
			return t, true
		}
	}
	if t, ok := dateFromText(infoText(box), opts.Location, opts.Now); ok {
		return t, true
	}
	return time.Time{}, false
}

// dateNear reads a date from the text around a label: its own block, or
// the block's parent when the date stands in a sibling element.
func dateNear(n *html.Node, opts Options) (time.Time, bool) {
	p := n.Parent
	for range 3 {
		if p == nil {
			break
		}
		s := textOf(p, 300)
		if runeLen(s) >= 300 {
			break
		}
		if t, ok := dateFromText(s, opts.Location, opts.Now); ok {
			return t, true
		}
		p = p.Parent
	}
	return time.Time{}, false
}

func hasAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func inLink(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if isElement(p, "a") {
			return true
		}
	}
	return false
}

func within(n, box *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p == box {
			return true
		}
	}
	return false
}

// infoText is the text around the container where pages put the date,
// source and author lines: the short blocks before it (up to three levels
// up) and the container's start and end.
func infoText(box *html.Node) string {
	var parts []string
	for p, level := box, 0; p != nil && p.Parent != nil && level < 3; p, level = p.Parent, level+1 {
		var sib []string
		for s := p.PrevSibling; s != nil && len(sib) < 4; s = s.PrevSibling {
			if t := textOf(s, 301); t != "" && runeLen(t) <= 300 && !inChrome(s) {
				sib = append([]string{t}, sib...)
			}
		}
		parts = append(sib, parts...)
	}
	all := textOf(box, 0)
	head := all
	if runeLen(head) > 300 {
		head = string([]rune(head)[:300])
	}
	parts = append(parts, head)
	if r := []rune(all); len(r) > 600 {
		parts = append(parts, string(r[len(r)-300:]))
	}
	return strings.Join(parts, "\n")
}

// byline is the author and source the page names in its info lines.
type byline struct{ author, source string }

// label is a byline label's pattern, with the words every match of it
// holds and the bytes that may precede them in a match: the pattern runs
// from just before the first of the words, since a search of the whole
// text with it cost as much as the rest of the byline together.
type label struct {
	re    *regexp.Regexp
	words []string
	lead  int
}

var (
	sourceLabel = label{regexp.MustCompile(`(?:信息|文章|稿件|新闻|本文)?(?:来源|來源|出处|Source)\s*[:：]\s*`),
		[]string{"来源", "來源", "出处", "Source"}, len("信息")}
	authorLabel = label{regexp.MustCompile(`(?:作者|撰稿|记者|記者|撰文|By|Author)\s*[:：]\s*`),
		[]string{"作者", "撰稿", "记者", "記者", "撰文", "By", "Author"}, 0}
	// nextLabel ends a value: the next label on the same line.
	nextLabel = regexp.MustCompile(`(?:分享|扫一扫|发布|發布|发表|更新|浏览|瀏覽|点击|點擊|阅读|閱讀|字体|字號|字号|责任编辑|責任編輯|编辑|編輯|作者|来源|來源|时间|時間|日期|访问|打印|关闭|审核|摄影|通讯员|[【\[(（|｜]|\d{4}[-年/.])`)
)

func readByline(box *html.Node) byline {
	s := infoText(box)
	return byline{author: labelValue(s, authorLabel), source: labelValue(s, sourceLabel)}
}

// labelValue is the value after the first label re matches in s, cut at
// the line's next label, at a line end and, for Chinese values, at a space.
func labelValue(s string, l label) string {
	first := -1
	for _, w := range l.words {
		if i := strings.Index(s, w); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	if first < 0 {
		return ""
	}
	// No match starts before first-lead: each holds a word at most lead
	// bytes after its start.
	from := max(first-l.lead, 0)
	loc := l.re.FindStringIndex(s[from:])
	if loc == nil {
		return ""
	}
	v := s[from+loc[1]:]
	if i := strings.IndexByte(v, '\n'); i >= 0 {
		v = v[:i]
	}
	if m := nextLabel.FindStringIndex(v); m != nil && m[0] > 0 {
		v = v[:m[0]]
	}
	v = strings.TrimSpace(v)
	if r := []rune(v); len(r) > 0 && r[0] > unicode.MaxLatin1 {
		if i := strings.IndexByte(v, ' '); i > 0 {
			v = v[:i]
		}
	}
	v = strings.Trim(v, " 　()（）[]【】|｜,，;；:：")
	if runeLen(v) > 40 || strings.ContainsAny(v, "<>") {
		return ""
	}
	return v
}
