package clean

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTitle(t *testing.T) {
	const eol = "中国教育在线 - 教育新闻"
	tests := []struct {
		name, raw, feed string
		strip           []string
		want            string
	}{
		{"seed item 1", "教育部召开2024年年中推进会 - 中国教育在线", eol, nil, "教育部召开2024年年中推进会"},
		{"seed item 2", "《教师生成式人工智能应用指引(第一版)》正式发布", eol, nil, "《教师生成式人工智能应用指引(第一版)》正式发布"},
		{"dash inside", "2024-2025学年第一学期校历", eol, nil, "2024-2025学年第一学期校历"},
		{"dash inside, site after", "2024-2025学年第一学期校历_中国教育在线", "", nil, "2024-2025学年第一学期校历"},
		{"only the site suffix", "COVID-19 - what schools need to know - BBC News", "BBC News - Education", nil,
			"COVID-19 - what schools need to know"},
		{"channel part", "高考志愿填报指南 - 教育新闻", eol, nil, "高考志愿填报指南"},
		{"two suffixes", "高考志愿填报指南 - 教育新闻 - 中国教育在线", eol, nil, "高考志愿填报指南"},
		{"underscore", "2025年研考报名人数公布_中国教育在线", "", nil, "2025年研考报名人数公布"},
		{"bare dash between Chinese", "2025年研考报名人数公布-中国教育新闻网", "", nil, "2025年研考报名人数公布"},
		{"full-width bar", "教育强国建设规划纲要发布｜人民网", "", nil, "教育强国建设规划纲要发布"},
		{"bar", "教育强国建设规划纲要发布 | 高考网", "", nil, "教育强国建设规划纲要发布"},
		{"double em dash", "教育强国建设规划纲要发布——新华网", "", nil, "教育强国建设规划纲要发布"},
		{"en dash", "Colleges weigh AI rules – Inside Higher Ed", "", nil, "Colleges weigh AI rules"},
		{"case", "Colleges weigh AI rules | EDSURGE NEWS", "", nil, "Colleges weigh AI rules"},
		{"prefix", "EdSurge | Colleges weigh AI rules", "", nil, "Colleges weigh AI rules"},
		{"spaced prefix", "中国教育在线 - 高考志愿填报指南", eol, nil, "高考志愿填报指南"},
		{"bare prefix is a headline", "人民网-新华网联合发布教育报告", "", nil, "人民网-新华网联合发布教育报告"},
		{"Latin hyphen is a word", "Funding cuts hit further-Education", "Education", nil, "Funding cuts hit further-Education"},
		{"no separator", "走进人民网", "", nil, "走进人民网"},
		{"site is most of the title", "北京 - 中国教育在线", "", nil, "北京 - 中国教育在线"},
		{"title is the site", "中国教育在线", eol, nil, "中国教育在线"},
		{"entities", "Q&amp;A: &quot;AI&quot; in class &#8211; notes", "", nil, `Q&A: "AI" in class – notes`},
		{"double escaped", "Q&amp;amp;A &amp;lt;b&amp;gt;now&amp;lt;/b&amp;gt;", "", nil, "Q&A now"},
		{"tags", "<b>教育部</b>召开<em>年中</em>推进会", "", nil, "教育部召开年中推进会"},
		{"br", "Line one<br/>Line two", "", nil, "Line one Line two"},
		{"escaped tags", "&lt;p&gt;教育部召开推进会&lt;/p&gt;", "", nil, "教育部召开推进会"},
		{"not a tag", "a < b and <三体> > c", "", nil, "a < b and <三体> > c"},
		{"spaces", "\u3000教育部\u00a0召开\r\n推进会\u200b\t ", "", nil, "教育部 召开 推进会"},
		{"forbidden characters", "教育\x00部\x08召开\ufffe推进会\x1e", "", nil, "教育部召开推进会"},
		{"invalid UTF-8", "教育\xff部", "", nil, "教育部"},
		{"strip pattern", "【快讯】教育部召开推进会（图）", "", []string{`^【快讯】`, `（图）$`}, "教育部召开推进会"},
		{"strip never empties", "【快讯】", "", []string{`^【快讯】$`}, "【快讯】"},
		{"strip after site", "【快讯】教育部召开推进会 - 人民网", "", []string{`^【快讯】`}, "教育部召开推进会"},
		{"empty", "  ", eol, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var strip []*regexp.Regexp
			for _, s := range tt.strip {
				strip = append(strip, regexp.MustCompile(s))
			}
			got := Title(tt.raw, tt.feed, strip)
			if got != tt.want {
				t.Errorf("Title(%q, %q) = %q, want %q", tt.raw, tt.feed, got, tt.want)
			}
			if again := Title(got, tt.feed, strip); again != got {
				t.Errorf("Title not idempotent: %q -> %q", got, again)
			}
		})
	}
}

