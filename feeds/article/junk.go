package article

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
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
func trimBox(box *html.Node, title string) {
	titleKey := squeeze(title)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.CommentNode {
				n.RemoveChild(c)
			} else if c.Type == html.ElementNode {
				if junkElement(c, titleKey) {
					n.RemoveChild(c)
				} else {
					walk(c)
				}
			}
			c = next
		}
	}
	walk(box)
}

func junkElement(n *html.Node, titleKey string) bool {
	switch n.Data {
	case "script", "style", "noscript", "template", "iframe", "object", "embed", "form",
		"input", "button", "select", "textarea":
		return !holdsDocLink(n) // VSB wraps attachments in forms
	case "img":
		return qrImage(n)
	}
	if n.Data != "a" && noisy(n) && runeCount(textOf(n, maxJunk*2)) <= maxJunk && !holdsDocLink(n) {
		return true
	}
	t := textOf(n, maxJunk+1)
	key := squeeze(t)
	if key == "" {
		return false
	}
	if titleKey != "" && key == titleKey && isElement(n, "h1", "h2", "h3", "h4", "p", "div", "strong") {
		return true // the headline, shown again in the body
	}
	if runeLen(key) > maxJunk || holdsDocLink(n) {
		return false
	}
	if englishPager.MatchString(key) && linkShare(n) >= 0.5 {
		return true
	}
	return pagerText(key) || pageLinks(n, key) || infoLine(key) || noticeLine(key) || qrLine(key) || counterLine(key)
}

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
	"上一則", "下一則", "上一则", "下一则"}

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
func pageLinks(n *html.Node, key string) bool {
	return !isElement(n, "td", "th", "tr") && pageNumbers.MatchString(key) && linkShare(n) > 0
}

// infoLabels make up the info bar under a title: "发布时间：… 来源：…
// 作者：… 浏览次数：…". Two of them on a short line make it one.
var infoLabels = []string{"发布时间", "发布日期", "发表时间", "更新时间", "时间:", "时间：", "日期:", "日期：",
	"来源", "來源", "作者", "浏览", "瀏覽", "点击", "點擊", "阅读", "字体", "字號", "字号", "编辑", "編輯",
	"發布時間", "發佈時間", "打印", "关闭"}

func infoLine(key string) bool {
	n := 0
	for _, l := range infoLabels {
		if strings.Contains(key, l) {
			n++
		}
	}
	return n >= 2 && runeLen(key) <= 120
}

// noticeWords mark copyright and reprint notices.
var noticeWords = []string{"版权所有", "版權所有", "转载请注明", "轉載請註明", "未经授权", "未經授權",
	"未经许可", "不得转载", "禁止转载", "Copyright", "copyright", "©", "AllRightsReserved",
	"Allrightsreserved", "ICP备", "ICP证", "网站标识码", "公网安备"}

func noticeLine(key string) bool { return hasAny(key, noticeWords) }

// qrWords mark the 扫一扫 lines that offer the page on a phone.
var qrWords = []string{"扫一扫", "掃一掃", "扫码", "掃碼", "二维码", "二維碼", "手机打开", "手機打開", "手机阅读"}

func qrLine(key string) bool { return runeLen(key) <= 40 && hasAny(key, qrWords) }

// counterLine is a click counter whose number a script writes:
// "浏览次数：", "点击数：" left bare once the script is gone.
var counterLine = regexp.MustCompile(`^[【\[(]?(?:浏览|瀏覽|点击|點擊|阅读|閱讀|访问)(?:次数|次數|数|數|量)?[:：]?\d*[】\])]?$`).MatchString

// qrImage reports an image of a QR code.
func qrImage(n *html.Node) bool {
	s := strings.ToLower(attr(n, "src") + " " + attr(n, "class") + " " + attr(n, "id") + " " + attr(n, "alt"))
	return hasAny(s, []string{"qrcode", "qr-code", "qr_code", "erweima", "ewm", "二维码", "二維碼"})
}

// linkShare is the share of n's text inside links.
func linkShare(n *html.Node) float64 {
	all, link := 0, 0
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			k := runeCount(c.Data)
			all += k
			if inLink(c) {
				link += k
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(link) / float64(all)
}

// holdsDocLink reports an element with a link to a document in it.
func holdsDocLink(n *html.Node) bool {
	if isElement(n, "a") && isDocLink(n) {
		return true
	}
	for c := range n.Descendants() {
		if isElement(c, "a") && isDocLink(c) {
			return true
		}
	}
	return false
}
