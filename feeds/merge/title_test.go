package merge

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestTitleKey(t *testing.T) {
	const moe = "教育部关于做好2025届全国普通高校毕业生就业创业工作的通知"
	tests := []struct {
		name, in, want string
	}{
		{"plain", "教育部召开2024年年中推进会", "教育部召开2024年年中推进会"},
		{"issuer before 关于", moe, moe},
		{"suffix after underscore", moe + "_中国教育在线", moe},
		{"suffix after full-width bar", moe + "｜高考网", moe},
		{"suffix after spaced bar", moe + " | 高考网", moe},
		{"suffix after spaced dash", moe + " - 中国教育新闻网", moe},
		{"suffix after em dashes", "教育部召开2024年年中推进会——中国教育报", "教育部召开2024年年中推进会"},
		{"suffix after full-width dash", "教育部召开2024年年中推进会－光明网", "教育部召开2024年年中推进会"},
		{"two suffixes", "教育部召开2024年年中推进会_教育频道_央视网", "教育部召开2024年年中推进会"},
		{"prefix site", "中国教育在线 | 教育部召开2024年年中推进会", "教育部召开2024年年中推进会"},
		{"channel label 转载", "【转载】" + moe, moe},
		{"channel label and colon", "独家：清华大学2025年本科招生计划增加150人", "清华大学2025年本科招生计划增加150人"},
		{"trailing channel label", "教育部召开2024年年中推进会（组图）", "教育部召开2024年年中推进会"},
		{"issuer label kept as text", "【教育部】关于做好2025届全国普通高校毕业生就业创业工作的通知", moe},
		{"place label kept", "【北京】2025年中考录取分数线公布", "北京2025年中考录取分数线公布"},
		{"subtitle after dash kept", "教育强国建设巡礼——北京篇", "教育强国建设巡礼北京篇"},
		{"hyphen inside words", "K-12 schools face teacher shortages in 2024-2025", "k12schoolsfaceteachershortagesin20242025"},
		{"full-width forms and spaces", "２０２５年全国硕士研究生招生考试　报名人数公布！", "2025年全国硕士研究生招生考试报名人数公布"},
		{"full-width punctuation", "“双减”政策实施三周年：作业负担明显减轻，课后服务全面覆盖。", "双减政策实施三周年作业负担明显减轻课后服务全面覆盖"},
		{"entities", "Students &amp; teachers rally for school funding", "studentsteachersrallyforschoolfunding"},
		{"double escaped", "Students &amp;amp; teachers rally for school funding", "studentsteachersrallyforschoolfunding"},
		{"tags", "<b>教育部</b>召开2024年年中推进会", "教育部召开2024年年中推进会"},
		{"english site suffix", "Teachers strike over pay in Chicago schools - BBC News", "teachersstrikeoverpayinchicagoschools"},
		{"english bar suffix", "Teachers strike over pay in Chicago schools | Chalkbeat", "teachersstrikeoverpayinchicagoschools"},
		{"long english dash tail kept", "Gaokao results are out - here is what students need to know", "gaokaoresultsareouthereiswhatstudentsneedtoknow"},
		{"name would leave too little", "高考志愿 - 中国教育在线", ""},

		{"school holiday notice", "关于2025年寒假放假安排的通知", ""},
		{"another school's holiday notice", "关于2025年寒假放假安排的通知_某某大学", ""},
		{"关于 with label", "【通知】关于做好2025年寒假学生安全工作的通知", ""},
		{"关于…安排 without 的", "关于2025年清明节放假安排", ""},
		{"forwarded notice", "转发教育部关于做好2025届全国普通高校毕业生就业创业工作的通知", ""},
		{"we the school", "我校召开2025年党风廉政建设工作会议", ""},
		{"notice naming no issuer", "2025年硕士研究生拟录取名单公示", ""},
		{"brochure naming no issuer", "2025年博士研究生招生简章_研究生院", ""},
		{"notice naming its issuer", "2025年无锡市教育局直属学校公开招聘教师公告", "2025年无锡市教育局直属学校公开招聘教师公告"},
		{"national notice", "2025年全国硕士研究生招生考试网上报名公告", "2025年全国硕士研究生招生考试网上报名公告"},
		{"generic word", "通知", ""},
		{"generic words", "图片新闻", ""},
		{"briefing with issue", "工作简报（第12期）", ""},
		{"briefing with date", "教育动态 2025年1月3日", ""},
		{"short chinese", "高考报名开始", ""},
		{"weekly update", "Weekly update", ""},
		{"weekly update with date", "Weekly Update: January 3, 2025", ""},
		{"newsletter number", "Newsletter No. 5", ""},
		{"roundup", "The News Roundup for the Week of Jan 6, 2025", ""},
		{"press release", "Press Release", ""},
		{"daily briefing", "Daily Briefing — Monday", ""},
		{"notice of", "Notice of Holiday Arrangements for the 2025 Spring Festival", ""},
		{"announcement regarding", "Announcement regarding the 2025 winter break schedule", ""},
		{"three words", "Schools reopen today", ""},
		{"empty", "", ""},
		{"only punctuation", "——｜【】", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TitleKey(tt.in); got != tt.want {
				t.Errorf("TitleKey(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Two schools' identical internal notices must not merge, while two sites'
// copies of one ministry notice must.
func TestTitleKeyAcrossSites(t *testing.T) {
	for _, title := range []string{
		"关于2025年寒假放假安排的通知",
		"关于2025年寒假放假安排的通知_甲大学",
		"关于2025年寒假放假安排的通知｜乙学院",
	} {
		if k := TitleKey(title); k != "" {
			t.Errorf("TitleKey(%q) = %q, want \"\"", title, k)
		}
	}
	// A name after a dash that looks like no site stays, which keeps two
	// schools' titles apart.
	if a, b := TitleKey("关于2025年寒假放假安排的通知 - 甲大学"), TitleKey("关于2025年寒假放假安排的通知 - 乙学院"); a == b && a != "" {
		t.Errorf("two schools' notices share the key %q", a)
	}
	a := TitleKey("教育部关于做好2025届全国普通高校毕业生就业创业工作的通知_中国教育在线")
	b := TitleKey("教育部关于做好2025届全国普通高校毕业生就业创业工作的通知 | 高考网")
	if a == "" || a != b {
		t.Errorf("ministry notice keys %q, %q: want equal and non-empty", a, b)
	}
}

func FuzzTitleKey(f *testing.F) {
	for _, s := range []string{
		"教育部关于做好2025届全国普通高校毕业生就业创业工作的通知_中国教育在线",
		"关于2025年寒假放假安排的通知",
		"【转载】独家｜教育强国建设巡礼——北京篇（组图）",
		"Weekly Update: January 3, 2025 | EdSurge",
		"Students &amp;amp; <b>teachers</b> rally - BBC News",
		"２０２５年　报名人数公布！",
		"a\xffb | c",
		"独家｜通知公告 第3期",
		"图片新闻：２０２５年 工作动态",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		// The parts made faster give what they gave before.
		norm := normTitle(title)
		if ref := refNormTitle(title); norm != ref {
			t.Fatalf("normTitle(%q) = %q, reference %q", title, norm, ref)
		}
		for _, s := range []string{title, norm} {
			if got, ref := keyChars(s), refKeyChars(s); got != ref {
				t.Fatalf("keyChars(%q) = %q, reference %q", s, got, ref)
			}
			if got, ref := cutLabel(s), refCutLabel(s); got != ref {
				t.Fatalf("cutLabel(%q) = %q, reference %q", s, got, ref)
			}
			if got, ref := onlyGenericWords(s), refOnlyGenericWords(s); got != ref {
				t.Fatalf("onlyGenericWords(%q) = %v, reference %v", s, got, ref)
			}
		}
		for _, r := range title {
			if got, want := isSepRune(r), strings.ContainsRune("|丨_-–—―·", r); got != want {
				t.Fatalf("isSepRune(%U) = %v, want %v", r, got, want)
			}
		}
		got := TitleKey(title)
		if got != TitleKey(title) {
			t.Fatalf("TitleKey(%q) is not deterministic", title)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("TitleKey(%q) = %q: invalid UTF-8", title, got)
		}
		if i := strings.IndexFunc(got, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
		}); i >= 0 {
			t.Fatalf("TitleKey(%q) = %q: keeps %q", title, got, got[i:])
		}
		if got != "" && strings.ToLower(got) != got {
			t.Fatalf("TitleKey(%q) = %q: not lower case", title, got)
		}
	})
}
