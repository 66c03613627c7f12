package merge

import (
	"slices"
	"strings"
	"unicode"
)

// A title too generic to identify a story is given no key, because another
// source's unrelated item may carry the same words. The rules, on the title
// after its site name and labels are cut:
//
//  1. it weighs less than minTitleWeight (8 CJK characters, 4 words);
//  2. it is made only of genericWords, genericLatin words, dates and
//     issue numbers: "工作简报 第12期", "Weekly update: 2025-01-03";
//  3. it is an institution's notice that does not name the institution:
//     it starts with 关于 and ends in a document word (通知, 公告, 安排...),
//     or starts with 转发 (every school forwards the same ministry notice
//     under the same title), or its subject is "we" (我校, 我院, 本校...),
//     or it ends in a document word and names no body or place at all
//     ("2025年硕士研究生拟录取名单公示": every graduate school posts one);
//     English titles starting "Notice of", "Announcement regarding" and the
//     like count as the same shape.
func isGeneric(t, key string) bool {
	return titleWeight(t) < minTitleWeight || onlyGenericWords(t) || issuerless(t, key)
}

// genericWords are Chinese words that name a kind of item, not a story.
// Longer words come first so that 图片新闻 goes before 新闻.
var genericWords = sortedLongestFirst([]string{
	"通知", "公告", "通告", "公示", "简报", "动态", "新闻", "快讯", "周报", "月报", "要闻", "图片新闻",
	"通知公告", "工作动态", "教育动态", "新闻动态", "最新动态", "工作简报", "教育简报", "信息公开",
	"招生简章", "招聘公告", "招聘启事", "启事", "声明", "公报", "预告", "提醒", "温馨提示", "重要提示",
	"紧急通知", "重要通知", "会议通知", "放假通知", "一周要闻", "每周要闻", "本周要闻", "今日要闻",
	"校园新闻", "学校新闻", "综合新闻", "头条", "热点", "资讯", "最新消息", "更新", "公开", "其他",
	"工作", "教育", "信息", "专刊", "增刊", "特刊", "合刊", "汇总", "速览", "一览", "回顾", "摘要",
	"导读", "目录", "每日", "每周", "本周", "今日", "一周", "周刊", "日报", "新闻稿", "发布",
})

// genericLatin are English words that name a kind of item, or fill the
// titles made of such words ("The week in review").
var genericLatin = wordSet(`weekly daily monthly annual update updates news newsletter
	newsletters announcement announcements notice notices press release releases briefing
	briefings brief digest roundup round up bulletin headlines latest this week weeks month
	today today's todays s in review the a an of for and our from issue no vol volume edition
	number part special top stories story links notes reading recap wrap summary highlights
	media statement blog post podcast episode ep on at to info information events calendar
	st nd rd th jan feb mar apr may jun jul aug sep sept oct nov dec january february march
	april june july august september october november december monday tuesday wednesday
	thursday friday saturday sunday spring summer fall autumn winter`)