func FuzzTitle(f *testing.F) {
	for _, s := range []string{
		"教育部召开2024年年中推进会 - 中国教育在线", "COVID-19 - what schools need to know - BBC News",
		"Q&amp;amp;A &lt;b&gt;x&lt;/b&gt;", "2024-2025学年第一学期校历", "a <!-- b", "\u3000x\x00y\xff",
		" - - ", "—— 人民网 ——", "|｜丨", "<A\xb1>", "<b&#8203;>x",
	} {
		f.Add(s, "中国教育在线 - 教育新闻")
	}
	f.Fuzz(func(t *testing.T, raw, feed string) {
		got := Title(raw, feed, nil)
		if !utf8.ValidString(got) {
			t.Fatalf("Title(%q) = %q: invalid UTF-8", raw, got)
		}
		if got != strings.TrimSpace(got) || strings.Contains(got, "  ") {
			t.Fatalf("Title(%q) = %q: whitespace not normalised", raw, got)
		}
		for _, r := range got {
			if r < ' ' || r == '\ufffe' || r == '\uffff' {
				t.Fatalf("Title(%q) = %q: forbidden %U", raw, got, r)
			}
		}
		// Escaping nested deeper than plainTitle unwinds is left as it is.
		if again := Title(got, feed, nil); again != got && !strings.Contains(got, "&") {
			t.Fatalf("Title not idempotent: %q -> %q -> %q", raw, got, again)
		}
		if strings.TrimSpace(raw) != "" && got == "" && plainTitle(raw) != "" {
			t.Fatalf("Title(%q) stripped to nothing", raw)
		}
	})
}

// TestSiteNamesOrder holds siteNames, which inserts the channel title's
// names into the known sites sorted once, to sorting them all, and
// hasSeparator to strings.ContainsAny, on random titles of separators,
// names, spaces, other characters and stray bytes.
func TestSiteNamesOrder(t *testing.T) {
	parts := []string{"中国教育在线", "人民网", "EdSurge", "EdSurge News", "教育新闻", "Site", "x",
		" - ", "-", "–", "—", "_", "|", "｜", "丨", "·", " ", "\xe2", "\x80\x93", "\xc2", "\xb7", "&amp;", "<b>"}
	rng := rand.New(rand.NewPCG(16, 17))
	withSep := 0
	for range 20000 {
		var sb strings.Builder
		for range rng.IntN(8) {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		s := sb.String()
		if got, want := hasSeparator(s), strings.ContainsAny(s, separators); got != want {
			t.Fatalf("hasSeparator(%q) = %v, want %v", s, got, want)
		} else if want {
			withSep++
		}
		want := slices.Clone(knownSites)
		if ft := plainTitle(s); ft != "" {
			want = append(want, ft)
			for _, p := range splitSeparators(ft) {
				if utf8.RuneCountInString(p) >= 2 {
					want = append(want, p)
				}
			}
		}
		if got := siteNames(s); !slices.Equal(got, sortSites(want)) {
			t.Fatalf("siteNames(%q) = %q, want %q", s, got, sortSites(want))
		}
	}
	if withSep < 1000 {
		t.Fatalf("%d titles with a separator, too few", withSep)
	}
	if !slices.Equal(sortedSites, sortSites(slices.Clone(knownSites))) || len(sortedSites) < 30 {
		t.Fatalf("sortedSites = %q", sortedSites)
	}
}
