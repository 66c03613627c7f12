package poll

// The ingest benchmarks of issue 7: the pipeline of one poll after the fetch
// (parse, clean, merge keys, one store write into a real bbolt file) against
// a bare gofeed parse of the same bytes, its floor. The documents are those of
// bench/gen-feeds.py (the input of bench/poll), rebuilt here byte for byte by
// benchFeeds; TestBenchFeedsMatchGenerator holds the two together.
//
//	go test -run='^$' -bench='Ingest$|GofeedOnly$' -count=6 ./feeds/poll/ | tee new.txt
//	benchstat -col .name -filter '.name:(Ingest OR GofeedOnly)' new.txt
//
// Both run on every core, the ingest 16 polls at a time as the daemon does;
// the Serial variants run one document at a time.

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/bits"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/fetch"
	"github.com/edufeed/edufeed/feeds/merge"
	"github.com/edufeed/edufeed/feeds/parse"
	"github.com/edufeed/edufeed/store"
)

// benchWords is gen-feeds.py's vocabulary, in its order.
var benchWords = strings.Fields("教育部 高校 招生 考试 学生 教师 课程 改革 推进 会议 部署 工作 安全 寒假 暑假 学期 " +
	"质量 发展 建设 义务教育 职业教育 高等教育 研究生 本科 就业 创新 科研 人才 培养 评价")

// benchFeeds returns the first n documents that gen-feeds.py writes
// (f0.xml, f1.xml, ...) with 20 items each. It replays the script's draws
// from Python's random.Random(42), so the bytes are the same.
func benchFeeds(n int) [][]byte {
	rng := newPyRandom(42)
	start := time.Date(2026, time.November, 1, 0, 0, 0, 0, time.FixedZone("", 8*3600))
	docs := make([][]byte, n)
	var b bytes.Buffer
	for i := range docs {
		b.Reset()
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>来源%d</title>`+
			`<link>https://src%d.example.cn/</link><description>bench</description>`, i, i)
		for j := range 20 {
			var title strings.Builder
			for range 6 {
				title.WriteString(rng.choice(benchWords))
			}
			var paras strings.Builder
			for range 5 {
				phrases := make([]string, 6)
				for p := range phrases {
					var w strings.Builder
					for range 5 {
						w.WriteString(rng.choice(benchWords))
					}
					phrases[p] = w.String()
				}
				paras.WriteString("<p>" + strings.Join(phrases, "，") + "。</p>")
			}
			when := start.Add(time.Duration(rng.below(40000)) * time.Minute)
			fmt.Fprintf(&b, `<item><title>%s</title><link>https://src%d.example.cn/news/%d.html</link>`+
				`<guid isPermaLink="false">src%d-%d</guid><pubDate>%s</pubDate>`+
				`<description><![CDATA[%s<p>责任编辑：王五</p>]]></description></item>`,
				title.String(), i, j, i, j, when.Format("Mon, 02 Jan 2006 15:04:05 -0700"), paras.String())
		}
		b.WriteString("</channel></rss>")
		docs[i] = bytes.Clone(b.Bytes())
	}
	return docs
}

// pyRandom is CPython's random.Random (MT19937), as far as gen-feeds.py uses it.
type pyRandom struct {
	mt [624]uint32
	i  int
}

// newPyRandom seeds like random.Random(seed) for a seed below 2³².
func newPyRandom(seed uint32) *pyRandom {
	r := &pyRandom{}
	r.initGenrand(19650218)
	key := []uint32{seed}
	i, j := 1, 0
	for k := max(624, len(key)); k > 0; k-- {
		r.mt[i] = (r.mt[i] ^ ((r.mt[i-1] ^ (r.mt[i-1] >> 30)) * 1664525)) + key[j] + uint32(j)
		i, j = i+1, j+1
		if i >= 624 {
			r.mt[0], i = r.mt[623], 1
		}
		if j >= len(key) {
			j = 0
		}
	}
	for k := 623; k > 0; k-- {
		r.mt[i] = (r.mt[i] ^ ((r.mt[i-1] ^ (r.mt[i-1] >> 30)) * 1566083941)) - uint32(i)
		i++
		if i >= 624 {
			r.mt[0], i = r.mt[623], 1
		}
	}
	r.mt[0] = 0x80000000
	return r
}

