package store

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// benchWords is the vocabulary of bench/gen-feeds.py.
var benchWords = strings.Fields("教育部 高校 招生 考试 学生 教师 课程 改革 推进 会议 部署 工作 安全 寒假 暑假 学期 " +
	"质量 发展 建设 义务教育 职业教育 高等教育 研究生 本科 就业 创新 科研 人才 培养 评价")

// benchNow is after every generated published time.
var benchNow = time.Date(2026, time.November, 29, 12, 0, 0, 0, time.UTC)

func benchPhrase(rng *rand.Rand, b *strings.Builder, n int) {
	for range n {
		b.WriteString(benchWords[rng.IntN(len(benchWords))])
	}
}

// benchPoll is poll p of a full cycle as bench/poll's documents look after
// cleaning and merge.KeysOf: 20 new items of source src<p%2000>, each with a
// Chinese title, about 1.1 KB of HTML, a 200-rune summary, a link, a GUID, a
// published time within the four weeks before benchNow and every merge key
// (a random, non-zero fingerprint).
func benchPoll(p, n int) []feeds.Item {
	rng := rand.New(rand.NewPCG(uint64(p), 42))
	src := fmt.Sprintf("src%d", p%2000)
	items := make([]feeds.Item, n)
	for j := range items {
		guid := fmt.Sprintf("%s-%d-%d", src, p/2000, j)
		var title, content, text strings.Builder
		benchPhrase(rng, &title, 6)
		for range 5 {
			content.WriteString("<p>")
			for k := range 6 {
				if k > 0 {
					content.WriteString("，")
					text.WriteString("，")
				}
				start := text.Len()
				benchPhrase(rng, &text, 5)
				content.WriteString(text.String()[start:])
			}
			content.WriteString("。</p>")
			text.WriteString("。")
		}
		summary := []rune(text.String())
		published := benchNow.Add(-time.Duration(rng.Int64N(int64(28 * 24 * time.Hour)))).Truncate(time.Minute).In(china)
		link := fmt.Sprintf("https://%s.example.cn/news/%d/%d.html", src, p/2000, j)
		items[j] = feeds.Item{
			ID:           feeds.NewID(src, "guid", guid),
			Source:       src,
			Sources:      []string{src},
			GUID:         guid,
			Link:         link,
			Title:        title.String(),
			Content:      content.String(),
			Summary:      string(summary[:min(200, len(summary))]),
			Published:    published,
			DateFrom:     feeds.DateFromFeed,
			RawPublished: published.Format(time.RFC1123Z),
			Keys: feeds.Keys{
				GUID:        guid,
				Link:        strings.TrimPrefix(link, "https://"),
				Title:       title.String(),
				Fingerprint: rng.Uint64() | 1,
			},
		}
	}
	return items
}

// residentMiB reads the process's resident anonymous and file-backed
// memory (the file-backed part is mostly the store's mmap) from
// /proc/self/status; ok is false where there is none.
func residentMiB() (anon, file float64, ok bool) {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0, false
	}
	for _, line := range strings.Split(string(raw), "\n") {
		var kb float64
		if _, err := fmt.Sscanf(line, "RssAnon: %f kB", &kb); err == nil {
			anon = kb / 1024
		}
		if _, err := fmt.Sscanf(line, "RssFile: %f kB", &kb); err == nil {
			file = kb / 1024
		}
	}
	return anon, file, true
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkFill stores b.N new items as a full poll cycle does: polls of 20
// items of their own source, SavePoll called from 16 goroutines (the daemon's
// concurrency), each commit synced. Run it as
//
//	go test -run='^$' -bench=Fill -benchtime=40000x ./store/
//
// for the 2,000 sources × 20 items of bench/poll. ns/op is wall time per
// item; it also reports the process CPU per item (item generation included),
// that CPU for the first and for the last quarter of the items (at most
// 10,000 each; equal when the cost per item stays flat as the store grows),
// the file size per item, what bbolt wrote per item, and the process's
// resident memory at the end (the test binary's own included).
func BenchmarkFill(b *testing.B) {
	s := openTemp(b)
	const perPoll = 20
	polls := (b.N + perPoll - 1) / perPoll
	quarter := min(10000, max(perPoll, b.N/4))

	var (
		next, done       atomic.Int64
		mu               sync.Mutex
		firstAt, lastAt  time.Duration // CPU when the first quarter was done, and when the last began
		firstN, lastFrom int64
	)
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime(b)
	txStart := s.db.Stats().TxStats
	commitsStart := s.commits.Load()
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for {
				p := int(next.Add(1) - 1)
				if p >= polls {
					return
				}
				n := min(perPoll, b.N-p*perPoll)
				items := benchPoll(p, n)
				res, err := s.SavePoll(items, feeds.SourceState{Name: items[0].Source, LastSuccess: benchNow}, benchNow)
				if err != nil || res.New != n {
					b.Errorf("poll %d: %+v, %v", p, res, err)
					return
				}
				total := done.Add(int64(n))
				mu.Lock()
				if firstAt == 0 && total >= int64(quarter) {
					firstAt, firstN = cpuTime(b), total
				}
				if lastAt == 0 && total >= int64(b.N-quarter) {
					lastAt, lastFrom = cpuTime(b), total
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	end := cpuTime(b)
	b.StopTimer()
	tx := s.db.Stats().TxStats
	tx.Sub(&txStart)
	fi, err := os.Stat(s.Path())
	if err != nil {
		b.Fatal(err)
	}
	n := float64(b.N)
	b.ReportMetric(float64(end-start)/n, "cpu-ns/item")
	if firstN > 0 && int64(b.N) > lastFrom {
		b.ReportMetric(float64(firstAt-start)/float64(firstN), "first-cpu-ns/item")
		b.ReportMetric(float64(end-lastAt)/float64(int64(b.N)-lastFrom), "last-cpu-ns/item")
	}
	b.ReportMetric(float64(fi.Size())/n, "file-B/item")
	b.ReportMetric(float64(tx.GetPageAlloc())/n, "written-B/item")
	b.ReportMetric(float64(tx.GetPageCount())/n, "pages/item")
	b.ReportMetric(float64(tx.GetWrite())/n, "writes/item")
	if anon, file, ok := residentMiB(); ok {
		b.ReportMetric(anon, "rss-anon-MiB")
		b.ReportMetric(file, "rss-file-MiB")
	}
	b.ReportMetric(float64(polls)/float64(s.commits.Load()-commitsStart), "polls/commit")
}
