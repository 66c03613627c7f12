package poll

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// listPages is a PageReader that finds the same list on every page.
type listPages struct{ items []feeds.Item }

func (listPages) FeedLinks([]byte, string) []string { return nil }

func (l listPages) List(_ []byte, _ string, _ feeds.Source, _ time.Time) (Listing, error) {
	return Listing{Items: l.items}, nil
}

// TestRobotsOffLoggedOnce: a source with robots: false fetches its pages
// without robots.txt, and says so once at info, not on every poll; one
// that obeys robots.txt asks for it on every page and logs nothing of it.
func TestRobotsOffLoggedOnce(t *testing.T) {
	for _, obey := range []bool{false, true} {
		env := newEnv(t, body("<html><body>list</body></html>"), nil, func(o *Options) {
			o.Pages = listPages{items: []feeds.Item{{Title: "省教育厅召开全省教育工作会议", Link: "https://jyt.example.cn/art/1.html"}}}
		})
		src := source("jyt", "https://jyt.example.cn/col/index.html")
		src.Type, src.Robots = feeds.SourceHTML, obey
		for i := 0; i < 3; i++ {
			if res := env.s.Poll(context.Background(), src); res.Err != nil {
				t.Fatalf("robots %v, poll %d: %v", obey, i, res.Err)
			}
		}
		for _, r := range env.fetch.requests() {
			if r.Robots != obey {
				t.Errorf("robots %v: request of %s with Robots %v", obey, r.URL, r.Robots)
			}
		}
		var said []slog.Record
		for _, r := range env.logs.atLeast(slog.LevelInfo) {
			if strings.Contains(r.Message, "robots: false") {
				said = append(said, r)
			}
		}
		want := 1
		if obey {
			want = 0
		}
		if len(said) != want {
			t.Errorf("robots %v: the choice logged %d times over 3 polls, want %d", obey, len(said), want)
		}
		for _, r := range said {
			if r.Level != slog.LevelInfo {
				t.Errorf("logged at %v, want info", r.Level)
			}
			if v, ok := attr(r, "source"); !ok || v.String() != "jyt" {
				t.Errorf("log record without the source: %v", v)
			}
		}
	}
}
