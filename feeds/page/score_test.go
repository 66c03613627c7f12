package page

import "testing"

func TestArticleLike(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"http://www.moe.example.gov.cn/jyb_xwfb/gzdt/202501/t20250110_1171234.html", true},
		{"https://news.u.edu.cn/info/1011/8812.htm", true},
		{"http://jyt.example.gov.cn/art/2025/1/8/art_1229_5731201.html", true},
		{"http://www.exam.example.cn/index.php?a=show&c=index&catid=12&id=345&m=content", true},
		{"http://www.school.example.cn/ShowArticle.asp?ArticleID=655", true},
		{"https://blog.example.cn/2025/01/12/how-we-run-reading-circles/", true},
		{"https://www.district.example.org/news/board-approves-school-calendar", true},
		{"http://www.moe.example.gov.cn/jyb_xwfb/gzdt/index.html", false},
		{"http://www.moe.example.gov.cn/jyb_xwfb/gzdt/index_123.html", false},
		{"http://www.school.example.cn/list.asp?page=2", false},
		{"https://www.example.org/about-us/", false},
		{"https://www.example.org", false},
	}
	for _, tt := range tests {
		if got := articleLike(tt.url); got != tt.want {
			t.Errorf("%s: got %v", tt.url, got)
		}
	}
}