func wordSet(words string) map[string]bool {
	set := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// genericRunes are the characters of genericWords and dateRunes.
var genericRunes = func() map[rune]bool {
	set := make(map[rune]bool)
	for _, w := range append(slices.Clone(genericWords), dateRunes) {
		for _, r := range w {
			set[r] = true
		}
	}
	return set
}()

// dateRunes are what dates and issue numbers are written with in Chinese:
// "2025年第一季度", "第12期".
const dateRunes = "年月日号期第届卷周次版季度上中下半〇零一二三四五六七八九十百"

// onlyGenericWords reports whether every word of t is a generic word, a
// date or a number.
func onlyGenericWords(t string) bool {
	generic := true
	eachRun(t, func(run string, cjk bool) {
		if !generic {
			return
		}
		switch {
		case cjk:
			// Cutting words only takes characters away: one that is in
			// no generic word and no date stays, and the run is not
			// generic. Most titles have one, and skip the cutting.
			if strings.IndexFunc(run, func(r rune) bool { return !genericRunes[r] }) >= 0 {
				generic = false
				return
			}
			for _, w := range genericWords {
				run = strings.ReplaceAll(run, w, "")
			}
			generic = allIn(run, dateRunes)
		case strings.IndexFunc(run, unicode.IsLetter) >= 0:
			generic = genericLatin[run]
		}
	})
	return generic
}

// eachRun calls f with each run of CJK characters, and each word of other
// letters or digits, in s; digits split words ("no5" gives "no" and "5").
func eachRun(s string, f func(run string, cjk bool)) {
	start, kind := 0, 0 // kind: 0 none, 1 CJK, 2 letters, 3 digits
	flush := func(i int) {
		if kind != 0 && i > start {
			f(s[start:i], kind == 1)
		}
	}
	for i, r := range s {
		k := 0
		switch {
		case isCJK(r):
			k = 1
		case unicode.IsDigit(r):
			k = 3
		case unicode.IsLetter(r) || unicode.IsMark(r) || (r == '\'' || r == '’') && kind == 2:
			k = 2
		}
		if k != kind {
			flush(i)
			start, kind = i, k
		}
	}
	flush(len(s))
}

func allIn(s, set string) bool {
	for _, r := range s {
		if !strings.ContainsRune(set, r) {
			return false
		}
	}
	return true
}

// docWords end the titles of official documents: 关于…的通知.
var docWords = []string{"通知", "公告", "通告", "公示", "函", "通报", "安排", "说明"}

// noticeWords end the titles of notices that institutions post under the
// same words: 招生简章, 拟录取名单, 工作方案.
var noticeWords = []string{
	"通知", "公告", "通告", "公示", "通报", "安排", "说明", "简章", "名单", "方案", "办法", "细则",
	"启事", "须知", "指南",
}

// issuerMarks are the characters and words that names of bodies and places
// end in (教育部, 考试院, 北京大学, 无锡市); a notice title with none of them
// names no issuer.
var issuerMarks = []string{
	"部", "厅", "局", "委", "院", "校", "大学", "学院", "中学", "小学", "幼儿园", "中心", "政府",
	"办公室", "省", "市", "县", "区", "州", "国", "会", "所", "馆", "站", "社", "集团", "公司",
}

// selfSubjects start titles whose subject is the publishing institution
// itself, which every institution writes the same way.
var selfSubjects = []string{
	"我校", "我院", "我所", "我系", "我市", "我省", "我区", "我县", "我局", "我厅", "我部", "我委",
	"我司", "我中心", "本校", "本院",
}

// issuerless reports rule 3 of isGeneric: an institution's own notice
// written without naming the institution.
func issuerless(t, key string) bool {
	if strings.HasPrefix(key, "转发") {
		return true
	}
	if rest, ok := strings.CutPrefix(key, "关于"); ok && endsWithAny(rest, docWords) {
		return true
	}
	for _, s := range selfSubjects {
		if strings.HasPrefix(key, s) {
			return true
		}
	}
	if endsWithAny(key, noticeWords) && !slices.ContainsFunc(issuerMarks, func(m string) bool {
		return strings.Contains(key, m)
	}) {
		return true
	}
	var words []string
	eachRun(t, func(run string, cjk bool) {
		if !cjk && len(words) < 2 {
			words = append(words, run)
		}
	})
	return len(words) == 2 && strings.HasPrefix(t, words[0]) &&
		slices.Contains([]string{"notice", "notices", "announcement", "notification"}, words[0]) &&
		slices.Contains([]string{"of", "on", "regarding", "about", "concerning", "for"}, words[1])
}

func endsWithAny(s string, suffixes []string) bool {
	return slices.ContainsFunc(suffixes, func(x string) bool { return strings.HasSuffix(s, x) })
}

func sortedLongestFirst(words []string) []string {
	slices.SortStableFunc(words, func(a, b string) int { return len(b) - len(a) })
	return words
}