func (r *pyRandom) initGenrand(s uint32) {
	r.mt[0] = s
	for i := 1; i < 624; i++ {
		r.mt[i] = 1812433253*(r.mt[i-1]^(r.mt[i-1]>>30)) + uint32(i)
	}
	r.i = 624
}

func (r *pyRandom) uint32() uint32 {
	if r.i >= 624 {
		for k := range 624 {
			y := r.mt[k]&0x80000000 | r.mt[(k+1)%624]&0x7fffffff
			v := r.mt[(k+397)%624] ^ y>>1
			if y&1 != 0 {
				v ^= 0x9908b0df
			}
			r.mt[k] = v
		}
		r.i = 0
	}
	y := r.mt[r.i]
	r.i++
	y ^= y >> 11
	y ^= y << 7 & 0x9d2c5680
	y ^= y << 15 & 0xefc60000
	return y ^ y>>18
}

// below is random's _randbelow(n) for 0 < n < 2³²: rejection sampling on
// getrandbits(n.bit_length()).
func (r *pyRandom) below(n int) int {
	k := bits.Len(uint(n))
	for {
		if v := int(r.uint32() >> (32 - k)); v < n {
			return v
		}
	}
}

func (r *pyRandom) choice(words []string) string { return words[r.below(len(words))] }

// TestBenchFeedsMatchGenerator checks benchFeeds against files written by
// `gen-feeds.py OUT 2 20 URL`, so the benchmarks measure bench/poll's bytes.
func TestBenchFeedsMatchGenerator(t *testing.T) {
	docs := benchFeeds(2)
	for i, doc := range docs {
		want, err := os.ReadFile(filepath.Join("testdata", "bench", "f"+strconv.Itoa(i)+".xml"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(doc, want) {
			n := 0
			for n < min(len(doc), len(want)) && doc[n] == want[n] {
				n++
			}
			t.Errorf("f%d.xml: generated %d bytes, file has %d; first difference at byte %d: %.60q",
				i, len(doc), len(want), n, doc[n:])
		}
	}
}

// benchFetcher answers a source "srcN" with document N (mod len(docs)) and
// the same validators every time, as a server ignoring conditional requests.
type benchFetcher struct{ docs [][]byte }

func (f benchFetcher) Fetch(_ context.Context, req fetch.Request) (*fetch.Response, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(req.Source, "src"))
	if err != nil {
		return nil, err
	}
	return &fetch.Response{
		Body:       f.docs[n%len(f.docs)],
		StatusCode: 200,
		FinalURL:   req.URL,
		ETag:       `"bench"`,
	}, nil
}

// benchScheduler builds the production pipeline (real parser, cleaner and
// bbolt store with the daemon's merge options) on a fetcher that serves docs.
func benchScheduler(b *testing.B, docs [][]byte) *Scheduler {
	b.Helper()
	st, err := store.Open(filepath.Join(b.TempDir(), "edufeed.db"),
		store.Options{TitleWindow: merge.TitleWindow, MaxDistance: merge.MaxDistance})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	// After the newest generated date, so that no date counts as future.
	now := time.Date(2026, time.November, 29, 12, 0, 0, 0, time.UTC)
	return New(Options{
		Fetcher:   benchFetcher{docs},
		Parser:    parse.New(),
		Store:     st,
		Logger:    slog.New(slog.DiscardHandler),
		MaxJitter: -1,
		Now:       func() time.Time { return now },
	})
}

var benchZone = time.FixedZone("CST", 8*3600)

func benchSource(n int) feeds.Source {
	name := "src" + strconv.Itoa(n)
	return feeds.Source{
		Name: name, URL: "http://127.0.0.1/feeds/f" + strconv.Itoa(n) + ".xml",
		Schedule: "@every 24h", Location: benchZone, Enabled: true, Timeout: time.Minute,
		Clean: &feeds.CleanRules{Builtin: true},
	}
}

func meanLen(docs [][]byte) int64 {
	var n int
	for _, d := range docs {
		n += len(d)
	}
	return int64(n / len(docs))
}

// BenchmarkIngest polls one 20-item document per op through parse, clean,
// merge keys and SavePoll (fsync included), 16 polls at a time as the daemon
// runs them (bench/poll's concurrency), so ns/op is the pipeline's
// throughput on all cores. Every op is another source with its own
// document, as in a full cycle, so all items are new and the store grows as
// it does in bench/poll.
func BenchmarkIngest(b *testing.B) {
	docs := benchFeeds(b.N)
	s := benchScheduler(b, docs)
	ctx := context.Background()
	b.SetBytes(meanLen(docs))
	b.ReportAllocs()
	b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0)))
	var next, merged atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(next.Add(1) - 1)
			res := s.Poll(ctx, benchSource(i))
			if res.Err != nil || res.Items != 20 {
				b.Errorf("poll %d: %d items, %v", i, res.Items, res.Err)
				return
			}
			merged.Add(int64(res.Merged))
		}
	})
	b.ReportMetric(float64(merged.Load())/float64(b.N), "merged/op")
}

