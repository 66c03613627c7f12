package article

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// dateLabelWords introduce the visible publication date ("发布时间：…").
var dateLabelWords = newWordSet("时间", "日期", "時間", "发布于", "發布於", "发表于", "Posted", "Published", "Date:", "Updated")

// dateLine finds the visible, labelled date line: first before the
// container (the info line under the title), then in it.
func dateLine(sv *survey, box *html.Node, around func() string, opts Options) (time.Time, bool) {
	var before, inside []*html.Node
	for _, n := range sv.labels {
		if n.Parent == nil || inLink(n) || inChrome(n.Parent) {
			continue
		}
		if within(n, box) {
			inside = append(inside, n)
		} else if precedes(n, box) {
			before = append(before, n)
		}
	}
	// The info line sits just above the body: the nearest label first,
	// a publication label before any other (更新日期 is not the date).
	tried := map[*html.Node]bool{}
	for _, words := range [][]string{publishWords, nil} {
		for i := len(before) - 1; i >= 0; i-- {
			if words != nil && !hasAny(before[i].Data, words) || words == nil && hasAny(before[i].Data, updateWords) {
				continue
			}
			if t, ok := dateNear(before[i], opts, tried); ok {
				return t, true
			}
		}
	}
	for _, n := range inside {
		if t, ok := dateNear(n, opts, tried); ok {
			return t, true
		}
	}
	if t, ok := dateIn(around(), opts); ok {
		return t, true
	}
	return time.Time{}, false
}

var (
	publishWords = []string{"发布", "發布", "發佈", "发表", "發表", "公告日期", "Posted", "Published"}
	updateWords  = []string{"更新", "修改", "Updated", "Modified"}
)

// dateIn reads the date of a date line; the forms isoDates knows are
// tried when the text date reader finds none.
func dateIn(s string, opts Options) (time.Time, bool) {
	if t, ok := dateFromText(s, opts.Location, opts.Now); ok {
		return t, true
	}
	if iso := isoDates(s, opts.Location); iso != s {
		return dateFromText(iso, opts.Location, opts.Now)
	}
	return time.Time{}, false
}

// dateNear reads a date from the text around a label: its own block, or
// the block's parent when the date stands in a sibling element.
func dateNear(n *html.Node, opts Options, tried map[*html.Node]bool) (time.Time, bool) {
	p := n.Parent
	for range 3 {
		if p == nil || tried[p] {
			break // labels that share a block are read once
		}
		tried[p] = true
		s := textOf(p, 300)
		if runeLen(s) >= 300 {
			break
		}
		if t, ok := dateIn(s, opts); ok {
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

func inLink(n *html.Node) bool { return hasAncestor(n, "a") }

// hasAncestor reports whether an element above n is one of tags.
func hasAncestor(n *html.Node, tags ...string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if isElement(p, tags...) {
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

// The labels of the author and source the page names in its info lines.
var (
	sourceLabel = []string{"来源", "來源", "出处", "Source", "公告單位", "公告单位", "發布單位", "发布单位", "發文單位", "发文单位"}
	authorLabel = []string{"作者", "撰稿", "记者", "記者", "撰文", "Author", "By"}
	// nextLabels end a value: the next label on the same line, an opening
	// bracket or bar; so does a date (see dateStart).
	nextLabels = []string{"分享", "扫一扫", "點閱", "点阅", "公告", "評論", "评论", "发布", "發布", "发表",
		"更新", "浏览", "瀏覽", "点击", "點擊", "阅读", "閱讀", "字体", "字號", "字号", "责任编辑", "責任編輯",
		"编辑", "編輯", "作者", "来源", "來源", "时间", "時間", "日期", "访问", "打印", "关闭", "审核", "摄影",
		"通讯员", "【", "[", "(", "（", "|", "｜"}
)

// labelValue is the value after the first of the labels in s that a colon
// follows, cut at the line's next label, at a line end and, for Chinese
// values, at a space.
func labelValue(s string, labels []string) string {
	at := labelAt(s, labels)
	if at < 0 {
		return ""
	}
	v := afterColon(s[at:])
	if i := strings.IndexByte(v, '\n'); i >= 0 {
		v = v[:i]
	}
	if i := nextLabelAt(v); i > 0 {
		v = v[:i]
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

// labelAt is where the first of the labels in s that a colon follows
// (spaces between) starts; -1 if none does. It looks back from each colon
// in turn, where searching for each label would read s once per label: no
// label holds a colon, so the first colon with a label before it has the
// first label ("来源于" is none).
func labelAt(s string, labels []string) int {
	// The colons are found by searching for each kind, not by a look at
	// every byte: the text around the container is most of a page's
	// lines, and it is read for the author and again for the source.
	ascii, wide := indexFrom(s, ":", 0), indexFrom(s, "：", 0)
	for ascii >= 0 || wide >= 0 {
		c := ascii
		if c < 0 || wide >= 0 && wide < c {
			c, wide = wide, indexFrom(s, "：", wide+1)
		} else {
			ascii = indexFrom(s, ":", ascii+1)
		}
		if at := labelBefore(s, c, labels); at >= 0 {
			return at
		}
	}
	return -1
}

// labelBefore is where the longest of the labels that ends just before
// s[colon] (spaces between) starts; -1 if none does.
func labelBefore(s string, colon int, labels []string) int {
	e := colon
	for e > 0 && s[e-1] == ' ' {
		e--
	}
	at := -1
	for _, l := range labels {
		if strings.HasSuffix(s[:e], l) && (at < 0 || e-len(l) < at) {
			at = e - len(l)
		}
	}
	return at
}

// indexFrom is the index in s of the first sep at or after from, -1 if
// none.
func indexFrom(s, sep string, from int) int {
	if i := strings.Index(s[from:], sep); i >= 0 {
		return from + i
	}
	return -1
}

// afterColon is what follows the first colon of s, spaces trimmed.
func afterColon(s string) string {
	i := strings.IndexAny(s, ":：")
	if i < 0 {
		return ""
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return strings.TrimLeft(s[i+size:], " ")
}

// nextLabelAt is where in v, after its first byte, the next label or a
// date ("2025-", "2025年") starts; -1 if nowhere.
func nextLabelAt(v string) int {
	at := -1
	for _, l := range nextLabels {
		if i := strings.Index(v[min(1, len(v)):], l); i >= 0 && (at < 0 || i+1 < at) {
			at = i + 1
		}
	}
	for i := 1; i+4 < len(v); i++ {
		if at >= 0 && i >= at {
			break
		}
		if isDigits(v[i:i+4]) && (i == 0 || !isDigit(v[i-1])) && strings.ContainsAny(v[i+4:i+5], "-/.") || isDigits(v[i:i+4]) && strings.HasPrefix(v[i+4:], "年") {
			return i
		}
	}
	return at
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// hasDigit is strings.ContainsAny(s, "0123456789") by bytes, without the
// set ContainsAny builds per call.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
