package poll

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCheckSchedule(t *testing.T) {
	tests := []struct {
		spec    string
		wantErr string // substring; empty means valid
	}{
		{spec: "*/20 * * * *"},
		{spec: "0 8 * * 1-5"},
		{spec: "@every 15m"},
		{spec: "@every 1m"},
		{spec: "@hourly"},
		{spec: "@daily"},
		{spec: "CRON_TZ=Asia/Shanghai 0 8 * * *"},
		{spec: "TZ=Asia/Shanghai 0 8 * * *"},
		{spec: "  @every   2h  "},
		{spec: "", wantErr: "empty"},
		{spec: "garbage", wantErr: "expected exactly 5 fields"},
		{spec: "TZ=Asia/Shanghai", wantErr: "needs a schedule after it"},
		{spec: "CRON_TZ=Asia/Shanghai", wantErr: "needs a schedule after it"},
		{spec: "TZ= 0 8 * * *", wantErr: "empty time zone"},
		{spec: "CRON_TZ=Mars/Olympus 0 8 * * *", wantErr: "bad location"},
		{spec: "@every 500ms", wantErr: "minimum"},
		{spec: "@every 0s", wantErr: "minimum"},
		{spec: "@every -1m", wantErr: "minimum"},
		{spec: "@every 59s", wantErr: "minimum"},
		{spec: "CRON_TZ=UTC @every 10s", wantErr: "minimum"},
		{spec: "@every soon", wantErr: "invalid duration"},
		{spec: "@fortnightly", wantErr: "unrecognized descriptor"},
		{spec: "0 0 8 * * *", wantErr: "expected exactly 5 fields, found 6"},
		{spec: "61 * * * *", wantErr: "above maximum"},
		{spec: "0 0 30 2 *", wantErr: "never fires"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			err := CheckSchedule(tt.spec)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("CheckSchedule(%q) = %v, want nil", tt.spec, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("CheckSchedule(%q) = nil, want error containing %q", tt.spec, tt.wantErr)
			}
			if !errors.Is(err, ErrInvalidSchedule) {
				t.Errorf("error %v does not wrap ErrInvalidSchedule", err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), tt.spec) {
				t.Errorf("error %q: want it to name the spec and contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestNextRun(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, time.July, 23, 9, 0, 0, 0, shanghai)
	tests := []struct {
		spec string
		loc  *time.Location
		want time.Time
	}{
		{"0 8 * * *", shanghai, time.Date(2024, time.July, 24, 8, 0, 0, 0, shanghai)},
		{"30 9 * * *", shanghai, time.Date(2024, time.July, 23, 9, 30, 0, 0, shanghai)},
		// Same spec read in UTC: 08:00 UTC is 16:00 in Shanghai, still today.
		{"0 8 * * *", time.UTC, time.Date(2024, time.July, 23, 8, 0, 0, 0, time.UTC)},
		// The spec's own zone wins over loc.
		{"CRON_TZ=UTC 0 8 * * *", shanghai, time.Date(2024, time.July, 23, 8, 0, 0, 0, time.UTC)},
		{"@every 15m", shanghai, now.Add(15 * time.Minute)},
		{"@hourly", shanghai, time.Date(2024, time.July, 23, 10, 0, 0, 0, shanghai)},
		{"0 8 * * 1", shanghai, time.Date(2024, time.July, 29, 8, 0, 0, 0, shanghai)}, // next Monday
	}
	for _, tt := range tests {
		got, err := NextRun(tt.spec, tt.loc, now)
		if err != nil {
			t.Errorf("NextRun(%q, %v): %v", tt.spec, tt.loc, err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("NextRun(%q, %v, %v) = %v, want %v", tt.spec, tt.loc, now, got, tt.want)
		}
	}
	if _, err := NextRun("@every 500ms", shanghai, now); !errors.Is(err, ErrInvalidSchedule) {
		t.Errorf("NextRun(@every 500ms) error = %v, want ErrInvalidSchedule", err)
	}
}

func TestJitter(t *testing.T) {
	tests := []struct {
		name         string
		every, limit time.Duration
		bound        time.Duration // result must be in [0, bound); 0 means exactly 0
	}{
		{"moe-news", 30 * time.Minute, time.Minute, time.Minute},
		{"moe-news", 5 * time.Minute, time.Minute, 30 * time.Second},
		{"gaokao", 24 * time.Hour, time.Minute, time.Minute},
		{"moe-news", 30 * time.Minute, 0, 0},
		{"moe-news", 0, time.Minute, 0},
	}
	for _, tt := range tests {
		got := jitter(tt.name, tt.every, tt.limit)
		if tt.bound == 0 && got != 0 || got < 0 || tt.bound > 0 && got >= tt.bound {
			t.Errorf("jitter(%q, %v, %v) = %v, want in [0, %v)", tt.name, tt.every, tt.limit, got, tt.bound)
		}
		if again := jitter(tt.name, tt.every, tt.limit); again != got {
			t.Errorf("jitter(%q) not deterministic: %v then %v", tt.name, got, again)
		}
	}
	// Different names spread out.
	seen := map[time.Duration]bool{}
	for _, name := range []string{"a", "b", "c", "d", "e", "f"} {
		seen[jitter(name, time.Hour, time.Minute)] = true
	}
	if len(seen) < 2 {
		t.Errorf("six sources got %d distinct jitters, want them spread", len(seen))
	}
}

func TestInterval(t *testing.T) {
	for spec, want := range map[string]time.Duration{
		"@every 15m":   15 * time.Minute,
		"*/20 * * * *": 20 * time.Minute,
		"@daily":       24 * time.Hour,
	} {
		sched, err := parseSchedule(spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := interval(zoned(sched, time.UTC), testNow); got != want {
			t.Errorf("interval(%q) = %v, want %v", spec, got, want)
		}
	}
}
