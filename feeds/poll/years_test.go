package poll

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// TestPollPlacesYears polls documents with dates written without a year:
// each takes the year its document's other dates point to, or, alone, the
// most recent past one, and stays marked inferred.
func TestPollPlacesYears(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	type dated struct{ raw, want string }
	tests := []struct {
		name  string
		now   time.Time
		items []dated
	}{
		{"December items read in January", time.Date(2026, 1, 3, 10, 0, 0, 0, cst), []dated{
			{"2025-12-20 09:00", "2025-12-20 09:00"},
			{"Sun, 28 Dec 2025 10:00:00 +0800", "2025-12-28 10:00"},
			{"12-30 09:00", "2025-12-30 09:00"},
			{"01-02 10:00", "2026-01-02 10:00"},
			{"01-05 10:00", "2025-01-05 10:00"}, // ahead of now: never a future date
		}},
		{"a document of 2024 items read in 2026", time.Date(2026, 1, 10, 9, 0, 0, 0, cst), []dated{
			{"2024-04-18 10:00", "2024-04-18 10:00"},
			{"2024年5月20日 15:00", "2024-05-20 15:00"},
			{"05-01 08:00", "2024-05-01 08:00"},
			{"6月3日", "2024-06-03 00:00"},
		}},
		{"a lone year-less item", time.Date(2026, 1, 10, 9, 0, 0, 0, cst), []dated{
			{"01-10 12:00", "2025-01-10 12:00"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := feeds.Feed{Title: "某校新闻", Link: "https://www.campus.edu.cn/"}
			for i, d := range tt.items {
				doc.Items = append(doc.Items, feeds.Item{
					GUID: fmt.Sprint(i), Link: fmt.Sprintf("https://www.campus.edu.cn/info/1002/%d.htm", i),
					Title: fmt.Sprintf("校园新闻第%d条", i), RawPublished: d.raw,
				})
			}
			env := newEnv(t, body("<rss/>"), feedOf(doc), func(o *Options) {
				o.Now = func() time.Time { return tt.now }
			})
			src := source("campus", "https://www.campus.edu.cn/rss.xml")
			src.Location = cst
			if res := env.s.Poll(context.Background(), src); res.Err != nil {
				t.Fatal(res.Err)
			}
			for i, d := range tt.items {
				it, ok := env.store.items[feeds.NewID("campus", "guid", fmt.Sprint(i))]
				if !ok {
					t.Fatalf("item %d not stored", i)
				}
				want, err := time.ParseInLocation("2006-01-02 15:04", d.want, cst)
				if err != nil {
					t.Fatal(err)
				}
				if !it.Published.Equal(want) {
					t.Errorf("%q: published %v, want %v", d.raw, it.Published, want)
				}
				wantFrom := feeds.DateFromFeed
				if !strings.Contains(d.raw, "20") {
					wantFrom = feeds.DateFromYearless
				}
				if it.DateFrom != wantFrom {
					t.Errorf("%q: date from %q, want %q", d.raw, it.DateFrom, wantFrom)
				}
			}
		})
	}
}
