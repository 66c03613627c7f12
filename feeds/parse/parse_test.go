package parse

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// wantItem lists what a test checks of one parsed item. content is compared
// exactly unless contentPrefix is set; a zero published means "not parsed".
type wantItem struct {
	guid          string
	guidIsLink    bool
	link          string
	title         string
	content       string
	contentPrefix string
	summary       string
	authors       []string
	categories    []string
	enclosures    []feeds.Enclosure
	rawPublished  string
	rawUpdated    string
	published     string // RFC 3339, "" for none
}

type wantFeed struct {
	title, link, description, language, base string
	ttl                                      int
	items                                    []wantItem
}

func TestParseFormats(t *testing.T) {
	tests := []struct {
		file string
		want wantFeed
	}{
		{
			file: "seed-feed.xml",
			want: wantFeed{
				title: "中国教育在线 - 教育新闻", link: "https://news.example.edu.cn/", description: "教育新闻",
				items: []wantItem{
					{
						guid:          "eol-20240724-001",
						link:          "/news/2024/0724/moe-midyear.shtml?utm_source=rss&utm_medium=feed",
						title:         "教育部召开2024年年中推进会 - 中国教育在线",
						contentPrefix: "<p>7月23日,教育部召开年中推进会,",
						rawPublished:  "Thu, 01 Jan 1970 00:00:00 +0000",
						published:     "1970-01-01T00:00:00Z",
					},
					{
						guid:         "https://news.example.edu.cn/2025/1120/ai-guide.shtml",
						guidIsLink:   true,
						link:         "https://news.example.edu.cn/2025/1120/ai-guide.shtml",
						title:        "《教师生成式人工智能应用指引(第一版)》正式发布",
						content:      "<p>指引对教师在教学中使用生成式人工智能提出了具体要求。</p><p>责任编辑：张三</p><p>【打印】【关闭】</p>",
						rawPublished: "2025年11月20日 09:30",
					},
				},
			},
		},
		{
			file: "rss091.xml",
			want: wantFeed{
				title: "北京市教育考试院 - 考试动态", link: "https://www.bjeea.example.cn/",
				description: "北京市教育考试院发布的考试动态与通知公告", language: "zh-cn",
				items: []wantItem{
					{
						link:    "https://www.bjeea.example.cn/html/gkgz/tzgg/2025/1104/86521.html",
						title:   "2026年北京市高考报名工作安排公布",
						content: "2026年北京市普通高等学校招生报名工作将于11月13日至19日进行，考生须在规定时间内登录报名系统完成网上报名。",
					},
					{
						link:    "https://www.bjeea.example.cn/html/jszg/2026/0105/86790.html",
						title:   "关于2026年上半年中小学教师资格考试（笔试）的公告",
						content: "笔试报名时间为1月9日至12日，考试时间为3月8日。报名费&考务费标准按北京市发展改革委规定执行。",
					},
				},
			},
		},
		{
			file: "rss10-rdf.xml",
			want: wantFeed{
				title: "Education Research Notes", link: "https://edu-research.example.org/",
				description: "Working papers on assessment and school policy.", language: "en",
				base: "https://edu-research.example.org/",
				items: []wantItem{
					{
						link:         "https://edu-research.example.org/papers/formative-assessment",
						title:        "Formative assessment in rural middle schools",
						content:      "<p>A two-year study of low-stakes quizzes in <strong>40 schools</strong>.</p><p>Scores rose most where teachers gave feedback the same day.</p>",
						summary:      "A two-year study of low-stakes quizzes in 40 schools.",
						authors:      []string{"Li Wei"},
						categories:   []string{"assessment"},
						rawPublished: "2025-10-02T08:30:00+08:00", // dc:date, not also an update
						published:    "2025-10-02T08:30:00+08:00",
					},
					{
						link:         "https://edu-research.example.org/papers/gaokao-reform",
						title:        "新高考“3+1+2”模式下的选科分析",
						content:      "基于三个省份2024届考生数据，分析物理与历史方向的选科比例变化。",
						authors:      []string{"王芳"},
						rawPublished: "2025-09-18",
						published:    "2025-09-18T00:00:00Z",
					},
				},
			},
		},
		{
			file: "rss20-content.xml",
			want: wantFeed{
				title: "高考网 - 高考资讯", link: "https://www.gaokao.example.cn/news/",
				description: "高考政策、志愿填报与招生信息", language: "zh-CN",
				base: "https://www.gaokao.example.cn/", ttl: 30,
				items: []wantItem{
					{
						guid:         "https://www.gaokao.example.cn/news/2025/1121/gk-time.html",
						guidIsLink:   true,
						link:         "https://www.gaokao.example.cn/news/2025/1121/gk-time.html",
						title:        "2026年高考时间确定：6月7日至8日",
						content:      "<p>教育部近日公布，2026年全国普通高校招生统一考试将于<strong>6月7日至8日</strong>举行。</p><p>各省份可根据实际情况延长考试时间。</p>",
						summary:      "教育部公布2026年全国高考时间安排。",
						authors:      []string{"高考网编辑部"},
						categories:   []string{"高考政策", "考试安排"},
						rawPublished: "Fri, 21 Nov 2025 09:15:00 +0800",
						published:    "2025-11-21T01:15:00Z",
					},
					{
						// No <link>: the permalink GUID stands in.
						guid:       "https://www.gaokao.example.cn/audio/zytb-2025.html",
						guidIsLink: true,
						link:       "https://www.gaokao.example.cn/audio/zytb-2025.html",
						title:      "志愿填报指导讲座（音频）",
						content:    "<p>资深招生老师讲解平行志愿的投档规则。</p>",
						authors:    []string{"张三"},
						enclosures: []feeds.Enclosure{
							{URL: "https://media.gaokao.example.cn/audio/zytb-2025.mp3", Type: "audio/mpeg", Length: 24986239},
							{URL: "https://media.gaokao.example.cn/docs/zytb-2025.pdf", Type: "application/pdf"},
						},
						rawPublished: "2025-11-20 20:00:00",
						published:    "2025-11-20T20:00:00Z", // provisional: gofeed reads naive times as UTC
					},
					{
						guid:         "https://www.gaokao.example.cn/en/2025/1119/fair.html", // isPermaLink="false"
						link:         "https://www.gaokao.example.cn/en/2025/1119/fair.html",
						title:        "Study abroad fair comes to Shanghai",
						content:      "More than 200 universities from 30 countries will attend the fair on 6 December.",
						authors:      []string{"editor@gaokao.example.cn"},
						rawPublished: "Wed, 19 Nov 2025 14:00:00 GMT",
						published:    "2025-11-19T14:00:00Z",
					},
					{
						guid:         "gk-notice-20251118", // isPermaLink="true" but not a URL
						title:        "关于调整部分专业招生计划的说明",
						content:      "部分高校调整了在本省的招生计划，详见附件。",
						rawPublished: "Tue, 18 Nov 2025 08:00:00 +0800",
						published:    "2025-11-18T00:00:00Z",
					},
					// The fifth item has only a pubDate and is skipped.
				},
			},
		},
		{
			file: "atom03.xml",
			want: wantFeed{
				title: "某某大学新闻网", link: "https://news.univ.example.edu.cn/",
				description: "校园要闻与学术动态", language: "zh-CN",
				items: []wantItem{
					{
						guid:         "tag:news.univ.example.edu.cn,2025:38211",
						link:         "https://news.univ.example.edu.cn/info/1002/38211.htm",
						title:        "我校在全国大学生数学建模竞赛中获佳绩",
						content:      "<p>近日，2025年全国大学生数学建模竞赛结果揭晓，我校学生团队获得<b>国家一等奖2项</b>、二等奖5项。</p>",
						summary:      "我校学生团队获得国家一等奖2项、二等奖5项。",
						authors:      []string{"李明"},
						rawPublished: "2025-11-19T16:20:00+08:00",
						rawUpdated:   "2025-11-19T17:05:00+08:00",
						published:    "2025-11-19T08:20:00Z",
					},
					{
						guid:         "tag:news.univ.example.edu.cn,2025:38190",
						link:         "https://news.univ.example.edu.cn/info/1003/38190.htm",
						title:        "图书馆延长考试周开放时间",
						content:      "考试周期间图书馆开放至23:00。",
						authors:      []string{"library@univ.example.edu.cn"},
						rawPublished: "2025-11-18",
						published:    "2025-11-18T00:00:00Z",
					},
				},
			},
		},
		{
			file: "atom10-base.xml",
			want: wantFeed{
				title:       "教育部 - 新闻发布",
				link:        "https://www.moe.example.gov.cn/jyb_xwfb/gzdt_gzdt/", // gofeed resolves against xml:base
				description: "教育部新闻发布会与政策解读", language: "zh-Hans",
				base: "https://www.moe.example.gov.cn/jyb_xwfb/",
				items: []wantItem{
					{
						guid:       "https://www.moe.example.gov.cn/jyb_xwfb/xw_fbh/moe_2069/202511/t20251120_1167890.html",
						link:       "https://www.moe.example.gov.cn/jyb_xwfb/xw_fbh/moe_2069/202511/t20251120_1167890.html",
						title:      "教育部召开2025年第5场新闻发布会",
						content:    "<p>11月20日，教育部召开新闻发布会，介绍《教师生成式人工智能应用指引（第一版）》有关情况。</p>",
						summary:    "介绍《教师生成式人工智能应用指引》有关情况。",
						authors:    []string{"新闻办"},
						categories: []string{"新闻发布会", "政策解读"},
						enclosures: []feeds.Enclosure{
							{URL: "https://www.moe.example.gov.cn/attachments/2025/fbh5.pdf", Type: "application/pdf", Length: 348160},
						},
						rawPublished: "2025-11-20T09:30:00+08:00",
						rawUpdated:   "2025-11-20T11:00:00+08:00",
						published:    "2025-11-20T01:30:00Z",
					},
					{
						// No <published>: RawPublished stays empty, the clean
						// stage falls back to RawUpdated itself.
						guid:       "tag:moe.example.gov.cn,2025:1167801",
						link:       "https://www.moe.example.gov.cn/jyb_xwfb/en/202511/t20251119_1167801.html",
						title:      "Guidelines on <em>AI</em> in classrooms",
						content:    "<p>The Ministry published guidelines for teachers using generative AI.</p>",
						authors:    []string{"教育部新闻办公室"}, // inherited from the feed
						rawUpdated: "2025-11-19T15:00:00Z",
					},
					{
						guid:         "tag:moe.example.gov.cn,2025:1167700",
						link:         "https://www.moe.example.gov.cn/jyb_xwfb/xw_zt/202511/t20251118_1167700.html",
						title:        "答记者问：关于中小学课后服务",
						content:      "<p>课后服务时间一般不早于17:30结束。<br>费用标准 &lt; 当地指导价。</p><p>详情见附件。</p>",
						authors:      []string{"教育部新闻办公室"},
						rawPublished: "2025-11-18T08:00:00+08:00",
						rawUpdated:   "2025-11-18T08:00:00+08:00",
						published:    "2025-11-18T00:00:00Z",
					},
				},
			},
		},
		{
			file: "jsonfeed10.json",
			want: wantFeed{
				title: "上海教育 · 快讯", link: "https://edu.sh.example.cn/", description: "上海市教育系统快讯",
				items: []wantItem{
					{
						guid:         "https://edu.sh.example.cn/kx/2025/1120/1.html",
						link:         "https://edu.sh.example.cn/kx/2025/1120/1.html",
						title:        "上海中考改革方案公布",
						content:      "<p>上海市教委公布中考改革实施方案。</p><p>总分750分，其中体育 &lt; 60分 的考生可申请补考。</p>",
						authors:      []string{"上海教育编辑部"},
						categories:   []string{"中考", "改革"},
						rawPublished: "2025-11-20T08:00:00+08:00",
						published:    "2025-11-20T00:00:00Z",
					},
					{
						guid:    "20251119", // a number, coerced
						link:    "https://edu.sh.example.cn/kx/2025/1119/podcast.html",
						title:   "Podcast: choosing a middle school",
						content: "<p>Parents ask how school districts are drawn.</p>",
						authors: []string{"上海教育编辑部"},
						enclosures: []feeds.Enclosure{
							{URL: "https://cdn.edu.sh.example.cn/podcast/ep12.m4a", Type: "audio/x-m4a", Length: 8917664},
						},
						rawPublished: "2025-11-19T20:00:00+08:00",
						published:    "2025-11-19T12:00:00Z",
					},
				},
			},
		},
		{
			file: "jsonfeed11.json",
			want: wantFeed{
				title: "Campus Tech Weekly", link: "https://campustech.example.com/", language: "en-US",
				items: []wantItem{
					{
						guid:         "ct-2025-047",
						link:         "https://campustech.example.com/2025/11/lms-migration",
						title:        "Three universities move to an open-source LMS",
						content:      `<p>Three universities finished moving to an <a href="/tags/open-source">open-source</a> learning platform.</p>`,
						summary:      "A migration that took 18 months.",
						authors:      []string{"Maria Gonzalez", "陈晨"},
						categories:   []string{"LMS", "open source"},
						rawPublished: "2025-11-18T09:00:00-05:00",
						rawUpdated:   "2025-11-19T12:30:00-05:00",
						published:    "2025-11-18T14:00:00Z",
					},
					{
						guid:         "ct-2025-046",
						link:         "https://campustech.example.com/2025/11/ai-tutors",
						title:        "AI tutors: what the pilots found",
						content:      "<p>Pilot results from 12 campuses.</p>",
						authors:      []string{"Campus Tech Staff"},
						rawPublished: "2025-11-11", // not RFC 3339: kept raw, not parsed
					},
					// The third item has only tags and is skipped.
				},
			},
		},
	}
	p := New()
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.Parse(body)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkFeed(t, got, tt.want)
		})
	}
}

