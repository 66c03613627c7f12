package article

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

// The junk that sits inside article containers, cut element by element
// before clean sees the HTML: clean judges lines of text, and a pager or an
// info bar is one element whose lines each look innocent, or whose text is
// gone once its script is. Every rule looks at an element's whole text and
// takes the element only when all of it is junk, so that a paragraph that
// merely mentions 来源 or 版权 stays.

// maxJunk is longer than any bar, pager or notice: longer text is article.
const maxJunk = 200

// trimBox cuts the junk out of the container, and the headline when the
// container repeats it.
func trimBox(box *html.Node, title string, counts tally) {
	trimWithin(box, title, counts, hiddenFrom(box))
}

// trimWithin is trimBox; hidden says whether box or an element above it
// hides its text from the survey (true: the counts of no element in box
// rule its text out).
func trimWithin(box *html.Node, title string, counts tally, hidden bool) {
	titleKey := squeeze(title)
	titleRunes := int32(runeCount(title))
	// hidden says whether an element above the one judged hides its text
	// from the survey (see invisible), whose counts then say nothing of it.
	var walk func(n *html.Node, hidden bool)
	walk = func(n *html.Node, hidden bool) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.CommentNode {
				n.RemoveChild(c)
			} else if c.Type == html.ElementNode {
				if junkElement(c, titleKey, titleRunes, counts, !hidden) {
					n.RemoveChild(c)
				} else if k := counts[c]; k.all > maxJunk && holdsBlocks(c) || k.media > 0 || k.all == 0 {
					// A short block judged whole holds no junk of its own, nor
					// does a run of text and inline markup: clean reads its lines.
					walk(c, hidden || invisible(c.Data))
				}
			}
			c = next
		}
	}
	walk(box, hidden)
}

// hiddenFrom reports whether n or an element above it hides the text below
// it from the survey.
func hiddenFrom(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n.Type == html.ElementNode && invisible(n.Data) {
			return true
		}
	}
	return false
}

// junkElement reports whether n is junk. counted says that the survey
// counted n's text: no element above n hides it.
func junkElement(n *html.Node, titleKey string, titleRunes int32, counts tally, counted bool) bool {
	c := counts[n]
	switch n.Data {
	case "script", "style", "noscript", "template", "iframe", "object", "embed", "form",
		"input", "button", "select", "textarea":
		return c.docs == 0 // VSB wraps attachments in forms
	case "img":
		return qrImage(n)
	}
	if c.all > maxJunk && c.all != titleRunes {
		return false // most elements: article text
	}
	if n.Data != "a" && noisy(n) && c.docs == 0 {
		return true
	}
	if c.all > maxNotice && c.all != titleRunes {
		// Too long for every rule but those that read the start.
		key := keyOf(n, 16)
		return pagerText(key) || pressLine(key)
	}
	if counted && c.all == 0 {
		// No text: n's key is empty, or holds only the form and line feeds
		// the survey counts as space, which no rule below takes (nor the
		// title's key, which holds none). Most elements of a container
		// are markup around nothing, and the key would be written for each.
		return false
	}
	key, runes := keyRunes(n, maxJunk+1)
	if key == "" {
		return false
	}
	if titleKey != "" && key == titleKey && isElement(n, "h1", "h2", "h3", "h4", "p", "div", "strong") {
		return true // the headline, shown again in the body
	}
	if runes > maxJunk || c.docs > 0 {
		return false
	}
	if c.link > 0 && counts.linkShare(n) >= 0.5 && englishPager.MatchString(key) {
		return true
	}
	return pagerText(key) || pressLine(key) || pageLinks(n, key, counts) || infoLine(key, runes) ||
		noticeLine(key, runes) || qrLine(key, runes) || counterLine(key, runes) || separatorLine(key)
}

// inlineTag reports the elements that hold text, not blocks.
func inlineTag(tag string) bool {
	switch tag {
	case "a", "span", "strong", "b", "em", "i", "u", "font", "br", "sup", "sub", "small",
		"label", "abbr", "code", "s", "del", "ins", "mark":
		return true
	}
	return false
}

// holdsBlocks reports an element with a child element that is not inline
// markup: a block, an image, a script.
func holdsBlocks(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && !inlineTag(c.Data) {
			return true
		}
	}
	return false
}

// separatorLine is a rule drawn in text, as DedeCMS puts
// "------分隔线----------------------------" under every article.
func separatorLine(key string) bool {
	r, _ := utf8.DecodeRuneInString(key)
	return strings.ContainsRune("-—=_*·~", r) && separatorPattern(key)
}

var separatorPattern = regexp.MustCompile(`^[-—=_*·~]{3,}(?:分隔线|分割线|分隔線|分割線)?[-—=_*·~]*$`).MatchString

// squeeze removes all whitespace: "上 一 条" is 上一条.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\u3000' || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
}

// pagerWords open the links to the neighbouring articles and the article's
// own page links.
var pagerWords = []string{"上一条", "下一条", "上一篇", "下一篇", "上一頁", "下一頁", "上一页", "下一页",
	"上一則", "下一則", "上一则", "下一则", "回上一頁", "回上一页", "返回上一页", "返回上一頁", "返回列表"}

