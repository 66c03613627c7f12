package junk

import "testing"

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
