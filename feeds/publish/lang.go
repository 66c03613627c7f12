package publish

import (
	"strconv"
	"strings"
)

// pageText is every word the status page says of its own, in one language.
// Each language is one value of it, below, so that a string added to the
// page is added to every language at once (TestPageTextComplete fails on
// one left empty).
type pageText struct {
	Lang string // the <html lang> of the page

	// The line of counts at the top.
	Stories, Sources, Failing, Channels plural

	JSONStatus, Newest, NoItems, Untitled, ByTag string
	StoreDown                                    string // followed by the store's error

	SourcesHead, SourcesNote                string
	SourcesSome                             string // a format of the rows shown and the total, followed by a link to the JSON status
	ColHealth, ColName, ColURL, ColTags     string
	ColSuccess, ColError, ColNext, ColItems string
	Never, BackoffUntil                     string
	// Health words by healthOK, healthFailing, …; kinds by what a URL
	// served (feeds.KindFeed, …); causes by errorCause's kinds.
	Health, Kinds, Causes map[string]string

	ChannelsHead, ChannelsNote, ChannelsOPML string
	ColChannel, ColFeeds                     string
}

// plural is a label that follows a count: One after 1, Other after any
// other number. Chinese has one form, written twice.
type plural struct{ One, Other string }

// of is the label for n things.
func (p plural) of(n int) string {
	if n == 1 {
		return p.One
	}
	return p.Other
}

var textEN = pageText{
	Lang:     "en",
	Stories:  plural{"story", "stories"},
	Sources:  plural{"source", "sources"},
	Failing:  plural{"failing", "failing"},
	Channels: plural{"channel", "channels"},

	JSONStatus: "JSON status", Newest: "Newest items", NoItems: "No items yet.", Untitled: "(untitled)",
	ByTag: "Feeds by tag", StoreDown: "The store cannot be read: ",

	SourcesHead: "Sources", SourcesNote: "Times in UTC. Each name links to the feed of that source alone.",
	SourcesSome: "The table lists %d of %d sources, failing ones first; all of them:",
	ColHealth:   "Health", ColName: "Name", ColURL: "URL", ColTags: "Tags",
	ColSuccess: "Last success", ColError: "Last error", ColNext: "Next poll", ColItems: "Items",
	Never: "never", BackoffUntil: "backoff until",
	Health: map[string]string{
		healthOK: "ok", healthFailing: "failing", healthDisabled: "disabled", healthPending: "pending",
	},
	Kinds: map[string]string{"feed": "feed", "discovered": "discovered feed", "list": "list page"},
	Causes: map[string]string{
		causeDNS: "cannot resolve host", causeHTTP: "HTTP %d", causeNoList: "no list found",
		causeRobots: "robots.txt forbids", causeTimeout: "timed out", causeLayout: "layout changed",
		causeTLS: "TLS certificate not trusted", causeRefused: "connection refused", causeReset: "connection reset",
		causeNotFeed: "not a feed", causeEmpty: "empty response", causeTooLarge: "response too large",
		causeRedirects: "too many redirects", causePrivate: "non-public address", causeOther: "error",
	},

	ChannelsHead: "Channels", ChannelsNote: "Each channel is a feed of its own.",
	ChannelsOPML: "Subscribe to all channels (OPML)", ColChannel: "Channel", ColFeeds: "Feeds",
}

var textZH = pageText{
	Lang:     "zh-CN",
	Stories:  plural{"条新闻", "条新闻"},
	Sources:  plural{"个来源", "个来源"},
	Failing:  plural{"个失败", "个失败"},
	Channels: plural{"个频道", "个频道"},

	JSONStatus: "JSON 状态", Newest: "最新条目", NoItems: "还没有条目。", Untitled: "（无标题）",
	ByTag: "按标签订阅", StoreDown: "无法读取存储：",

	SourcesHead: "来源", SourcesNote: "时间均为 UTC。点击名称可订阅该来源单独的源。",
	SourcesSome: "表中列出 %d 个来源（共 %d 个），失败的在前；全部来源见",
	ColHealth:   "状态", ColName: "名称", ColURL: "网址", ColTags: "标签",
	ColSuccess: "上次成功", ColError: "上次错误", ColNext: "下次抓取", ColItems: "条目",
	Never: "从未", BackoffUntil: "退避至",
	Health: map[string]string{
		healthOK: "正常", healthFailing: "失败", healthDisabled: "已停用", healthPending: "等待中",
	},
	Kinds: map[string]string{"feed": "订阅源", "discovered": "发现的订阅源", "list": "列表页"},
	Causes: map[string]string{
		causeDNS: "无法解析主机名", causeHTTP: "HTTP %d", causeNoList: "未找到文章列表",
		causeRobots: "robots.txt 禁止抓取", causeTimeout: "超时", causeLayout: "页面布局已改变",
		causeTLS: "TLS 证书不受信任", causeRefused: "连接被拒绝", causeReset: "连接被重置",
		causeNotFeed: "不是订阅源", causeEmpty: "响应为空", causeTooLarge: "响应过大",
		causeRedirects: "重定向过多", causePrivate: "非公网地址", causeOther: "错误",
	},

	ChannelsHead: "频道", ChannelsNote: "每个频道都是一个独立的订阅源。",
	ChannelsOPML: "一次订阅全部频道（OPML）", ColChannel: "频道", ColFeeds: "订阅源",
}

// languages are the page's languages, the fallback first. A language's
// index here is also its row cache's (statusRows.page).
var languages = [...]*pageText{&textEN, &textZH}

// pickLanguage returns the index in languages of the one that an
// Accept-Language header prefers: the one with the highest q-value among
// those it names (the first named on a tie), English when it names none
// of ours. Any Chinese counts as ours: a reader of traditional characters
// reads simplified ones better than English. Entries that do not parse are
// skipped, not the whole header.
func pickLanguage(header string) int {
	best, bestQ := 0, float32(0)
	for len(header) > 0 {
		var entry string
		entry, header, _ = strings.Cut(header, ",")
		tag, params, _ := strings.Cut(entry, ";")
		q := float32(1)
		if params = strings.TrimSpace(params); params != "" {
			v, ok := strings.CutPrefix(params, "q=")
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 32)
			if !ok || err != nil || f < 0 || f > 1 {
				continue
			}
			q = float32(f)
		}
		lang := strings.ToLower(strings.TrimSpace(tag))
		if j := strings.IndexAny(lang, "-_"); j >= 0 {
			lang = lang[:j]
		}
		i := -1
		switch lang {
		case "en":
			i = 0
		case "zh":
			i = 1
		}
		if i >= 0 && q > bestQ {
			best, bestQ = i, q
		}
	}
	return best
}
