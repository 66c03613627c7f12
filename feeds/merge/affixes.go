package merge

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxSiteRunes is the longest site name cut from a title.
const maxSiteRunes = 16

// knownSites are names that news sites write before or after headlines,
// lower-cased. A name ending in a media word (see siteEndings) needs no
// entry here.
var knownSites = []string{
	"中国教育在线", "教育部政府门户网站", "中华人民共和国教育部政府门户网站", "中国教育新闻网",
	"中国教育报", "人民网", "新华网", "新华社", "央视网", "中国新闻网", "中新网", "光明网",
	"中国青年网", "中青网", "澎湃新闻", "中国日报网", "中国网", "高考网", "中国高校之窗", "教育频道",
	"中国教育发布", "微言教育", "教育部", "学习强国", "新东方在线", "腾讯新闻", "网易新闻",
	"inside higher ed", "the hechinger report", "edsurge", "edsurge news", "education week",
	"the chronicle of higher education", "times higher education", "university world news",
	"chalkbeat", "the 74", "k-12 dive", "higher ed dive", "eschool news", "edutopia", "bbc news",
	"the guardian", "reuters", "ap news", "the new york times", "npr", "cgtn", "xinhua",
	"china daily", "global times",
}

// siteEndings are how Chinese media names end: 网, 在线, 日报, 新闻...
var siteEndings = []string{
	"网", "在线", "网站", "频道", "门户", "报", "社", "电视台", "广播", "客户端", "新闻", "资讯",
	"官网", "公众号", "发布", "教育", "app",
}

// looksLikeSite reports whether s, cut from a title at a dash, reads as a
// site's name rather than a subtitle ("——北京篇" is a subtitle).
func looksLikeSite(s string) bool {
	if slices.Contains(knownSites, s) {
		return true
	}
	if hasDigit(s) {
		return false
	}
	if strings.IndexFunc(s, isCJK) >= 0 {
		if utf8.RuneCountInString(s) > 12 {
			return false
		}
		for _, e := range siteEndings {
			if strings.HasSuffix(s, e) && s != e {
				return true
			}
		}
		return false
	}
	return len(strings.Fields(s)) <= 4
}

func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

// sepRun is a separator found in a title: t[start:end] holds it with the
// spaces around it.
type sepRun struct {
	start, end int
	strong     bool // a bar or underscore: sites use those for their names
}

// separators finds the separators a site name is set off by: bars and
// underscores anywhere; dashes when spaced or between two non-Latin
// characters ("k-12" and "2024-2025" are words); "·" only when spaced.
func separators(t string) []sepRun {
	var runs []sepRun
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		if !isSepRune(r) {
			i += size
			continue
		}
		j := i
		for j < len(t) {
			r2, s2 := utf8.DecodeRuneInString(t[j:])
			if !isSepRune(r2) {
				break
			}
			j += s2
		}
		run := t[i:j]
		start, end := i, j
		for start > 0 && t[start-1] == ' ' {
			start--
		}
		for end < len(t) && t[end] == ' ' {
			end++
		}
		spaced := start < i || end > j
		strong := strings.ContainsAny(run, "|丨_")
		ok := strong || spaced
		if !ok && run != "·" && !strings.Contains(run, "·") {
			before, _ := utf8.DecodeLastRuneInString(t[:i])
			after, _ := utf8.DecodeRuneInString(t[j:])
			ok = run != "-" || (before >= utf8.RuneSelf && after >= utf8.RuneSelf)
		}
		if ok && start > 0 && end < len(t) {
			runs = append(runs, sepRun{start: start, end: end, strong: strong})
		}
		i = j
	}
	return runs
}

func isSepRune(r rune) bool {
	switch r {
	case '|', '丨', '_', '-', '–', '—', '―', '·':
		return true
	}
	return false
}

// cutSiteAffixes removes site names set off by a separator from the end of
// a title, and from its start, again and again ("标题 - 教育新闻 - 中国教育在线"),
// as long as a headline of minTitleWeight remains (a knownSites name goes
// even when less remains, which then reads as generic). After a bar or an
// underscore any short name without digits goes (sites put channel names
// there too: "标题_高考_中国教育在线"); after a dash only what looksLikeSite.
// At the start only a bar or a spaced dash counts, and only before a name
// that looksLikeSite: "北京丨…" labels a place, not a site.
func cutSiteAffixes(t string) string {
	for range 4 {
		next := cutSiteSuffix(t)
		if next == t {
			next = cutSitePrefix(t)
		}
		if next == t {
			return t
		}
		t = next
	}
	return t
}

func cutSiteSuffix(t string) string {
	runs := separators(t)
	for i := len(runs) - 1; i >= 0; i-- {
		r := runs[i]
		name := t[r.end:]
		if utf8.RuneCountInString(name) > maxSiteRunes {
			break
		}
		rest := t[:r.start]
		if slices.Contains(knownSites, name) {
			// Even when little is left: "高考志愿 - 中国教育在线" is a
			// generic headline, not a long one.
			return rest
		}
		if titleWeight(rest) < minTitleWeight {
			break
		}
		if r.strong && (!hasDigit(name) || slices.Contains(knownSites, name)) || looksLikeSite(name) {
			return rest
		}
	}
	return t
}

func cutSitePrefix(t string) string {
	runs := separators(t)
	if len(runs) == 0 {
		return t
	}
	r := runs[0]
	name, rest := t[:r.start], t[r.end:]
	sep := strings.TrimSpace(t[r.start:r.end])
	if utf8.RuneCountInString(name) > maxSiteRunes || titleWeight(rest) < minTitleWeight {
		return t
	}
	if (strings.ContainsAny(sep, "|丨") || r.end-r.start > len(sep)) && looksLikeSite(name) {
		return rest
	}
	return t
}
