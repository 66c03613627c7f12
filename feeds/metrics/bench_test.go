package metrics

import (
	"strconv"
	"testing"
	"time"
)

func BenchmarkObservePoll(b *testing.B) {
	m := New("v1", "r")
	pr := pollResult(3, 1, 0, 2, 0)
	b.ReportAllocs()
	for b.Loop() {
		m.ObservePoll("moe-news", ResultOK, pr, 1500*time.Millisecond)
	}
}

func BenchmarkObservePollParallel(b *testing.B) {
	m := New("v1", "r")
	pr := pollResult(3, 1, 0, 2, 0)
	names := make([]string, 64)
	for i := range names {
		names[i] = "source-" + strconv.Itoa(i)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			m.ObservePoll(names[i%len(names)], ResultOK, pr, time.Second)
			i++
		}
	})
}

func BenchmarkInstrument(b *testing.B) {
	m := New("v1", "r")
	h := m.Instrument("/feed.xml", nopHandler{})
	w := nopWriter{}
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(w, nil)
	}
}
