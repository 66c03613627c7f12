package clean

import (
	"fmt"
	"html"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/sanitise"
	"github.com/edufeed/edufeed/feeds/urls"
)

// articleParagraphs are the paragraphs of the seed article, the stuff long
// bodies are made of here.
func articleParagraphs(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/seed-article.expected.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for p := range strings.SplitSeq(string(b), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// longBody repeats the article's paragraphs, each in <p>, until the HTML
// holds at least n bytes.
func longBody(t *testing.T, n int) string {
	var b strings.Builder
	paras := articleParagraphs(t)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "<p>%d. %s</p>\n", i, paras[i%len(paras)])
	}
	return b.String()
}

func TestCapTitle(t *testing.T) {
	headline := "教育部办公厅关于做好2024年普通高校招生工作的通知"
	tests := []struct {
		name, raw string
		runes     int // of the result
		cut       bool
	}{
		{"real headline", headline, utf8.RuneCountInString(headline), false},
		{"at the cap", strings.Repeat("教", MaxTitleRunes), MaxTitleRunes, false},
		{"one over", strings.Repeat("教", MaxTitleRunes+1), MaxTitleRunes, true},
		{"spam headline", strings.Repeat(headline+"，", 200), MaxTitleRunes, true},
		{"four-byte runes", strings.Repeat("𠀀😀", 600), MaxTitleRunes, true},
		{"latin words", strings.Repeat("Schools brace for teacher shortages ", 100), MaxTitleRunes, true},
		{"megabyte", strings.Repeat("高考", 1<<19), MaxTitleRunes, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Title(tt.raw, "", nil)
			if n := utf8.RuneCountInString(got); n > tt.runes || !tt.cut && n != tt.runes {
				t.Errorf("%d runes, want %d", n, tt.runes)
			}
			if !utf8.ValidString(got) {
				t.Errorf("not UTF-8: %q", got)
			}
			if cut := strings.HasSuffix(got, "…"); cut != tt.cut {
				t.Errorf("ends in …: %v, want %v: %q", cut, tt.cut, got)
			}
			if !strings.HasPrefix(flatten(tt.raw), strings.TrimSuffix(got, "…")) {
				t.Errorf("not a start of the title: %q", got)
			}
			if again := Title(got, "", nil); again != got {
				t.Errorf("cutting again changed it:\n%q\n%q", got, again)
			}
		})
	}
}

func TestCapPeopleAndCategories(t *testing.T) {
	var authors, cats []string
	for i := range 100 {
		authors = append(authors, fmt.Sprintf("记者%03d", i))
	}
	for i := range 500 {
		cats = append(cats, fmt.Sprintf("标签%03d", i))
	}
	longName := strings.Repeat("中国教育报刊社融媒体中心", 100)
	authors = append([]string{longName}, authors...)
	got := Item(feeds.Item{Title: "标题", Authors: authors, Categories: cats}, Context{Seen: seen})
	if len(got.Authors) != MaxAuthors || got.Authors[1] != "记者000" || got.Authors[MaxAuthors-1] != "记者018" {
		t.Errorf("%d authors: %q", len(got.Authors), got.Authors)
	}
	if n := utf8.RuneCountInString(got.Authors[0]); n != MaxNameRunes || !strings.HasSuffix(got.Authors[0], "…") {
		t.Errorf("long author %d runes: %q", n, got.Authors[0])
	}
	if len(got.Categories) != MaxCategories || got.Categories[MaxCategories-1] != "标签049" {
		t.Errorf("%d categories, last %q", len(got.Categories), got.Categories[len(got.Categories)-1])
	}
}

func TestCapURLs(t *testing.T) {
	const page = "https://www.moe.gov.cn/srcsite/A03/moe_1892/moe_630/202407/t20240724_1143127.html"
	// A link whose query lists ids, as search and list pages write them.
	withIDs := func(n int) string {
		var b strings.Builder
		b.WriteString(page + "?ids=")
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "%d,", 1000000+i)
		}
		return b.String()[:n]
	}
	fits, tooLong := withIDs(sanitise.MaxURLBytes), withIDs(sanitise.MaxURLBytes+1)
	if urls.Link(fits, "") != fits {
		t.Fatalf("a link of %d bytes is not kept as it is", len(fits))
	}
	it := feeds.Item{
		Title: "标题", Link: tooLong,
		Content: `<p>正文<a href="` + tooLong + `">详情</a><img src="` + tooLong + `"><a href="` + fits + `">列表</a></p>`,
	}
	for i := range 30 {
		it.Enclosures = append(it.Enclosures, feeds.Enclosure{URL: fmt.Sprintf("%s/att%02d.pdf", page, i), Type: "application/pdf"})
	}
	it.Enclosures = append([]feeds.Enclosure{{URL: tooLong, Type: "application/pdf"}}, it.Enclosures...)
	got := Item(it, Context{Seen: seen})
	if got.Link != "" {
		t.Errorf("link of %d bytes kept", len(got.Link))
	}
	if want := `<p>正文详情<a href="` + html.EscapeString(fits) + `" rel="nofollow">列表</a></p>`; got.Content != want {
		t.Errorf("content\n%.300s\nwant\n%.300s", got.Content, want)
	}
	if len(got.Enclosures) != MaxEnclosures || got.Enclosures[0].URL != page+"/att00.pdf" {
		t.Errorf("%d enclosures, first %q", len(got.Enclosures), got.Enclosures[0].URL)
	}

	it = feeds.Item{Title: "标题", Link: fits}
	if got := Item(it, Context{Seen: seen}); got.Link != fits {
		t.Errorf("link of %d bytes dropped", len(fits))
	}
}

