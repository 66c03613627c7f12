package page

import (
	"testing"
	"time"
)

var cst = time.FixedZone("CST", 8*3600)

func TestListDates(t *testing.T) {
	now := time.Date(2025, 1, 15, 10, 0, 0, 0, cst)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cst) }
	tests := []struct {
		text     string
		want     time.Time // zero: no date
		inferred bool
	}{
		{"2025-01-10", day(2025, 1, 10), false},
		{"[2025-01-10]", day(2025, 1, 10), false},
		{"【2025-01-10】", day(2025, 1, 10), false},
		{"(01-10)", day(2025, 1, 10), true},
		{"01-10", day(2025, 1, 10), true},
		{"01/10", day(2025, 1, 10), true},
		{"1月10日", day(2025, 1, 10), true},
		{"12-31", day(2024, 12, 31), true}, // December read in January
		{"01-16", day(2024, 1, 16), true},  // never a future date
		{"02-29", day(2024, 2, 29), true},  // the last leap day
		{"01-15", day(2025, 1, 15), true},  // today
		{"2025年1月10日", day(2025, 1, 10), false},
		{"发布日期：2025年1月10日", day(2025, 1, 10), false},
		{"2025 年 1 月 10 日", day(2025, 1, 10), false},
		{"2025/01/10", day(2025, 1, 10), false},
		{"2025.01.10", day(2025, 1, 10), false},
		{"2025-1-9", day(2025, 1, 9), false},
		{"2025-01-10 09:30", time.Date(2025, 1, 10, 9, 30, 0, 0, cst), false},
		{"January 10, 2025", day(2025, 1, 10), false},
		{"Jan 10, 2025", day(2025, 1, 10), false},
		{"Jan. 10, 2025", day(2025, 1, 10), false},
		{"Friday, January 10, 2025", day(2025, 1, 10), false},
		{"10 January 2025", day(2025, 1, 10), false},
		{"10th Jan 2025", day(2025, 1, 10), false},
		{"日期：2025-01-10 点击：300", day(2025, 1, 10), false},
		{"3小时前", time.Date(2025, 1, 15, 7, 0, 0, 0, cst), false},
		{"昨天 08:30", time.Date(2025, 1, 14, 8, 30, 0, 0, cst), false},
		{"刚刚", now, false},
		{"2025-02-01", time.Time{}, false}, // after the fetch day
		{"1994-12-01", time.Time{}, false}, // before 1995: a placeholder
		{"13-45", time.Time{}, false},
		{"电话：0571-88886666", time.Time{}, false},
		{"2024-2025学年", time.Time{}, false},
		{"点击：300", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		var got time.Time
		var inferred bool
		if d, ok := findDate(tt.text); ok {
			got, inferred, _ = readDate(d, cst, now)
		}
		if !got.Equal(tt.want) || inferred != tt.inferred {
			t.Errorf("%q: got %v inferred=%v, want %v inferred=%v", tt.text, got, inferred, tt.want, tt.inferred)
		}
	}
}

// A year-less date needs the fetch time; without one it is no date.
func TestYearlessNeedsNow(t *testing.T) {
	d, ok := findDate("01-10")
	if !ok {
		t.Fatal("01-10 not found")
	}
	if _, _, ok := readDate(d, cst, time.Time{}); ok {
		t.Error("a year-less date was read without a fetch time")
	}
}