// englishPager is a post navigation line; it must be mostly links, as
// "Next year, …" is a sentence.
var englishPager = regexp.MustCompile(`^[«‹←]?(?:Previous|Next|Prev|Older|Newer)(?:post|article|story|entry)?[:»›→]`)

var pageNumbers = regexp.MustCompile(`^(?:首页|尾页|上一页|下一页|上页|下页|末页|第\d+页|共\d+页|\d+|[<>«»‹›]+|\.\.\.|…)+$`)

func pagerText(key string) bool {
	k := strings.TrimLeft(key, "【[(<«‹·• ")
	for _, w := range pagerWords {
		if strings.HasPrefix(k, w) {
			return true
		}
	}
	return false
}

// pageLinks reports the article's own pager: page numbers, 首页, 下一页,
// as links. A table cell of numbers is data.
func pageLinks(n *html.Node, key string, counts tally) bool {
	return counts[n].link > 0 && !isElement(n, "td", "th", "tr") && pageNumbers.MatchString(key)
}

// pressLine is the furniture of a press release: the release line, the
// press contact and the end mark.
func pressLine(key string) bool {
	if key != "" && (chars.CJK3(key, 0) || key[0] < utf8.RuneSelf && !strings.ContainsRune("fFcCmM-#", rune(key[0]))) {
		return false // lower case, the key starts as none of the lines does
	}
	l := strings.ToLower(key)
	switch {
	case strings.HasPrefix(l, "forimmediaterelease"), strings.Trim(l, "#") == "", l == "-30-":
		return true
	case strings.HasPrefix(l, "contact:") || strings.HasPrefix(l, "mediacontact"):
		return strings.Contains(l, "press") || strings.Contains(l, "media")
	}
	return false
}

// infoLabels make up the info bar under a title: "发布时间：… 来源：…
// 作者：… 浏览次数：…". Two of them on a short line make it one.
var infoLabels = newWordSet("发布时间", "发布日期", "发表时间", "更新时间", "时间:", "时间：", "日期:", "日期：",
	"来源", "來源", "作者", "浏览", "瀏覽", "点击", "點擊", "阅读", "字体", "字號", "字号", "编辑", "編輯",
	"發布時間", "發佈時間", "發布日期", "發佈日期", "发布单位", "發布單位", "发布人", "發布人", "打印", "关闭")

// infoLine reports an info bar; runes is runeLen(key), as for the other
// line rules.
func infoLine(key string, runes int) bool {
	if runes > 120 || strings.IndexByte(key, ':') < 0 && !strings.Contains(key, "：") && !strings.Contains(key, "打印") {
		return false // every label but the toolbar's takes a colon
	}
	return infoLabels.count(key) >= 2
}

// noticeWords mark copyright and reprint notices.
var noticeWords = newWordSet("版权所有", "版權所有", "转载请注明", "轉載請註明", "未经授权", "未經授權",
	"未经许可", "不得转载", "禁止转载", "Copyright", "copyright", "©", "AllRightsReserved",
	"Allrightsreserved", "ICP备", "ICP证", "网站标识码", "公网安备")

func noticeLine(key string, runes int) bool { return runes <= maxNotice && noticeWords.in(key) }

// maxNotice is longer than a copyright or reprint line.
const maxNotice = 120

// qrWords mark the 扫一扫 lines that offer the page on a phone.
var qrWords = newWordSet("扫一扫", "掃一掃", "扫码", "掃碼", "二维码", "二維碼", "手机打开", "手機打開", "手机阅读")

func qrLine(key string, runes int) bool { return runes <= 40 && qrWords.in(key) }

// counterLine is a click counter whose number a script writes:
// "浏览次数：", "点击数：" left bare once the script is gone.
func counterLine(key string, runes int) bool {
	return runes <= 12 && counterStart(key) && counterPattern(key)
}

// counterStart reports whether key starts as counterPattern needs: one of
// its words, after at most one opening bracket.
func counterStart(key string) bool {
	for _, b := range []string{"【", "[", "("} {
		if strings.HasPrefix(key, b) {
			key = key[len(b):]
			break
		}
	}
	for _, w := range counterWords {
		if strings.HasPrefix(key, w) {
			return true
		}
	}
	return false
}

var counterWords = []string{"浏览", "瀏覽", "点击", "點擊", "阅读", "閱讀", "访问"}

var counterPattern = regexp.MustCompile(`^[【\[(]?(?:浏览|瀏覽|点击|點擊|阅读|閱讀|访问)(?:次数|次數|数|數|量)?[:：]?\d*[】\])]?$`).MatchString

// qrImage reports an image of a QR code.
func qrImage(n *html.Node) bool {
	s := strings.ToLower(attr(n, "src") + " " + attr(n, "class") + " " + attr(n, "id") + " " + attr(n, "alt"))
	return qrNames.in(s)
}

var qrNames = newWordSet("qrcode", "qr-code", "qr_code", "erweima", "ewm", "二维码", "二維碼")
