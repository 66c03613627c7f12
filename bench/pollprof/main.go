// Command pollprof runs `edufeed poll` under pprof: it wires the poll
// pipeline as cmd/edufeed does (same config loading, fetch client, parser,
// filter and store options), polls every enabled source once, and writes a
// CPU profile, an allocation profile and an in-use heap profile taken near
// the peak of the heap. edufeed itself has no profiling flag; bench/poll
// -profile runs this against the same loopback feeds.
//
// Usage:
//
//	pollprof -config FILE -out PREFIX
//
// writes PREFIX.cpu, PREFIX.allocs and PREFIX.heap, and prints the poll
// results and the peak heap and RSS figures.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/edufeed/edufeed/feeds/fetch"
	"github.com/edufeed/edufeed/feeds/parse"
	"github.com/edufeed/edufeed/feeds/poll"
	"github.com/edufeed/edufeed/internal/wire"
)

func main() {
	cfgPath := flag.String("config", "config.yaml", "edufeed config file")
	out := flag.String("out", "poll", "prefix of the profile files")
	flag.Parse()
	if err := run(*cfgPath, *out); err != nil {
		fmt.Fprintln(os.Stderr, "pollprof:", err)
		os.Exit(1)
	}
}

func run(cfgPath, out string) error {
	cfg, err := wire.LoadConfig(cfgPath)
	if err != nil {
		return err
	}
	cls, err := wire.Classifier(cfg)
	if err != nil {
		return err
	}
	st, err := wire.OpenStoreOnce(context.Background(), cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	wire.SetPollGC(cfg)
	sched := poll.New(poll.Options{
		Fetcher: fetch.NewClient(fetch.Options{MaxBody: cfg.Defaults.MaxBody, DenyPrivate: cfg.Fetch.DenyPrivate,
			IdlePerHost: cfg.Defaults.PerHost, HostDelay: cfg.Defaults.HostDelay}),
		Parser:      parse.New(),
		Store:       st,
		Logger:      slog.New(slog.NewTextHandler(os.Stderr, nil)),
		Concurrency: cfg.Defaults.Concurrency,
		PerHost:     cfg.Defaults.PerHost,
		Filter:      cls,
		Pages:       wire.PageReader{},
		Articles:    wire.ArticleReader{},
		Leases:      wire.Leases(st, cfg),
	})

	cpuFile, err := os.Create(out + ".cpu")
	if err != nil {
		return err
	}
	defer cpuFile.Close()
	peak := startPeakWatch()
	if err := pprof.StartCPUProfile(cpuFile); err != nil {
		return err
	}
	start := time.Now()
	results := sched.PollAll(context.Background(), wire.Sources(cfg))
	wall := time.Since(start)
	pprof.StopCPUProfile()
	heapPeak, heapProfile, rssPeak := peak.stop()

	counts := map[string]int{}
	for _, r := range results {
		switch {
		case r.Err != nil:
			counts["error"]++
		case r.NotModified:
			counts["not_modified"]++
		default:
			counts["ok"]++
		}
		counts["new"] += r.New
	}
	if err := os.WriteFile(out+".heap", heapProfile, 0o644); err != nil {
		return err
	}
	if err := writeProfile("allocs", out+".allocs"); err != nil {
		return err
	}
	fmt.Printf("sources=%d ok=%d not_modified=%d errors=%d new=%d wall=%.2fs peak_heap_inuse=%dMiB peak_rss=%s\n",
		len(results), counts["ok"], counts["not_modified"], counts["error"], counts["new"], wall.Seconds(),
		heapPeak>>20, rssPeak)
	return nil
}

func writeProfile(name, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// peakWatch samples the heap every 100 ms and keeps an in-use heap profile
// taken whenever the heap grew 10 % past the one of the last profile (not
// past the last sample: a heap that grows slowly never jumps 10 % between
// two samples, and the profile would be the first one's).
type peakWatch struct {
	done chan struct{}
	wg   sync.WaitGroup

	heapPeak   uint64
	profiledAt uint64 // HeapInuse when profile was taken
	profile    []byte
	rssPeak    string // RSS split at the sample with the largest VmRSS
	rssMax     int
}

func startPeakWatch() *peakWatch {
	w := &peakWatch{done: make(chan struct{})}
	w.wg.Go(func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-w.done:
				return
			case <-tick.C:
			}
			runtime.ReadMemStats(&ms)
			w.heapPeak = max(w.heapPeak, ms.HeapInuse)
			if ms.HeapInuse > w.profiledAt+w.profiledAt/10 {
				var buf bytes.Buffer
				if err := pprof.Lookup("heap").WriteTo(&buf, 0); err == nil {
					w.profile, w.profiledAt = buf.Bytes(), ms.HeapInuse
				}
			}
			if rss, split := rssNow(); rss > w.rssMax {
				w.rssMax, w.rssPeak = rss, split
			}
		}
	})
	return w
}

func (w *peakWatch) stop() (uint64, []byte, string) {
	close(w.done)
	w.wg.Wait()
	return w.heapPeak, w.profile, w.rssPeak
}

// rssNow reads VmRSS and its anonymous and file-backed parts, in kB.
func rssNow() (int, string) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, ""
	}
	var rss int
	var parts []string
	for line := range strings.Lines(string(b)) {
		for _, key := range []string{"VmRSS:", "RssAnon:", "RssFile:"} {
			if v, ok := strings.CutPrefix(line, key); ok {
				var kb int
				fmt.Sscan(v, &kb)
				if key == "VmRSS:" {
					rss = kb
				}
				parts = append(parts, fmt.Sprintf("%s%dMiB", strings.ToLower(strings.TrimSuffix(key, ":"))+"=", kb>>10))
			}
		}
	}
	return rss, strings.Join(parts, ",")
}
