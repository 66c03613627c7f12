package junk

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

// A marker is a heading that starts the trailing blocks of a page (related
// links, rankings, disclaimers): it and everything after it are cut.
type marker struct {
	word string // folded, no spaces (see fold)
	// tail is how long the text after the marker and a separator may be for
	// the line to still be the heading: 0 allows only decoration, -1 any
	// length (disclaimers run long).
	tail int
	// english markers take only ":" or decoration after them, unless spaced
	// is set: "Related research shows…" is a sentence.
	english bool
	spaced  bool
}

const (
	shortTail = 40
	navTail   = 80
	anyTail   = -1
)

// trailingMarkers are kept in simplified, folded form: fold turns the
// traditional forms into these.
var trailingMarkers = []marker{
	{word: "推荐关注", tail: shortTail}, {word: "猜你喜欢", tail: shortTail},
	{word: "猜你感兴趣", tail: shortTail}, {word: "为你推荐", tail: shortTail},
	{word: "大家都在看", tail: shortTail},
	{word: "相关阅读", tail: shortTail}, {word: "相关新闻", tail: shortTail},
	{word: "相关报道", tail: shortTail}, {word: "相关报导", tail: shortTail}, {word: "相关文章", tail: shortTail},
	{word: "相关链接", tail: shortTail}, {word: "相关连结", tail: shortTail},
	{word: "相关推荐", tail: shortTail}, {word: "相关专题", tail: shortTail},
	{word: "延伸阅读", tail: shortTail}, {word: "推荐阅读", tail: shortTail},
	{word: "更多阅读", tail: shortTail}, {word: "往期回顾", tail: shortTail},
	{word: "往期推荐", tail: shortTail}, {word: "精彩回顾", tail: shortTail},
	{word: "热点", tail: shortTail}, {word: "热点推荐", tail: shortTail},
	{word: "热门推荐", tail: shortTail}, {word: "热门文章", tail: shortTail},
	{word: "今日热点", tail: shortTail}, {word: "点击排行", tail: shortTail},
	{word: "阅读排行", tail: shortTail}, {word: "排行榜", tail: shortTail},
	{word: "编辑推荐", tail: shortTail}, {word: "精彩推荐", tail: shortTail},
	{word: "上一篇", tail: navTail}, {word: "下一篇", tail: navTail},
	{word: "上一页", tail: navTail}, {word: "下一页", tail: navTail},
	{word: "版权声明", tail: anyTail}, {word: "免责声明", tail: anyTail},
	{word: "网站声明", tail: anyTail}, {word: "特别声明", tail: anyTail},
	{word: "关注我们", tail: shortTail}, {word: "欢迎关注", tail: shortTail},
	{word: "发表评论", tail: shortTail}, {word: "网友评论", tail: shortTail},
	{word: "我要评论", tail: shortTail}, {word: "友情链接", tail: shortTail}, {word: "友情连结", tail: shortTail},
	{word: "下载客户端", tail: shortTail}, {word: "下载用户端", tail: shortTail},
	{word: "扫一扫", tail: shortTail}, {word: "关键词", tail: shortTail},
	{word: "关键字", tail: shortTail}, {word: "标签", tail: shortTail},
	{word: "简介", tail: shortTail}, {word: "完"}, {word: "end", english: true},
	{word: "related", english: true}, {word: "relatedposts", english: true},
	{word: "relatedarticles", english: true}, {word: "relatedstories", english: true},
	{word: "relatedcontent", english: true}, {word: "sharethis", english: true},
	{word: "likethis", english: true}, {word: "morefrom", tail: shortTail, english: true, spaced: true},
	{word: "readmore", tail: navTail, english: true, spaced: true},
	{word: "continuereading", tail: navTail, english: true, spaced: true},
	{word: "subscribe", tail: shortTail, english: true, spaced: true},
	{word: "signupforournewsletter", tail: shortTail, english: true, spaced: true},
	{word: "youmightalsolike", english: true}, {word: "youmayalsolike", english: true},
}

// traditional maps the traditional characters of the marker, toolbar and
// byline words to their simplified forms, so one table serves both scripts.
var traditional = map[rune]rune{
	'關': '关', '閱': '阅', '讀': '读', '薦': '荐', '熱': '热', '點': '点', '責': '责',
	'編': '编', '輯': '辑', '聞': '闻', '報': '报', '導': '导', '鏈': '链', '結': '结',
	'連': '连', '門': '门', '擊': '击', '頁': '页', '權': '权', '聲': '声', '網': '网',
	'們': '们', '歡': '欢', '發': '发', '評': '评', '論': '论', '載': '载', '戶': '户',
	'掃': '扫', '鍵': '键', '詞': '词', '標': '标', '籤': '签', '簽': '签', '簡': '简',
	'閉': '闭', '視': '视', '體': '体', '號': '号', '碼': '码', '機': '机', '當': '当',
	'開': '开', '來': '来', '題': '题', '專': '专', '為': '为', '顧': '顾', '週': '周',
	'覽': '览', '瀏': '浏', '數': '数', '訪': '访', '問': '问', '審': '审', '對': '对',
	'記': '记', '訊': '讯', '員': '员', '佈': '布', '間': '间', '時': '时', '資': '资',
	'頂': '顶', '複': '复', '製': '制', '錯': '错', '糾': '纠', '預': '预', '設': '设',
	'選': '选', '單': '单', '這': '这', '裡': '里', '現': '现', '頻': '频', '動': '动',
	'態': '态', '後': '后', '務': '务', '給': '给', '電': '电', '腦': '脑', '圖': '图',
	'攝': '摄', '戲': '戏', '劃': '划', '級': '级', '類': '类', '廣': '广', '學': '学',
	'會': '会',
}

