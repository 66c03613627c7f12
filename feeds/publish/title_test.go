package publish

import (
	"net/http"
	"testing"

	"github.com/mmcdole/gofeed"
)

// TestFilteredFeedTitle: a reader subscribed to several filtered feeds can
// tell them apart by their titles, in every format.
func TestFilteredFeedTitle(t *testing.T) {
	tests := []struct{ query, want string }{
		{"", "教育新闻聚合"},
		{"?limit=3", "教育新闻聚合"},
		{"?tag=高考", "教育新闻聚合 · tag 高考"},
		{"?source=moe-news", "教育新闻聚合 · source moe-news"},
		{"?tag=policy&source=moe-news", "教育新闻聚合 · source moe-news · tag policy"},
		{"?source=moe-news&source=gaokao&tag=POLICY&tag=exam&limit=5", "教育新闻聚合 · sources gaokao, moe-news · tags exam, policy"},
	}
	h := NewHandler(newFake(), Options{Info: testInfo(), Sources: testSources(), Classifier: testClassifier(t)})
	for _, tt := range tests {
		for _, r := range feedRoutes {
			rec := get(t, h, r.path+tt.query)
			if rec.Code != http.StatusOK {
				t.Fatalf("%s%s: status %d", r.path, tt.query, rec.Code)
			}
			feed, err := gofeed.NewParser().ParseString(rec.Body.String())
			if err != nil {
				t.Fatalf("%s%s: %v", r.path, tt.query, err)
			}
			if feed.Title != tt.want {
				t.Errorf("%s%s: title %q, want %q", r.path, tt.query, feed.Title, tt.want)
			}
			// The author is still the merged feed's own name.
			if r.path != "/feed.xml" && (len(feed.Authors) != 1 || feed.Authors[0].Name != "教育新闻聚合") {
				t.Errorf("%s%s: authors %v", r.path, tt.query, feed.Authors)
			}
		}
	}
}
