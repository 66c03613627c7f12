package parse

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// benchFeed builds an RSS 2.0 document of n items shaped like a Chinese
// education site's: HTML bodies in content:encoded, a description, a guid.
func benchFeed(n int) []byte {
	para := "<p>教育部近日印发通知，要求各地进一步规范中小学招生入学工作，严禁以各类考试、竞赛、培训成绩或证书证明等作为招生依据，" +
		"切实保障适龄儿童少年平等接受义务教育的权利。通知强调，要坚持免试就近入学原则，科学划定学校招生范围。</p>"
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>教育新闻</title><link>https://news.example.edu.cn/</link><description>教育新闻</description><ttl>20</ttl>
`)
	for i := range n {
		fmt.Fprintf(&b, `<item>
<title>教育部关于做好2026年普通中小学招生入学工作的通知（第%d号）</title>
<link>https://news.example.edu.cn/2025/1120/%d.shtml</link>
<guid isPermaLink="false">eol-20251120-%05d</guid>
<pubDate>2025年11月20日 09:%02d</pubDate>
<dc:creator>中国教育在线</dc:creator>
<category>招生</category><category>基础教育</category>
<description><![CDATA[%s]]></description>
<content:encoded><![CDATA[%s<img src="https://img.example.edu.cn/%d.jpg" alt="图片">]]></content:encoded>
</item>
`, i, i, i, i%60, para, strings.Repeat(para, 5), i)
	}
	b.WriteString("</channel></rss>\n")
	return b.Bytes()
}

func BenchmarkParse(b *testing.B) {
	body := benchFeed(200)
	p := New()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := p.Parse(body)
		if err != nil || len(f.Items) != 200 {
			b.Fatalf("%v, %d items", err, len(f.Items))
		}
	}
}

// BenchmarkGofeedOnly parses the same bytes with a bare gofeed.Parser, the
// baseline BenchmarkParse is compared with.
func BenchmarkGofeedOnly(b *testing.B) {
	body := benchFeed(200)
	p := gofeed.NewParser()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := p.Parse(bytes.NewReader(body))
		if err != nil || len(f.Items) != 200 {
			b.Fatalf("%v, %d items", err, len(f.Items))
		}
	}
}

func TestBenchFeedShape(t *testing.T) {
	body := benchFeed(200)
	if n := len(body); n < 400_000 || n > 600_000 {
		t.Errorf("bench feed is %d bytes, want about 500 KB", n)
	}
	f, err := New().Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 200 || f.TTL != 20 || f.Items[0].Summary == "" || f.Items[0].GUIDIsLink {
		t.Errorf("unexpected parse of the bench feed: %d items, ttl %d", len(f.Items), f.TTL)
	}
}
