package merge

import (
	"slices"
	"strings"
)

// channelWords are labels that say what kind of item a title is or where a
// site filed it, never which story: 【转载】, [视频], (组图), "独家|".
var channelWords = []string{
	"转载", "原创", "转发", "视频", "图文", "组图", "图", "多图", "快讯", "要闻", "头条", "独家",
	"关注", "聚焦", "专题", "热点", "最新", "置顶", "推荐", "重磅", "权威发布", "通知", "公告",
	"图片新闻", "新闻", "动态", "直播", "解读", "政策解读", "全文", "附全文", "突发", "更新", "荐读",
	"提醒", "深度", "评论", "观点", "时评", "社论", "最新消息", "新", "热", "荐", "顶", "转",
	"breaking", "update", "updated", "video", "photos", "live", "opinion", "analysis",
	"exclusive", "watch", "listen", "podcast", "sponsored", "new",
}

// labelBrackets pairs the brackets channel labels are written in, after
// NFKC (which turns "（" into "(" and "［" into "[").
var labelBrackets = [][2]string{{"【", "】"}, {"[", "]"}, {"〔", "〕"}, {"(", ")"}, {"〖", "〗"}}

// cutLabels removes channel labels from the start and end of a title: a
// bracketed channel word (【转载】, (组图)) or, at the start, a channel word
// followed by a colon, bar or exclamation mark ("独家|", "重磅!"). Other
// bracketed words stay: 【教育部】 names an issuer and 【北京】 a place.
func cutLabels(t string) string {
	for range 4 {
		next := strings.TrimSpace(cutLabel(t))
		if next == t || next == "" {
			return t
		}
		t = next
	}
	return t
}

func cutLabel(t string) string {
	for _, b := range labelBrackets {
		if rest, ok := strings.CutPrefix(t, b[0]); ok {
			if word, after, ok := strings.Cut(rest, b[1]); ok && isChannelWord(word) {
				return after
			}
		}
		if rest, ok := strings.CutSuffix(t, b[1]); ok {
			if i := strings.LastIndex(rest, b[0]); i >= 0 && isChannelWord(rest[i+len(b[0]):]) {
				return rest[:i]
			}
		}
	}
	if !strings.ContainsAny(t, ":|丨!") {
		return t // no separator to end a channel word
	}
	for _, w := range channelWords {
		rest, ok := strings.CutPrefix(t, w)
		if !ok {
			continue
		}
		rest = strings.TrimLeft(rest, " ")
		for _, sep := range []string{":", "|", "丨", "!"} {
			if after, ok := strings.CutPrefix(rest, sep); ok {
				return after
			}
		}
	}
	return t
}

func isChannelWord(s string) bool {
	return slices.Contains(channelWords, strings.TrimSpace(s))
}