func TestCapGUIDAndRawDates(t *testing.T) {
	long := "tag:news.example.edu.cn,2024:" + strings.Repeat("新闻", 1000)
	a := Item(feeds.Item{Title: "标题", GUID: long + "1", RawPublished: strings.Repeat("2024年7月23日 ", 100)}, Context{Seen: seen})
	b := Item(feeds.Item{Title: "标题", GUID: long + "2"}, Context{Seen: seen})
	if len(a.GUID) > MaxGUIDBytes || !utf8.ValidString(a.GUID) || !strings.HasPrefix(a.GUID, "tag:news.example.edu.cn,2024:新闻") {
		t.Errorf("GUID of %d bytes: %.80q", len(a.GUID), a.GUID)
	}
	if a.GUID == b.GUID {
		t.Error("two long GUIDs that differ at the end became one")
	}
	if again := Item(a, Context{Seen: seen}); again.GUID != a.GUID {
		t.Error("capping a capped GUID changed it")
	}
	if short := Item(feeds.Item{GUID: "eol-20240724-001"}, Context{Seen: seen}); short.GUID != "eol-20240724-001" {
		t.Errorf("short GUID changed: %q", short.GUID)
	}
	if a.RawPublished != "" || a.DateFrom != feeds.DateFromFirstSeen {
		t.Errorf("raw date of %d bytes kept (%s)", len(a.RawPublished), a.DateFrom)
	}
}

func TestCapEnclosureType(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"audio/mpeg", "audio/mpeg"},
		{" application/pdf ", "application/pdf"},
		{"application/pdf; name=\"通知.pdf\"", "application/pdf; name=\"通知.pdf\""},
		{"<script>alert(1)</script>", ""},
		{"mp3", ""},
		{"audio/" + strings.Repeat("x", MaxTypeBytes), ""},
	} {
		if got := mediaType(tt.in); got != tt.want {
			t.Errorf("mediaType(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCapContent(t *testing.T) {
	paras := articleParagraphs(t)
	tests := []struct {
		name, in string
		start    string // the output begins with this
	}{
		{"paragraphs over the cap", longBody(t, sanitise.MaxContentBytes+sanitise.MaxContentBytes/4), "<p>0. " + paras[0] + "</p>\n<p>1. "},
		{"paragraphs over what is read", longBody(t, maxRawContentBytes+1<<10), "<p>0. " + paras[0] + "</p>\n<p>1. "},
		{"one paragraph over the cap", "<p>" + strings.Repeat(paras[0], sanitise.MaxContentBytes*5/4/len(paras[0])) + "</p>", "<p>" + paras[0]},
		{"a list of 12,000 items", "<p>名单如下：</p><ul>" + strings.Repeat("<li>北京市第一中学 张三 高三（1）班</li>", 12000) + "</ul>",
			"<p>名单如下：</p>\n<ul><li>北京市第一中学 张三 高三（1）班</li><li>"},
		{"a table over the cap", "<table>" + strings.Repeat("<tr><td>北京市第一中学</td><td>张三</td><td>680</td></tr>", 14000) + "</table>",
			"<p>北京市第一中学 张三 680 北京市第一中学"},
		{"lines of one paragraph", "<p>" + strings.Repeat("2024年高考录取分数线公布<br>", 18000) + "</p>", "<p>2024年高考录取分数线公布<br/>"},
		{"escaped text", "<p>" + strings.Repeat("x<1 && y>2 ", 60000) + "</p>", "<p>x&lt;1 &amp;&amp; y&gt;2 x&lt;1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Content(tt.in, pageURL, nil)
			if len(got) > sanitise.MaxContentBytes {
				t.Errorf("%d bytes, cap %d", len(got), sanitise.MaxContentBytes)
			}
			if len(got) < sanitise.MaxContentBytes*3/4 {
				t.Errorf("only %d bytes kept of %d", len(got), len(tt.in))
			}
			if !strings.HasPrefix(got, tt.start) {
				t.Errorf("starts %.200q, want %.200q", got, tt.start)
			}
			if !strings.HasSuffix(got, "\n"+cutNote) {
				t.Errorf("no note at the end: %q", got[max(0, len(got)-200):])
			}
			checkContent(t, got)
			if again := Content(got, pageURL, nil); again != got {
				t.Errorf("cleaning the cut body again changed it (%d → %d bytes)", len(got), len(again))
			}
		})
	}

	// Under the cap nothing is cut.
	body := longBody(t, sanitise.MaxContentBytes/2)
	if got := Content(body, pageURL, nil); strings.Contains(got, cutNote) || len(got) < len(body)*9/10 {
		t.Errorf("a body of %d bytes was cut to %d", len(body), len(got))
	}
}

// TestCapItemContent: a whole item with a body over the cap keeps a body
// under it, and its summary and date as before.
func TestCapItemContent(t *testing.T) {
	it := feeds.Item{
		Title:        "教育部召开2024年年中推进会",
		Link:         "https://www.moe.gov.cn/jyb_xwfb/gzdt_gzdt/202407/t20240724_1143127.html",
		Content:      longBody(t, sanitise.MaxContentBytes*5/4),
		RawPublished: "2024-07-24 10:00:00",
	}
	got := Item(it, Context{Seen: seen})
	if len(got.Content) > sanitise.MaxContentBytes || !strings.HasSuffix(got.Content, cutNote) {
		t.Errorf("content of %d bytes", len(got.Content))
	}
	if n := utf8.RuneCountInString(got.Summary); n > summaryLen || !strings.HasPrefix(got.Summary, "0. 7月23日") {
		t.Errorf("summary of %d runes: %q", n, got.Summary)
	}
	if got.DateFrom != feeds.DateFromFeed {
		t.Errorf("date from %s", got.DateFrom)
	}
}
