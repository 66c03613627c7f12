package opml

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// validName is the config's rule for source names.
var validName = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

func TestPlanSkips(t *testing.T) {
	known := []Known{
		{Name: "moe", Title: "教育部新闻", URL: "http://WWW.moe.gov.cn:80/jyb_xwfb/rss.xml/"},
		{Name: "news", Title: "news", URL: "https://a.example.org/news.xml"},
	}
	tests := []struct {
		feed   Feed
		reason string // "" when added
		name   string
	}{
		{Feed{Title: "MOE", URL: "http://www.moe.gov.cn/jyb_xwfb/rss.xml"}, "already in the config as moe", ""},
		{Feed{Title: "MOE", URL: "http://www.moe.gov.cn/jyb_xwfb/rss.xml#x"}, "already in the config as moe", ""},
		{Feed{Title: "教育部新闻", URL: "https://www.moe.gov.cn/other.xml"}, "same name as moe, also on www.moe.gov.cn", ""},
		{Feed{Title: "Moe", URL: "https://moe.gov.cn/x.xml"}, "same name as moe, also on moe.gov.cn", ""},
		{Feed{Title: "News", URL: "https://b.example.org/news.xml"}, "", "news-2"},
		{Feed{Title: "News", URL: "https://c.example.org/news.xml"}, "", "news-3"},
		{Feed{Title: "News", URL: "https://C.example.org/news.xml/"}, "listed again in the OPML file: added once as news-3", ""},
		{Feed{Title: "X", URL: "ftp://x.example.org/feed"}, `"ftp://x.example.org/feed" is not an http(s) URL`, ""},
		{Feed{Title: "X", URL: "https:///feed"}, `"https:///feed" is not an http(s) URL`, ""},
		{Feed{Title: "X", URL: "https://x.example.org/a feed.xml"}, `"https://x.example.org/a feed.xml" has spaces or control characters`, ""},
		{Feed{Title: "Page", Kind: "link"}, "no feed URL (xmlUrl)", ""},
		{Feed{Title: "true", URL: "https://t.example.org/f"}, "", "true"},
		{Feed{Title: "2024", URL: "https://y.example.org/f"}, "", "2024"},
		{Feed{URL: "https://z.example.org/"}, "", "z-example-org"},
		{Feed{Title: "Feed scheme", URL: "feed://f.example.org/rss"}, "", "feed-scheme"},
		{Feed{Title: "Feed https", URL: "feed:https://g.example.org/rss"}, "", "feed-https"},
	}
	var feeds []Feed
	for _, tt := range tests {
		feeds = append(feeds, tt.feed)
	}
	imp := Plan(known, feeds)
	added, skipped := imp.Added, imp.Skipped
	for _, tt := range tests {
		if tt.reason != "" {
			if len(skipped) == 0 || skipped[0].Feed.URL != tt.feed.URL || skipped[0].Reason != tt.reason {
				t.Errorf("%+v: want skipped: %s; skipped %+v", tt.feed, tt.reason, skipped)
				continue
			}
			skipped = skipped[1:]
			continue
		}
		if len(added) == 0 || added[0].URL != feedScheme(tt.feed.URL) || !strings.HasPrefix(added[0].URL, "http") || added[0].Name != tt.name {
			t.Errorf("%+v: want added as %s; added %+v", tt.feed, tt.name, added)
			continue
		}
		added = added[1:]
	}
}

func TestDeriveName(t *testing.T) {
	tests := []struct{ title, url, want string }{
		{"BBC News - Education", "https://feeds.bbci.co.uk/news/education/rss.xml", "bbc-news-education"},
		{"  LWN.net ", "https://lwn.net/headlines/newrss", "lwn-net"},
		{"教育部-新闻发布", "http://www.moe.gov.cn/jyb_xwfb/rss.xml", "www-moe-gov-cn-jyb-xwfb"},
		{"教育部-新闻发布", "http://www.moe.gov.cn/jyb_xwfb/", "www-moe-gov-cn-jyb-xwfb"},
		{"Gaokao 高考", "https://gaokao.eol.cn/feed", "gaokao-eol-cn"},
		{"Café", "https://cafe.example.com:8443/blog/index.php?feed=rss2", "cafe-example-com-blog"},
		{"", "https://a.example.org/%E6%95%99%E8%82%B2/atom", "a-example-org"},
		{"!!!", "https://a.example.org/feeds/all.atom.xml", "a-example-org"},
		{strings.Repeat("Very long title ", 10), "https://a.example.org/", "very-long-title-very-long-title-very-long-title"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		got := deriveName(cleanTitle(tt.title), u)
		if got != tt.want {
			t.Errorf("deriveName(%q, %s) = %q, want %q", tt.title, tt.url, got, tt.want)
		}
		if !validName.MatchString(got) || len(got) > maxHostLen {
			t.Errorf("%q is not a valid source name", got)
		}
	}
}

func TestSlugTags(t *testing.T) {
	got := slugTags([]string{"Higher Ed", "教育 部门", "Open Source, Go", "高考 / Gaokao", "!!", "higher-ed", "École"})
	want := []string{"higher-ed", "教育-部门", "open-source-go", "高考-gaokao", "école"}
	if !slices.Equal(got, want) {
		t.Errorf("slugTags = %q, want %q", got, want)
	}
}
