package page_test

import (
	"fmt"
	"time"

	"github.com/edufeed/edufeed/feeds/page"
)

// A poll of a column page: find the list, then follow next pages under a
// Pager's guard. Here the "site" is a map of pages.
func Example() {
	site := map[string]string{
		"https://news.example.edu.cn/xwzx/zhxw.htm": `<ul class="list">
<li><a href="../info/1011/8812.htm" title="我校召开2025年工作部署会暨干部大会">我校召开2025年工作部署会…</a><span>2025-01-14</span></li>
<li><a href="../info/1011/8809.htm">学校举行第十二届教职工代表大会</a><span>2025-01-13</span></li>
<li><a href="../info/1011/8806.htm">化学学院在催化材料研究中取得进展</a><span>(12-30)</span></li>
</ul><a href="zhxw/2.htm">下页</a>`,
		"https://news.example.edu.cn/xwzx/zhxw/2.htm": `<ul class="list">
<li><a href="../../info/1011/8790.htm">图书馆推出寒假阅读推广系列活动</a><span>2024-12-20</span></li>
<li><a href="../../info/1011/8788.htm">研究生院举办导师培训专题报告会</a><span>2024-12-19</span></li>
<li><a href="../../info/1011/8785.htm">学校2024年度科研经费突破新高</a><span>2024-12-18</span></li>
</ul><a href="../zhxw.htm">上页</a><a href="../zhxw.htm">下页</a>`,
	}
	start := "https://news.example.edu.cn/xwzx/zhxw.htm"
	opts := page.Options{Now: time.Date(2025, 1, 15, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))}
	pager := page.NewPager(start, 3)
	for u := start; ; {
		doc, err := page.Parse([]byte(site[u]))
		if err != nil {
			fmt.Println(err)
			return
		}
		l, err := page.FindList(doc, u, opts)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, it := range l.Items {
			fmt.Println(it.Published.Format("2006-01-02"), it.DateFrom, it.YearInferred, it.Title, it.Link)
		}
		next, ok := page.NextPage(doc, u, start)
		if !ok || !pager.Next(next) {
			break
		}
		u = next
	}
	// Output:
	// 2025-01-14 list false 我校召开2025年工作部署会暨干部大会 https://news.example.edu.cn/info/1011/8812.htm
	// 2025-01-13 list false 学校举行第十二届教职工代表大会 https://news.example.edu.cn/info/1011/8809.htm
	// 2024-12-30 list true 化学学院在催化材料研究中取得进展 https://news.example.edu.cn/info/1011/8806.htm
	// 2024-12-20 list false 图书馆推出寒假阅读推广系列活动 https://news.example.edu.cn/info/1011/8790.htm
	// 2024-12-19 list false 研究生院举办导师培训专题报告会 https://news.example.edu.cn/info/1011/8788.htm
	// 2024-12-18 list false 学校2024年度科研经费突破新高 https://news.example.edu.cn/info/1011/8785.htm
}
