// Command fillstore fills an edufeed store with cleaned, Chinese,
// news-shaped items and the states of the sources they came from, so that
// bench/serve can measure start-up and feed serving over a store the size
// of a long-running daemon's (issue 7: 100,000 items, 2,000 sources).
//
// Usage:
//
//	fillstore -store PATH [-items 100000] [-sources 2000] [-batch 5000]
//
// Sources are named src0, src1, ...; items are dated over the 25 days before
// now, newest last. Everything is drawn from a fixed seed, so runs compare.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/merge"
	"github.com/edufeed/edufeed/feeds/sanitise"
	"github.com/edufeed/edufeed/store"
)

// words is the vocabulary of bench/gen-feeds.py.
var words = strings.Fields("教育部 高校 招生 考试 学生 教师 课程 改革 推进 会议 部署 工作 安全 寒假 暑假 学期 " +
	"质量 发展 建设 义务教育 职业教育 高等教育 研究生 本科 就业 创新 科研 人才 培养 评价")

func main() {
	path := flag.String("store", "", "store file to create or add to (required)")
	nItems := flag.Int("items", 100000, "items to write")
	nSources := flag.Int("sources", 2000, "sources the items are spread over")
	batch := flag.Int("batch", 5000, "items per write transaction")
	flag.Parse()
	if *path == "" || *nItems < 1 || *nSources < 1 || *batch < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := fill(*path, *nItems, *nSources, *batch, time.Now()); err != nil {
		fmt.Fprintln(os.Stderr, "fillstore:", err)
		os.Exit(1)
	}
}

func fill(path string, nItems, nSources, batch int, now time.Time) error {
	st, err := store.Open(path, store.Options{TitleWindow: merge.TitleWindow, MaxDistance: merge.MaxDistance})
	if err != nil {
		return err
	}
	defer st.Close()

	rng := rand.New(rand.NewPCG(7, 42))
	zone := time.FixedZone("CST", 8*3600)
	oldest := now.Add(-25 * 24 * time.Hour)
	step := 25 * 24 * time.Hour / time.Duration(nItems)
	var res feeds.PollResult
	items := make([]feeds.Item, 0, batch)
	flush := func() error {
		if len(items) == 0 {
			return nil
		}
		pr, err := st.SavePoll(items, feeds.SourceState{Name: items[0].Source}, now)
		if err != nil {
			return err
		}
		res.New += pr.New
		res.Merged += pr.Merged
		items = items[:0]
		return nil
	}
	for i := range nItems {
		src := fmt.Sprintf("src%d", i%nSources)
		n := i / nSources
		published := oldest.Add(time.Duration(i)*step + time.Duration(rng.IntN(int(step)))).In(zone).Truncate(time.Minute)
		content := paragraphs(rng)
		it := feeds.Item{
			ID:           feeds.NewID(src, "guid", fmt.Sprintf("%s-%d", src, n)),
			Source:       src,
			Sources:      []string{src},
			GUID:         fmt.Sprintf("%s-%d", src, n),
			Link:         fmt.Sprintf("https://%s.example.cn/news/%d.html", src, n),
			Title:        phrase(rng, 6),
			Content:      content,
			Summary:      summary(content),
			Published:    published,
			DateFrom:     feeds.DateFromFeed,
			FirstSeen:    published.Add(7 * time.Minute),
			RawPublished: published.Format(time.RFC1123Z),
		}
		it.Text = sanitise.PlainText(content) // what clean hands merge
		it.Keys = merge.KeysOf(it)
		items = append(items, it)
		if len(items) == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	// Every source as a successful 200 poll left it; SaveState keeps the
	// item counts SavePoll kept.
	for s := range nSources {
		name := fmt.Sprintf("src%d", s)
		if err := st.SaveState(feeds.SourceState{
			Name:         name,
			ETag:         fmt.Sprintf(`"%x-%x"`, s, now.Unix()),
			LastModified: now.UTC().Format(time.RFC1123),
			LastAttempt:  now,
			LastSuccess:  now,
			LastResult:   feeds.PollResult{Unchanged: 20},
			LastDuration: 40 * time.Millisecond,
		}); err != nil {
			return err
		}
	}
	stats, err := st.Stats()
	if err != nil {
		return err
	}
	fmt.Printf("items=%d new=%d merged=%d sources=%d file=%d\n", stats.Items, res.New, res.Merged, nSources, stats.FileSize)
	return nil
}

// phrase is n words run together, as gen-feeds.py writes titles.
func phrase(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(words[rng.IntN(len(words))])
	}
	return b.String()
}

// paragraphs is a cleaned article body: five paragraphs of six phrases,
// the shape gen-feeds.py writes before cleaning drops its editor line.
func paragraphs(rng *rand.Rand) string {
	var b strings.Builder
	for range 5 {
		b.WriteString("<p>")
		for j := range 6 {
			if j > 0 {
				b.WriteString("，")
			}
			b.WriteString(phrase(rng, 5))
		}
		b.WriteString("。</p>")
	}
	return b.String()
}

// summary is the opening of the text, as the cleaner makes it.
func summary(content string) string {
	text := strings.NewReplacer("<p>", "", "</p>", "").Replace(content)
	r := []rune(text)
	if len(r) > 120 {
		return string(r[:120]) + "…"
	}
	return text
}
