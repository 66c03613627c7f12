package publish

import (
	"net/http"
	"strings"
	"testing"
)

// TestSourceKindShown checks that what a source's URL turned out to serve
// (issue 15: a list page, or a page advertising a feed polled in its
// place) reaches /api/sources and the status page.
func TestSourceKindShown(t *testing.T) {
	h, f := newStatusHandler()
	for i := range f.states {
		switch f.states[i].Name {
		case "moe-news":
			f.states[i].Kind, f.states[i].FeedURL = "discovered", "https://user:secret@www.moe.gov.cn/jyb_xwfb/rss.xml"
		case "edweek":
			f.states[i].Kind, f.states[i].ListItems = "list", 15
			f.states[i].LastResult.Articles, f.states[i].LastResult.ArticleErrors, f.states[i].LastResult.PendingArticles = 12, 1, 2
		}
	}
	doc := getAPI(t, h, http.StatusOK)
	moe, ed := doc.Sources[0], doc.Sources[2]
	if moe.Kind != "discovered" || !strings.Contains(moe.FeedURL, "www.moe.gov.cn/jyb_xwfb/rss.xml") || strings.Contains(moe.FeedURL, "secret") {
		t.Errorf("moe-news kind %q, feed_url %q: want discovered with the password masked", moe.Kind, moe.FeedURL)
	}
	if r := ed.LastResult; ed.Kind != "list" || ed.ListItems != 15 || r.Articles != 12 || r.ArticleErrors != 1 || r.PendingArticles != 2 {
		t.Errorf("edweek kind %q, list_items %d, result %+v", ed.Kind, ed.ListItems, *r)
	}
	page := get(t, h, "/").Body.String()
	for _, want := range []string{">discovered feed<", "www.moe.gov.cn/jyb_xwfb/rss.xml", ">list page<"} {
		if !strings.Contains(page, want) {
			t.Errorf("status page lacks %q", want)
		}
	}
	if strings.Contains(page, "secret") {
		t.Error("status page shows a password")
	}
}
