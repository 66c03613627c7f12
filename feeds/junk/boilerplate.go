package junk

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds/internal/chars"
	"github.com/edufeed/edufeed/feeds/sanitise"
)

// Filter returns the blocks of an article that are not page junk, in
// order: it applies the source's rules and then the built-in ones (nil r:
// the built-in ones only), drop rules first, then cuts. It reuses the
// array of blocks.
func Filter(blocks []sanitise.Block, r *Rules) []sanitise.Block {
	held := workBlocks.Get().(*[]block)
	all := slices.Grow((*held)[:0], len(blocks))[:len(blocks)]
	for i := range blocks {
		all[i].Block = blocks[i]
	}
	bs := r.filter(all) // the rules cut in place: bs is part of all
	out := blocks[:0]
	for i := range bs {
		out = append(out, bs[i].Block)
	}
	clear(blocks[len(out):]) // let go of the nodes cut
	if cap(all) <= maxPooledBlocks {
		clear(all) // the pool holds no page's nodes or text
		*held = all[:0]
		workBlocks.Put(held)
	}
	return out
}

// workBlocks keeps the arrays Filter works in between articles: each was
// a twentieth of what extracting an article allocated.
var workBlocks = sync.Pool{New: func() any { return new([]block) }}

// maxPooledBlocks is the most blocks an array goes back to the pool with,
// so that one huge article does not keep its array.
const maxPooledBlocks = 1024

// filter is Filter on blocks with room for what the rules read of them.
func (r *Rules) filter(blocks []block) []block {
	blocks = slices.DeleteFunc(blocks, r.dropped)
	blocks = blocks[:r.cutAfterAt(blocks)]
	if r.Builtin() {
		out := blocks[:0]
		for i := range blocks {
			b := &blocks[i]
			if b.Runes > maxChrome {
				b.stats = leadOf(b.Text) // the rules read no more of it
			} else {
				b.stats = foldStatsOf(b.Text)
			}
			b.cutByline() // what follows a byline may be chrome still
			if b.Runes > maxChrome || !b.chromeLine() {
				out = append(out, *b)
			}
		}
		blocks = cutAtMarker(out)
		// A cut tail can uncover another (a ranking above a link list).
		for {
			n := min(linkTail(blocks), listTail(blocks))
			if n == len(blocks) {
				break
			}
			blocks = blocks[:n]
		}
	}
	return tidyRules(blocks)
}

// realParagraph is the least an article must have before a cut: without it
// the "trailing" blocks would be the whole item.
const realParagraph = 10

func hasRealBefore(blocks []block) bool {
	return slices.ContainsFunc(blocks, realBlock)
}

func realBlock(b block) bool { return b.Runes >= realParagraph || b.Media }

// cutAtMarker cuts at the first marker line that follows real text. A marker
// before any text (a heading "简介" on a course listing) only loses its line.
func cutAtMarker(blocks []block) []block {
	out := blocks[:0]
	text := false
	for i := range blocks {
		b := &blocks[i]
		if b.marker() {
			if text {
				return out
			}
			continue
		}
		out = append(out, *b)
		text = text || realBlock(*b)
	}
	return out
}

// maxChrome is longer than any line of page furniture: longer blocks are
// not even looked at.
const maxChrome = 300

// toolbarWords make up print/close/font-size/share bars. Strong words make a
// line a toolbar; weak ones (大, 中, 小, 微信…) only go along with them.
var (
	strongToolbarWords = []string{
		"打印", "关闭", "打印本页", "打印此页", "打印文章", "打印页面", "打印本文", "关闭窗口",
		"关闭本页", "关闭此页", "列印", "列印本页", "关闭视窗", "字体", "字号",
		"扫一扫在手机打开当前页", "扫码查看手机版", "手机扫一扫", "在手机上打开", "返回顶部",
		"回到顶部", "返回列表", "回上一页", "返回上一页", "收藏本页", "加入收藏", "我要纠错", "纠错", "分享到", "分享至", "复制链接",
		"浏览次数", "阅读次数", "点击数", "点击次数", "访问量", "阅读量", "浏览量", "点击量",
		"print", "email", "share", "tweet",
	}
	weakToolbarWords = []string{
		"大", "中", "小", "默认", "标准", "放大", "缩小", "加大", "减小", "超大", "特大", "分享",
		"收藏", "微信", "微博", "新浪微博", "腾讯微博", "qq", "qq空间", "朋友圈", "豆瓣", "人人网",
		"复制", "链接", "字", "次", "facebook", "twitter", "linkedin", "whatsapp", "reddit",
	}
	strongToolbar = newPrefixWords(strongToolbarWords)
	weakToolbar   = newPrefixWords(weakToolbarWords)
)

// fontBar is the font-size selector: "【字体：大 中 小】", "字号：[大][中][小]",
// "字体:大|中|小" once decoration and spaces are gone.
var fontBar = regexp.MustCompile(`(?:字体|字号)(?:大中小|大小|小中大|默认|放大|缩小|tt)`)

// isToolbar reports print/close/share/font-size bars: lines made only of
// toolbar words, a share line, or a short line carrying a font-size bar.
func isToolbar(key string) bool { return toolbar(key, countChrome(key)) }

// toolbar is isToolbar, given what countChrome counts of key.
func toolbar(key string, c chromeCounts) bool {
	if !c.mayBeToolbar() {
		return false // most lines need no copy without the decoration
	}
	n := c.plain
	s := dropDecoration(key)
	switch {
	case (strings.Contains(s, "字体") || strings.Contains(s, "字号")) && fontBar.MatchString(s):
		return true
	case n > 60:
		return false
	case strings.HasPrefix(s, "分享到") || strings.HasPrefix(s, "分享至"):
		return n <= 40
	}
	return onlyToolbarWords(s)
}