func checkFeed(t *testing.T, got *feeds.Feed, want wantFeed) {
	t.Helper()
	eq(t, "feed title", got.Title, want.title)
	eq(t, "feed link", got.Link, want.link)
	eq(t, "feed description", got.Description, want.description)
	eq(t, "feed language", got.Language, want.language)
	eq(t, "feed base", got.Base, want.base)
	if got.TTL != want.ttl {
		t.Errorf("feed TTL = %d, want %d", got.TTL, want.ttl)
	}
	if len(got.Items) != len(want.items) {
		t.Fatalf("got %d items, want %d", len(got.Items), len(want.items))
	}
	for i, w := range want.items {
		g := got.Items[i]
		name := func(field string) string { return fmt.Sprintf("item %d %s", i, field) }
		eq(t, name("guid"), g.GUID, w.guid)
		if g.GUIDIsLink != w.guidIsLink {
			t.Errorf("%s = %v, want %v", name("GUIDIsLink"), g.GUIDIsLink, w.guidIsLink)
		}
		eq(t, name("link"), g.Link, w.link)
		eq(t, name("title"), g.Title, w.title)
		if w.contentPrefix != "" {
			if len(g.Content) < len(w.contentPrefix) || g.Content[:len(w.contentPrefix)] != w.contentPrefix {
				t.Errorf("%s = %.80q…, want prefix %q", name("content"), g.Content, w.contentPrefix)
			}
		} else {
			eq(t, name("content"), g.Content, w.content)
		}
		eq(t, name("summary"), g.Summary, w.summary)
		if !slices.Equal(g.Authors, w.authors) {
			t.Errorf("%s = %q, want %q", name("authors"), g.Authors, w.authors)
		}
		if !slices.Equal(g.Categories, w.categories) {
			t.Errorf("%s = %q, want %q", name("categories"), g.Categories, w.categories)
		}
		if !slices.Equal(g.Enclosures, w.enclosures) {
			t.Errorf("%s = %+v, want %+v", name("enclosures"), g.Enclosures, w.enclosures)
		}
		eq(t, name("RawPublished"), g.RawPublished, w.rawPublished)
		eq(t, name("RawUpdated"), g.RawUpdated, w.rawUpdated)
		var wantPub time.Time
		if w.published != "" {
			var err error
			if wantPub, err = time.Parse(time.RFC3339, w.published); err != nil {
				t.Fatal(err)
			}
		}
		if !g.Published.Equal(wantPub) {
			t.Errorf("%s = %v, want %v", name("Published"), g.Published, wantPub)
		}
		if g.ID != "" || g.Source != "" || !g.FirstSeen.IsZero() {
			t.Errorf("%s: ID, Source, FirstSeen must stay empty, got %q %q %v", name(""), g.ID, g.Source, g.FirstSeen)
		}
	}
}

func eq(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}
