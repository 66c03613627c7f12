package poll

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// TestSourcesShareScheduleEntry: sources whose schedules read the same in
// the same zone share one cron entry, and its tick polls each of them; a
// reload that takes the last source out of a group takes its entry out of
// cron, and one that brings a source back makes a new entry.
func TestSourcesShareScheduleEntry(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	env := newEnv(t, body("<rss/>"), feedOf(twoItems), nil)
	env.store.saved = make(chan string, 16)
	src := func(name, spec string, loc *time.Location) feeds.Source {
		s := source(name, "https://"+name+".example/rss")
		s.Schedule, s.Location = spec, loc
		return s
	}
	srcs := []feeds.Source{
		src("a", "@daily", time.UTC),
		src("b", "@daily", time.UTC),
		src("c", "@daily", time.UTC),
		src("d", "0 8 * * *", time.UTC),
		src("e", "0  8 * *  *", time.UTC), // d's schedule, spaced differently
		src("f", "0 8 * * *", shanghai),   // d's schedule in another zone
	}
	if err := env.s.Start(context.Background(), srcs); err != nil {
		t.Fatal(err)
	}
	defer env.s.Stop(time.Hour)
	saves := func(n int) []string {
		t.Helper()
		var got []string
		for range n {
			got = append(got, <-env.store.saved)
		}
		slices.Sort(got)
		return got
	}
	saves(len(srcs)) // the start-up polls

	env.s.mu.Lock()
	cronEntries := len(env.s.cron.Entries())
	ent := env.s.entries
	sameA := ent["a"].g == ent["b"].g && ent["b"].g == ent["c"].g
	sameD := ent["d"].g == ent["e"].g
	apartF := ent["f"].g != ent["d"].g && ent["f"].g != ent["a"].g
	job := env.s.cron.Entry(ent["a"].g.id).Job
	env.s.mu.Unlock()
	if cronEntries != 3 || !sameA || !sameD || !apartF {
		t.Fatalf("%d cron entries (want 3); a, b, c share one: %v; d and e: %v; f has its own: %v",
			cronEntries, sameA, sameD, apartF)
	}

	job.Run() // the tick of a, b and c
	if got := saves(3); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("one tick of @daily polled %v, want a, b and c", got)
	}
	if n := len(env.fetch.requests()); n != len(srcs)+3 {
		t.Errorf("%d fetches after the tick, want %d", n, len(srcs)+3)
	}

	// A reload removes a and b: c keeps the entry.
	if err := env.s.Update(srcs[2:]); err != nil {
		t.Fatal(err)
	}
	env.s.mu.Lock()
	cronEntries = len(env.s.cron.Entries())
	env.s.mu.Unlock()
	if cronEntries != 3 || env.s.NextRun("c").IsZero() || !env.s.NextRun("a").IsZero() {
		t.Errorf("after removing a and b: %d cron entries (want 3), NextRun(c) = %v, NextRun(a) = %v",
			cronEntries, env.s.NextRun("c"), env.s.NextRun("a"))
	}
	// Then c goes, and the @daily entry with it.
	if err := env.s.Update(srcs[3:]); err != nil {
		t.Fatal(err)
	}
	env.s.mu.Lock()
	cronEntries, groups := len(env.s.cron.Entries()), len(env.s.groups)
	env.s.mu.Unlock()
	if cronEntries != 2 || groups != 2 {
		t.Errorf("after removing c: %d cron entries and %d groups, want 2", cronEntries, groups)
	}
	// c comes back: a new entry, and its first poll right away.
	if err := env.s.Update(srcs[2:]); err != nil {
		t.Fatal(err)
	}
	if got := saves(1); got[0] != "c" {
		t.Errorf("after adding c back, %v was polled, want c", got)
	}
	env.s.mu.Lock()
	cronEntries = len(env.s.cron.Entries())
	env.s.mu.Unlock()
	if next := env.s.NextRun("c"); cronEntries != 3 || next.IsZero() || next.Hour() != 0 {
		t.Errorf("after adding c back: %d cron entries (want 3), NextRun(c) = %v (want midnight)", cronEntries, next)
	}
}

// TestEntriesShareCallersSources: entries point into the slice given to
// Start, not at copies; an Update that keeps an entry points it into the new
// slice, so that the old one is not kept alive.
func TestEntriesShareCallersSources(t *testing.T) {
	env := newEnv(t, body("<rss/>"), feedOf(twoItems), nil)
	env.store.saved = make(chan string, 4)
	first := []feeds.Source{source("a", "https://a.example/rss"), source("b", "https://b.example/rss")}
	if err := env.s.Start(context.Background(), first); err != nil {
		t.Fatal(err)
	}
	defer env.s.Stop(time.Hour)
	<-env.store.saved
	<-env.store.saved
	env.s.mu.Lock()
	a := env.s.entries["a"]
	shared := a.src.Load() == &first[0] && env.s.entries["b"].src.Load() == &first[1]
	env.s.mu.Unlock()
	if !shared {
		t.Fatal("entries do not point into the slice given to Start")
	}
	second := append([]feeds.Source(nil), first...)
	if err := env.s.Update(second); err != nil {
		t.Fatal(err)
	}
	env.s.mu.Lock()
	kept, moved := env.s.entries["a"] == a, a.src.Load() == &second[0]
	env.s.mu.Unlock()
	if !kept || !moved {
		t.Errorf("after an Update with equal sources: entry kept %v, points into the new slice %v; want both", kept, moved)
	}
}
