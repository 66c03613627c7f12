package publish

import (
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// The status page lists the notify targets with their last delivery,
// backlog and error; there is no section without targets.
func TestIndexNotifySection(t *testing.T) {
	f := newFake()
	f.states = statusStates()
	at := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	h := NewHandler(f, Options{Info: testInfo(), Sources: testSources(), Notify: func() []feeds.NotifyStatus {
		return []feeds.NotifyStatus{
			{Name: "grade-7", Kind: "wecom", Mode: "each", Endpoint: "https://qyapi.weixin.qq.com", LastDelivery: at, Delivered: 12},
			{Name: "principal", Kind: "email", Mode: "digest", Backlog: 4, LastError: `notify target "principal": SMTP: login refused`,
				LastErrorAt: at, ConsecutiveErrors: 2, NextAttempt: at.Add(time.Minute)},
		}
	}})
	doc := parseHTML(t, get(t, h, "/").Body.Bytes())
	var rows [][]string
	for _, table := range findAll(doc, tag("table")) {
		if id, _ := attr(table, "id"); id != "notify" {
			continue
		}
		for _, tr := range findAll(table, tag("tr")) {
			var cells []string
			for _, td := range findAll(tr, tag("td")) {
				cells = append(cells, strings.TrimSpace(textOf(td)))
			}
			if len(cells) > 0 {
				rows = append(rows, cells)
			}
		}
	}
	want := [][]string{
		{"grade-7", "wecom", "each", "2026-03-02 00:00 UTC", "12", "0", ""},
		{"principal", "email", "digest", "never", "0", "4", `notify target "principal": SMTP: login refused (retry 2026-03-02 00:01 UTC)`},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %q, want %q", rows, want)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
		}
	}

	plain, _ := newStatusHandler()
	if strings.Contains(get(t, plain, "/").Body.String(), "Notify targets") {
		t.Error("a daemon without targets shows a notify section")
	}
}
