package wire

import (
	"runtime/debug"
	"testing"

	"github.com/edufeed/edufeed/config"
)

// TestSetPollGC: a one-shot poll on PostgreSQL collects at pollGCPercent
// unless GOGC says otherwise; on bbolt nothing changes.
func TestSetPollGC(t *testing.T) {
	tests := []struct {
		name, driver, gogc string
		want               int
	}{
		{name: "postgres", driver: config.DriverPostgres, want: pollGCPercent},
		{name: "postgres with GOGC", driver: config.DriverPostgres, gogc: "150", want: -1},
		{name: "bolt", driver: config.DriverBolt, want: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOGC", tt.gogc)
			before := debug.SetGCPercent(100)
			defer debug.SetGCPercent(before)
			cfg := &config.Config{Store: config.Store{Driver: tt.driver}}
			if got := SetPollGC(cfg); got != tt.want {
				t.Fatalf("SetPollGC = %d, want %d", got, tt.want)
			}
			wantNow := 100
			if tt.want > 0 {
				wantNow = tt.want
			}
			if now := debug.SetGCPercent(100); now != wantNow {
				t.Errorf("GOGC now %d, want %d", now, wantNow)
			}
		})
	}
}