// BenchmarkIngestSerial is BenchmarkIngest one poll at a time: the latency
// of a poll, each waiting for its own commit.
func BenchmarkIngestSerial(b *testing.B) {
	docs := benchFeeds(b.N)
	s := benchScheduler(b, docs)
	ctx := context.Background()
	b.SetBytes(meanLen(docs))
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		res := s.Poll(ctx, benchSource(i))
		if res.Err != nil || res.Items != 20 {
			b.Fatalf("poll %d: %d items, %v", i, res.Items, res.Err)
		}
	}
}

// BenchmarkIngestUnchanged polls the same 100 documents again and again,
// each answered 200 with nothing changed, as from a server that ignores
// conditional requests: the work a poll could skip.
func BenchmarkIngestUnchanged(b *testing.B) {
	docs := benchFeeds(100)
	s := benchScheduler(b, docs)
	ctx := context.Background()
	for i := range docs {
		if res := s.Poll(ctx, benchSource(i)); res.Err != nil {
			b.Fatal(res.Err)
		}
	}
	b.SetBytes(meanLen(docs))
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		res := s.Poll(ctx, benchSource(i%len(docs)))
		if res.Err != nil || res.New+res.Updated+res.Merged != 0 {
			b.Fatalf("poll %d: %+v, %v", i, res.PollResult, res.Err)
		}
	}
}

// BenchmarkGofeedOnly parses the same documents with a bare gofeed.Parser on
// every core (one parser per goroutine): the floor that BenchmarkIngest is
// held against (≥ 0.5× its MB/s).
func BenchmarkGofeedOnly(b *testing.B) {
	docs := benchFeeds(100)
	b.SetBytes(meanLen(docs))
	b.ReportAllocs()
	var next atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		p := gofeed.NewParser()
		for pb.Next() {
			i := int(next.Add(1) - 1)
			f, err := p.Parse(bytes.NewReader(docs[i%len(docs)]))
			if err != nil || len(f.Items) != 20 {
				b.Errorf("doc %d: %v", i, err)
				return
			}
		}
	})
}

// BenchmarkGofeedOnlySerial is BenchmarkGofeedOnly on one goroutine, the
// floor of BenchmarkIngestSerial.
func BenchmarkGofeedOnlySerial(b *testing.B) {
	docs := benchFeeds(100)
	p := gofeed.NewParser()
	b.SetBytes(meanLen(docs))
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		f, err := p.Parse(bytes.NewReader(docs[i%len(docs)]))
		if err != nil || len(f.Items) != 20 {
			b.Fatalf("doc %d: %v", i, err)
		}
	}
}
