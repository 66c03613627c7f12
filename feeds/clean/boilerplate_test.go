package clean

import (
	"strings"
	"testing"
)

const article = "<p>教育部今天召开新闻发布会，介绍2024年教育工作进展情况，部署下一阶段重点任务。</p>"

// TestContentBoilerplate runs whole bodies through Content: what each rule
// cuts, and what it must leave alone.
func TestContentBoilerplate(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"marker cuts the tail", article + "<p>相关阅读</p><p>教育部发布通知</p><p>高考报名开始</p>", article},
		{"marker with colon and tail", article + "<p>关键词：教育部 发布会</p><p>更多内容</p>", article},
		{"spaced marker", article + "<p>热 点</p><p>- 1 国考开考</p>", article},
		{"traditional marker", article + "<h3>相關閱讀</h3><ul><li><a href=\"https://x.cn/1\">A</a></li></ul>", article},
		{"english marker", "<p>Schools reopened on Monday after the storm.</p><h4>Related</h4><p><a href=\"https://x.org/a\">Storm hits coast</a></p>",
			"<p>Schools reopened on Monday after the storm.</p>"},
		{"marker in a sentence stays", article + "<p>相关新闻发布会将于下周举行。</p>", article + "\n<p>相关新闻发布会将于下周举行。</p>"},
		{"intro sentence stays", "<p>学校推荐阅读书目如下：</p><ol><li>《红楼梦》</li><li>《边城》</li></ol>",
			"<p>学校推荐阅读书目如下：</p>\n<ol><li>《红楼梦》</li><li>《边城》</li></ol>"},
		{"marker before any text only loses its line", "<p>简介</p>" + article, article},
		{"END cuts", article + "<p>END</p><p>长按二维码关注我们的公众号获取更多资讯</p>", article},
		{"(完) cuts", article + "<p>（完）</p><p>本文转载自某某网站</p>", article},
		{"toolbar anywhere", "<p>【字体：大 中 小】【打印】</p>" + article + "<p>【打印本页】【关闭窗口】</p>", article},
		{"byline at the end", article + "<p>责任编辑：张三</p>", article},
		{"byline line inside a paragraph", "<p>教育部今天召开新闻发布会，介绍2024年教育工作进展情况，部署下一阶段重点任务。<br>（编辑：李四）</p>", article},
		{"breadcrumb", "<div>当前位置：首页 &gt; 新闻中心 &gt; 教育动态</div>" + article, article},
		{"breadcrumb without label", "<p>首页 &gt; 新闻中心 &gt; 教育动态</p>" + article, article},
		{"link-dense tail", article + `<p><a href="https://x.cn/1">教育部发布2024年工作要点</a></p><p><a href="https://x.cn/2">高考报名时间公布</a></p><p><a href="https://x.cn/3">新学期开学安排</a></p>`, article},
		{"one trailing link stays", article + `<p>原文：<a href="https://x.cn/1">教育部发布2024年工作要点</a></p>`,
			article + "\n" + `<p>原文：<a href="https://x.cn/1" rel="nofollow">教育部发布2024年工作要点</a></p>`},
		{"attachments stay", article + `<p><a href="https://x.cn/a.pdf">附件1：招生计划</a></p><p><a href="https://x.cn/b.docx">附件2：报名表</a></p>`,
			article + "\n" + `<p><a href="https://x.cn/a.pdf" rel="nofollow">附件1：招生计划</a></p>` + "\n" + `<p><a href="https://x.cn/b.docx" rel="nofollow">附件2：报名表</a></p>`},
		{"attachments behind a download script stay", article + `<p><a href="https://x.cn/downfile.jsp?id=1">招聘岗位表.xls</a></p><p><a href="https://x.cn/downfile.jsp?id=2">报名登记表.doc</a></p>`,
			article + "\n" + `<p><a href="https://x.cn/downfile.jsp?id=1" rel="nofollow">招聘岗位表.xls</a></p>` + "\n" + `<p><a href="https://x.cn/downfile.jsp?id=2" rel="nofollow">报名登记表.doc</a></p>`},
		{"all links is a link post", `<p><a href="https://x.cn/1">教育部发布2024年工作要点</a></p><p><a href="https://x.cn/2">高考报名时间公布</a></p>`,
			`<p><a href="https://x.cn/1" rel="nofollow">教育部发布2024年工作要点</a></p>` + "\n" + `<p><a href="https://x.cn/2" rel="nofollow">高考报名时间公布</a></p>`},
		{"dated headline list", article + "<p>高考报名时间公布 · 2024-07-23</p><p>新学期开学安排 · 2024-07-22</p><p>教师招聘公告 · 2024-07-21</p>", article},
		{"epoch dates on their own lines", article + "<p>聪明的父母,都学会了“装聋作哑”</p><p>广东省2023年普通高考考生守则公布</p><p>· 1970-01-01 -</p><p>武汉生物工程学院:开展科学家精神进校园活动</p><p>· 1970-01-01 -</p><p>学生自我陈述报告(通用15篇)</p><p>· 1970-01-01毕业赠言给同学(15篇) -</p>",
			article},
		{"notice signature stays", article + "<p>教育部办公厅</p><p>2024年7月24日</p><p>高考报名时间公布 · 2024-07-23</p><p>新学期开学安排 · 2024-07-22</p><p>教师招聘公告 · 2024-07-21</p>",
			article + "\n<p>教育部办公厅</p>\n<p>2024年7月24日</p>"},
		{"numbered headline list", article + "<p>- 1 国考开考 报录比98:1</p><p>- 2 李广慧任新乡学院院长</p><p>- 3 学历重叠是否影响考公</p><p>- 4 教育部党组举行集体学习会</p>", article},
		{"numbered list the article introduced stays", "<p>报名须提交以下材料：</p><p>1. 身份证复印件</p><p>2. 学历证明</p><p>3. 近期照片</p>",
			"<p>报名须提交以下材料：</p>\n<p>1. 身份证复印件</p>\n<p>2. 学历证明</p>\n<p>3. 近期照片</p>"},
		{"numbered sentences stay", article + "<p>1. 各校要在7月底前完成报名工作。</p><p>2. 各地要做好考务组织。</p><p>3. 考生须按时参加考试。</p>",
			article + "\n<p>1. 各校要在7月底前完成报名工作。</p>\n<p>2. 各地要做好考务组织。</p>\n<p>3. 考生须按时参加考试。</p>"},
		{"schedule with dates stays", article + "<p>报名时间：2024年7月1日</p><p>考试时间：2024年8月1日</p><p>成绩公布：2024年9月1日</p>",
			article + "\n<p>报名时间：2024年7月1日</p>\n<p>考试时间：2024年8月1日</p>\n<p>成绩公布：2024年9月1日</p>"},
		{"layout table is looked into", `<table><tr><td>` + article + `<p>相关阅读</p><p>别的文章</p></td></tr><tr><td><p>【关闭窗口】</p></td></tr></table>`, article},
		{"english chrome", "<p>Schools reopened on Monday after the storm.</p><p>The post Schools reopen appeared first on Education Weekly.</p>",
			"<p>Schools reopened on Monday after the storm.</p>"},
		{"wordpress share block", "<p>Schools reopened on Monday after the storm.</p><p>Share this:</p><ul><li><a href=\"https://x.org/t\">Twitter</a></li></ul><p>Like this:</p><p>Like Loading...</p>",
			"<p>Schools reopened on Monday after the storm.</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Content(tt.in, "https://x.cn/", nil); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestSeedWithoutNoiseClass: the seed's trailing blocks go even when the
// page does not mark them with a class, by the text rules alone.
func TestSeedWithoutNoiseClass(t *testing.T) {
	raw := readFeed(t, "seed-feed.xml")[0].Description
	bare := strings.Replace(raw, `<div class="recommend">`, "<div>", 1)
	if bare == raw {
		t.Fatal("fixture changed: no recommend div")
	}
	_, texts := paragraphs(t, Content(bare, "https://news.example.edu.cn/", nil))
	if want := expectedLines(t); strings.Join(texts, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %d paragraphs:\n%s", len(texts), strings.Join(texts, "\n"))
	}
	// The headline lists below the markers go by the list rules alone.
	after := bare[strings.Index(bare, "<p>2025年湖南"):]
	after = strings.Replace(after, "<p>热 点</p>", "", 1)
	_, texts = paragraphs(t, Content(article+after, "https://news.example.edu.cn/", nil))
	if len(texts) != 1 {
		t.Errorf("recommendation list without its heading kept %d blocks:\n%s", len(texts), strings.Join(texts, "\n"))
	}
}