// dropDecoration is s without its decoration, as strings.Map with a
// mapping that drops it gives it; but most keys hold none, and the scan
// that finds so passes over ideographs (none is decoration) undecoded.
func dropDecoration(s string) string {
	for i := 0; i < len(s); {
		if chars.CJK3(s, i) {
			i += 3
			continue
		}
		r, size := chars.Next(s, i)
		if isDecoration(r) || r == utf8.RuneError && size == 1 { // Map would change s
			return strings.Map(func(r rune) rune {
				if isDecoration(r) {
					return -1
				}
				return r
			}, s)
		}
		i += size
	}
	return s
}

// onlyToolbarWords consumes s word by word, longest word first, and reports
// whether nothing but toolbar words (and counts) remain, with one strong word.
func onlyToolbarWords(s string) bool {
	strong := false
	for s != "" {
		if w := strongToolbar.longest(s); w != "" {
			s, strong = s[len(w):], true
			continue
		}
		if w := weakToolbar.longest(s); w != "" {
			s = s[len(w):]
			continue
		}
		if d := len(s) - len(strings.TrimLeft(s, "0123456789")); d > 0 {
			s = s[d:]
			continue
		}
		return false
	}
	return strong
}

// prefixWords are words sorted by their first byte, so that finding the
// longest of them that starts a string looks only at the words that start
// with its first byte: toolbar asks at every word of every short line.
type prefixWords [256][]string

func newPrefixWords(words []string) *prefixWords {
	var p prefixWords
	for _, w := range words {
		if w != "" {
			p[w[0]] = append(p[w[0]], w)
		}
	}
	return &p
}

// longest is the longest of the words that starts s, "" for none.
func (p *prefixWords) longest(s string) string {
	if s == "" {
		return ""
	}
	best := ""
	for _, w := range p[s[0]] {
		if len(w) > len(best) && strings.HasPrefix(s, w) {
			best = w
		}
	}
	return best
}

// bylineWords open lines of page metadata: editors, sources, dates of
// publication. The source may be metadata; it is not article text.
var bylineWords = []string{
	"责任编辑", "编辑", "责编", "来源", "作者", "记者", "通讯员", "审核", "审校", "校对",
	"初审", "复审", "终审", "编审", "供稿", "撰稿", "摄影", "图片来源", "发布时间", "发布日期",
	"发布者", "更新时间", "稿件来源", "信息来源", "文章来源", "新闻来源", "本文来源", "实习编辑",
	"值班编辑", "网络编辑", "美编", "监制",
}

// maxByline keeps a paragraph that happens to start with "来源：" as text.
const maxByline = 60

// isByline reports "责任编辑：张三", "（编辑：李四）", "来源：教育部 发布时间：…".
func isByline(key string) bool { return byline(key, countChrome(key).trimmed) }

// byline is isByline, given the runes of key that are not space after the
// decoration it starts with.
func byline(key string, n int) bool {
	if n > maxByline {
		return false
	}
	s := squeeze(strings.TrimLeftFunc(key, isDecoration))
	for _, w := range bylineWords {
		if rest, ok := strings.CutPrefix(s, w); ok && strings.HasPrefix(rest, ":") {
			return true
		}
	}
	return false
}

var (
	positionWords = []string{"当前位置", "您现在的位置", "你现在的位置", "您的位置", "你的位置", "所在位置", "现在位置"}
	homeWords     = map[string]bool{"首页": true, "主页": true, "网站首页": true, "返回首页": true, "home": true}
	crumbSplit    = regexp.MustCompile(`>+|->|›|»|→|/|\\|\|`)
)

// isBreadcrumb reports "当前位置：首页 > 新闻" and "首页 > 新闻中心 > 教育动态".
func isBreadcrumb(key string) bool { return breadcrumb(key, countChrome(key).trimmed) }

// breadcrumb is isBreadcrumb, given the runes of key that are not space
// after the decoration it starts with.
func breadcrumb(key string, n int) bool {
	if n > 100 {
		return false
	}
	s := squeeze(strings.TrimLeftFunc(key, isDecoration))
	for _, w := range positionWords {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	if !startsWithHome(s) {
		return false
	}
	parts := crumbSplit.Split(s, -1)
	if len(parts) < 2 || !homeWords[trimDecoration(parts[0])] {
		return false
	}
	for _, p := range parts[1:] {
		if chars.Count(p) > 20 {
			return false
		}
	}
	return true
}

func startsWithHome(s string) bool {
	for w := range homeWords {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// englishChrome are WordPress and newsletter lines.
var englishChrome = regexp.MustCompile(`^(?:(?:like )?loading(?:\.\.\.|…)?|` +
	`click to (?:share|email|print)\b.*|the post .+ appeared first on .+|` +
	`this entry was posted in .+)$`)

func isEnglishChrome(key string) bool {
	// Every line the pattern takes starts with one of these letters.
	return key != "" && strings.IndexByte("lct", key[0]) >= 0 && englishChrome.MatchString(key)
}

// tidyRules drops horizontal rules at either end and doubled ones: what is
// left of a separator whose text was cut.
func tidyRules(blocks []block) []block {
	out := blocks[:0]
	for _, b := range blocks {
		if isRule(b) && (len(out) == 0 || isRule(out[len(out)-1])) {
			continue
		}
		out = append(out, b)
	}
	for len(out) > 0 && isRule(out[len(out)-1]) {
		out = out[:len(out)-1]
	}
	return out
}

func isRule(b block) bool {
	return b.Tag == "" && b.Nodes[0].Type == html.ElementNode && b.Nodes[0].Data == "hr"
}
