package article

import (
	"testing"
	"time"
)

// TestHeadline: the headline without the info line some CMSs put in the
// same element after a <br>, a headline broken over two lines kept whole,
// and the <h1> in an <article>'s own <header> taken over <title>.
func TestHeadline(t *testing.T) {
	const body = `<div class="content"><p>2025年上半年中小学教师资格考试笔试报名工作即将开始，现将有关事项公告如下，请考生按时报名。</p>
<p>一、报名时间：2025年1月17日至1月20日。考生登录报名系统填写信息并上传照片。</p></div>`
	tests := []struct {
		name, page, want string
	}{
		{"phpcms info line in the h1", `<html><head><title>关于教师资格考试笔试报名的公告 - 示范考试院</title></head><body><div id="Article">
<h1>关于教师资格考试笔试报名的公告<br /><span>2025-01-14 09:00:00　来源：考务处　评论：<a href="#c">0</a> 条</span></h1>` + body + `</div></body></html>`,
			"关于教师资格考试笔试报名的公告"},
		{"headline over two lines", `<html><head><title>示范考试院</title></head><body><div id="Article">
<h1>关于做好2025年上半年<br />中小学教师资格考试笔试报名工作的通知</h1>` + body + `</div></body></html>`,
			"关于做好2025年上半年 中小学教师资格考试笔试报名工作的通知"},
		{"wordpress entry header", `<html><head><title>寒假共读：我们这样组织班级读书会 &#8211; 示范老师的教学札记</title></head><body>
<header class="site-header"><p class="site-title">示范老师的教学札记</p></header><main><article class="post">
<header class="entry-header"><h1 class="entry-title">寒假共读：我们这样组织班级读书会</h1></header>
<div class="entry-content">` + body + `</div></article></main></body></html>`,
			"寒假共读：我们这样组织班级读书会"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract([]byte(tt.page), "https://www.demo-exam.org.cn/show/345.html", Options{Now: time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.want {
				t.Errorf("title %q, want %q", a.Title, tt.want)
			}
		})
	}
}
