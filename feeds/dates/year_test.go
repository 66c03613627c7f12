package dates

import (
	"testing"
	"time"
)

func TestReadDateYearless(t *testing.T) {
	tests := []struct {
		in       string
		yearless bool
	}{
		{"01-10 12:00", true},
		{"7月23日", true},
		{"发布时间：07-23 10:00", true},
		{"2026-01-10 12:00", false},
		{"2026年1月10日", false},
		{"Sat, 10 Jan 2026 11:02:00 +0800", false},
		{"3小时前", false},
		{"昨天 08:30", false},
	}
	for _, tt := range tests {
		_, yearless, ok := ReadDate(tt.in, nil, januaryNow)
		if !ok || yearless != tt.yearless {
			t.Errorf("ReadDate(%q): yearless %v ok %v, want yearless %v", tt.in, yearless, ok, tt.yearless)
		}
	}
}

func TestPlaceYear(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04 -0700", s)
		if err != nil {
			panic(err)
		}
		return v
	}
	dated := func(ss ...string) []time.Time {
		out := make([]time.Time, len(ss))
		for i, s := range ss {
			out[i] = at(s)
		}
		return out
	}
	december := dated("2025-12-20 09:00 +0800", "2025-12-24 16:30 +0800", "2025-12-28 10:00 +0800")
	of2024 := dated("2024-03-01 09:00 +0800", "2024-04-18 10:00 +0800", "2024-05-20 15:00 +0800")
	tests := []struct {
		name   string
		md     string // the year-less date, in any year
		others []time.Time
		now    string
		want   string
	}{
		{"December items read in January: a December one is last year's", "2000-12-30 09:00 +0800", december, "2026-01-03 10:00 +0800", "2025-12-30 09:00 +0800"},
		{"December items read in January: a January one is this year's", "2000-01-02 10:00 +0800", december, "2026-01-03 10:00 +0800", "2026-01-02 10:00 +0800"},
		{"December items read in January: not a future date", "2000-01-05 10:00 +0800", december, "2026-01-03 10:00 +0800", "2025-01-05 10:00 +0800"},
		{"a document of 2024 items read in 2026", "2000-04-15 08:00 +0800", of2024, "2026-01-10 09:00 +0800", "2024-04-15 08:00 +0800"},
		{"a document of 2024 items read in 2026, just after them", "2000-06-01 08:00 +0800", of2024, "2026-01-10 09:00 +0800", "2024-06-01 08:00 +0800"},
		{"a lone item, earlier today", "2000-01-10 08:00 +0800", nil, "2026-01-10 09:00 +0800", "2026-01-10 08:00 +0800"},
		{"a lone item, later today: last year", "2000-01-10 12:00 +0800", nil, "2026-01-10 09:00 +0800", "2025-01-10 12:00 +0800"},
		{"a lone item, minutes ahead: a fast clock", "2000-01-10 09:05 +0800", nil, "2026-01-10 09:00 +0800", "2026-01-10 09:05 +0800"},
		{"a lone 29 February", "2000-02-29 10:00 +0800", nil, "2026-01-10 09:00 +0800", "2024-02-29 10:00 +0800"},
		{"dates that disagree say nothing: the most recent", "2000-06-01 08:00 +0800",
			dated("2019-05-01 09:00 +0800", "2025-12-20 09:00 +0800"), "2026-01-10 09:00 +0800", "2025-06-01 08:00 +0800"},
		{"others of this month, the date ahead of now: last year", "2000-01-20 10:00 +0800",
			dated("2026-01-02 09:00 +0800", "2026-01-04 09:00 +0800"), "2026-01-05 09:00 +0800", "2025-01-20 10:00 +0800"},
		{"others in another zone", "2000-12-31 23:30 +0800",
			dated("2025-12-31 10:00 +0000", "2025-12-30 10:00 +0000"), "2026-01-02 00:00 +0000", "2025-12-31 23:30 +0800"},
	}
	for _, tt := range tests {
		now := at(tt.now)
		got, ok := PlaceYear(at(tt.md), tt.others, now)
		if !ok || !got.Equal(at(tt.want)) {
			t.Errorf("%s: PlaceYear = %v, %v; want %s", tt.name, got, ok, tt.want)
		}
		if got.After(now.Add(clockSkew)) {
			t.Errorf("%s: %v is in the future of %v", tt.name, got, now)
		}
	}
}