// fold prepares text for matching: width folded (full-width letters, digits
// and colons to ASCII), lower case, traditional characters simplified,
// whitespace runs to one space, trimmed.
func fold(s string) string {
	if folded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		if chars.CJK3(s, i) {
			if space {
				b.WriteByte(' ')
				space = false
			}
			if r := chars.Decode3(s, i); isTraditional(r) {
				b.WriteRune(traditional[r])
			} else {
				b.WriteString(s[i : i+3])
			}
			i += 3
			continue
		}
		r, size := chars.Next(s, i)
		i += size
		if chars.IsSpace(r) || chars.IsSpaceLike(r) {
			space = b.Len() > 0
			continue
		}
		if chars.IsZeroWidth(r) {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// foldRune folds one rune that is not space.
func foldRune(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + 'a' - 'A'
	case r < utf8.RuneSelf:
		return r
	case r >= chars.CJKFirst && r <= chars.CJKLast && !isTraditional(r):
		return r
	case r >= '！' && r <= '～': // full-width ASCII block
		r -= '！' - '!'
	case r == '﹕' || r == '∶':
		r = ':'
	}
	if r < utf8.RuneSelf {
		return unicode.ToLower(r) // full-width ASCII and colons: no traditional key is ASCII
	}
	if t, ok := traditional[r]; ok {
		r = t
	}
	return unicode.ToLower(r)
}

// folded reports whether fold(s) is s.
func folded(s string) bool {
	space := true // a space at the start would go
	for i := 0; i < len(s); {
		if chars.CJK3(s, i) {
			if r := chars.Decode3(s, i); isTraditional(r) {
				return false
			}
			space = false
			i += 3
			continue
		}
		r, size := chars.Next(s, i)
		switch {
		case r == ' ':
			if space {
				return false
			}
			space = true
			i++
			continue
		case r == utf8.RuneError && size == 1:
			return false // fold writes U+FFFD for it
		case chars.IsSpace(r), chars.IsSpaceLike(r), chars.IsZeroWidth(r), foldRune(r) != r:
			return false
		}
		space = false
		i += size
	}
	return !space || s == ""
}

// squeeze removes the spaces fold keeps: "热 点" matches "热点".
func squeeze(s string) string { return strings.ReplaceAll(s, " ", "") }

// decoration is what pages wrap headings and toolbar items in.
const decoration = "【】[]()<>《》〈〉«»「」『』〔〕〖〗■□●○◆◇▶►▸▼▽△▲→←↓↑·•・*-—–―_=|/\\~#+:> 　.…"

func trimDecoration(s string) string { return strings.TrimFunc(s, isDecoration) }

// markerSeparators may stand between a marker and what follows it on its
// line ("相关新闻：…", "热点 …", "【相关阅读】…").
const markerSeparators = ": |-—–>»】])/·"

// matchMarker reports whether a folded line is a trailing-block heading.
func matchMarker(key string) bool {
	s := strings.TrimLeftFunc(key, isDecoration)
	for _, m := range trailingMarkers {
		rest, ok := cutWord(s, m.word)
		if !ok {
			continue
		}
		if trimDecoration(rest) == "" || moreLink(rest) {
			return true
		}
		sep, size := utf8.DecodeRuneInString(rest)
		if !strings.ContainsRune(markerSeparators, sep) {
			continue // "相关新闻发布会…": the marker is part of a word
		}
		if m.english && sep != ':' && !m.spaced {
			continue
		}
		if tailFits(trimDecoration(rest[size:]), m.tail) {
			return true
		}
	}
	return false
}

// cutWord matches word at the start of s, ignoring spaces in s, and returns
// what follows.
func cutWord(s, word string) (string, bool) {
	i := 0
	for _, w := range word {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if size == 0 || r != w {
			return "", false
		}
		i += size
	}
	return s[i:], true
}

// moreLink reports the "more" links headings carry: "相关新闻 更多>>".
func moreLink(rest string) bool {
	switch squeeze(trimDecoration(rest)) {
	case "更多", "more", "查看更多":
		return true
	}
	return false
}

// tailFits reports whether what follows a marker is short enough to be part
// of a heading line rather than a sentence.
func tailFits(tail string, limit int) bool {
	switch {
	case limit == anyTail:
		return true
	case limit == 0:
		return tail == ""
	}
	n := chars.Count(tail)
	if n > limit {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(tail)
	return limit >= navTail || !strings.ContainsRune("。；;", last)
}
