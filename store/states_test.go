package store

import (
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// TestStatesSeeWrites: States decodes a state again whenever its stored
// bytes changed, keeps its item count, and what a caller does to one answer
// does not reach the next.
func TestStatesSeeWrites(t *testing.T) {
	s := openTemp(t)
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	for _, name := range []string{"moe", "gaokao"} {
		if err := s.SaveState(feeds.SourceState{Name: name, LastSuccess: at}); err != nil {
			t.Fatal(err)
		}
	}
	first, err := s.States()
	if err != nil || len(first) != 2 || first[0].Name != "gaokao" || first[1].Name != "moe" {
		t.Fatalf("States = %+v, %v; want gaokao and moe", first, err)
	}
	first[1].LastError = "changed by a caller"

	if err := s.SaveState(feeds.SourceState{Name: "moe", LastError: "503", ConsecutiveErrors: 1, LastSuccess: at}); err != nil {
		t.Fatal(err)
	}
	items := []feeds.Item{{ID: "a1", Source: "gaokao", Sources: []string{"gaokao"}, Title: "高考报名通知", Link: "https://gaokao.example.cn/a1.html", Published: at}}
	if _, err := s.SavePoll(items, feeds.SourceState{Name: "gaokao", LastSuccess: at.Add(time.Hour)}, at); err != nil {
		t.Fatal(err)
	}
	second, err := s.States()
	if err != nil {
		t.Fatal(err)
	}
	if g := second[0]; g.ItemCount != 1 || !g.LastSuccess.Equal(at.Add(time.Hour)) {
		t.Errorf("gaokao after a poll: %+v, want 1 item and the new success", g)
	}
	if m := second[1]; m.LastError != "503" || m.ConsecutiveErrors != 1 {
		t.Errorf("moe after a failure: %+v, want the failure", m)
	}
	third, _ := s.States()
	if third[1] != second[1] || third[0] != second[0] {
		t.Errorf("an unchanged store read twice differs: %+v then %+v", second, third)
	}
}
