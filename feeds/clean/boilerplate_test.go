package clean

import (
	"strings"
	"testing"
)

func TestMatchMarker(t *testing.T) {
	cut := []string{
		// simplified
		"推荐关注", "猜你喜欢", "相关阅读", "相关阅读：", "【相关阅读】", "■ 相关阅读", "相关新闻", "相关新闻 更多>>",
		"相关报道", "相关文章", "相关链接", "相关推荐", "延伸阅读", "推荐阅读", "热点", "热 点", "热　点",
		"热点推荐", "热门推荐", "今日热点", "点击排行", "阅读排行", "排行榜", "编辑推荐", "精彩推荐",
		"上一篇：教育部召开2024年年中推进会", "下一篇：没有了", "上一页", "下一页", "版权声明",
		"版权声明：本网站所刊登的各种新闻、信息和各种专题专栏资料，均为本网站版权所有，未经协议授权，禁止下载使用。",
		"免责声明：本文仅代表作者观点。", "网站声明", "关注我们", "欢迎关注", "发表评论", "网友评论", "我要评论",
		"友情链接", "下载客户端", "扫一扫", "关键词:", "关键词：", "关键词：教育部 推进会", "标签：高考 志愿填报",
		"简介", "(完)", "（完）", "END", "热点 国考开考 报录比98:1",
		// traditional
		"相關閱讀", "推薦閱讀", "熱點", "熱 點", "相關新聞", "相關報導", "相關連結", "延伸閱讀", "熱門推薦",
		"點擊排行", "編輯推薦", "下一頁", "版權聲明", "免責聲明", "關注我們", "發表評論", "網友評論",
		"友情連結", "下載客戶端", "掃一掃", "關鍵詞：", "關鍵字：教育", "標籤：高考", "簡介",
		// full-width and English
		"相关阅读：", "Related", "Related:", "Related posts", "Related Articles", "Related stories",
		"Share this:", "Like this:", "More from Education Week", "Read more", "Read more »",
		"Subscribe", "Sign up for our newsletter", "Continue reading →", "Continue reading “Exams” →",
		"You might also like",
	}
	for _, s := range cut {
		if !matchMarker(fold(s)) {
			t.Errorf("matchMarker(%q) = false, want a cut", s)
		}
	}
	keep := []string{
		"学校推荐阅读书目如下：",
		"相关新闻发布会将于下周举行。",
		"热点问题研究",
		"热点：教育部发布2024年工作要点，部署全年重点任务。",
		"完善立德树人机制",
		"标签化管理不可取。",
		"简介绍一下背景",
		"上一篇文章中我们提到了这一点。",
		"关键词是创新、协调、绿色、开放、共享。",
		"Related research shows that students learn more.",
		"Ending the year with a strong result.",
		"Subscribers to the journal received a copy.",
		"机关各司局、直属单位主要负责人,中央纪委国家监委驻教育部纪检监察组负责人参加会议。",
	}
	for _, s := range keep {
		if matchMarker(fold(s)) {
			t.Errorf("matchMarker(%q) = true, want kept", s)
		}
	}
}

func TestIsToolbar(t *testing.T) {
	yes := []string{
		"打印", "关闭", "【打印本页】", "【关闭窗口】", "【打印】【关闭】", "[打印] [关闭]", "打印此页", "关闭窗口",
		"【打印此页】 【关闭窗口】", "【字体：大 中 小】", "【字体：大　中　小】", "字体：[大] [中] [小]",
		"【 字体： 大  中  小 】", "字号：大|中|小", "【字號：大 中 小】", "字体：【大】【中】【小】",
		"发布时间：2024-07-24 来源：教育部 【字体：大 中 小】【打印】", "字号：T|T",
		"扫一扫在手机打开当前页", "扫码查看手机版", "分享到：", "分享到：微信 微博 QQ空间",
		"分享到 新浪微博 腾讯微博 人人网", "【列印】【關閉視窗】", "浏览次数：1234", "【返回顶部】", "【返回列表】", "[回上一页]",
		"Print | Email | Share",
	}
	for _, s := range yes {
		if !isToolbar(fold(s)) {
			t.Errorf("isToolbar(%q) = false", s)
		}
	}
	no := []string{
		"打印机采购公告", "大中小学思政课一体化", "关闭学校的决定已经撤回。", "中小学", "大",
		"分享到朋友圈的内容需要经过审核，这是教育部在新规中的一项明确要求，学校应当严格执行并加强管理。",
		"推进大中小学思政课一体化改革创新,健全德智体美劳全面培养体系。",
	}
	for _, s := range no {
		if isToolbar(fold(s)) {
			t.Errorf("isToolbar(%q) = true", s)
		}
	}
}

func TestIsByline(t *testing.T) {
	yes := []string{
		"责任编辑：张三", "责任编辑:张三", "（责任编辑：张三）", "[编辑：李四]", "编辑：王五", "责编：赵六",
		"来源：教育部网站", "来源: 中国教育在线 作者: 李四", "責任編輯：張三", "作者：本报记者 张三",
		"来源：教育部 发布时间：2024-07-24 10:00", "审核：王五 校对：赵六",
	}
	for _, s := range yes {
		if !isByline(fold(s)) {
			t.Errorf("isByline(%q) = false", s)
		}
	}
	no := []string{
		"来源于生活的教育智慧", "编辑部的故事", "编辑推荐",
		"来源：据教育部统计，2024年全国共有各级各类学校49.83万所，学历教育在校生2.91亿人，专任教师1891.78万人，比上年增加。",
	}
	for _, s := range no {
		if isByline(fold(s)) {
			t.Errorf("isByline(%q) = true", s)
		}
	}
}

func TestIsBreadcrumb(t *testing.T) {
	yes := []string{
		"首页 > 新闻中心 > 教育动态", "首页>新闻中心>教育动态", "首页 ＞ 新闻", "当前位置：首页 > 新闻",
		"您现在的位置：首页 » 通知公告", "首頁 > 新聞中心", "Home / News / Education", "网站首页 >> 教育要闻",
		"当前位置: 首页 - 正文",
	}
	for _, s := range yes {
		if !isBreadcrumb(fold(s)) {
			t.Errorf("isBreadcrumb(%q) = false", s)
		}
	}
	no := []string{"首页改版后访问量大增。", "A > B", "首页 > 这是一个很长很长很长很长很长很长的不像导航的句子段落"}
	for _, s := range no {
		if isBreadcrumb(fold(s)) {
			t.Errorf("isBreadcrumb(%q) = true", s)
		}
	}
}

func TestIsEnglishChrome(t *testing.T) {
	yes := []string{
		"Loading...", "Like Loading...", "Loading…",
		"The post Schools reopen after the storm appeared first on Education Weekly.",
		"Click to share on Twitter (Opens in new window)",
		"This entry was posted in News. Bookmark the permalink.",
	}
	for _, s := range yes {
		if !isEnglishChrome(fold(s)) {
			t.Errorf("isEnglishChrome(%q) = false", s)
		}
	}
	for _, s := range []string{"Loading the bus took an hour.", "The post office reopened."} {
		if isEnglishChrome(fold(s)) {
			t.Errorf("isEnglishChrome(%q) = true", s)
		}
	}
}

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
