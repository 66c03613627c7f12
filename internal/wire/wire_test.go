package wire

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// TestLoadConfigRestoresGC: LoadConfig collects more often only while it
// parses; the process's own GOGC is back when it returns, error or not.
func TestLoadConfigRestoresGC(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte("sources:\n  - {name: moe, url: \"https://www.moe.gov.cn/rss.xml\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("sources: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path    string
		wantErr bool
	}{{good, false}, {bad, true}} {
		prev := debug.SetGCPercent(150)
		cfg, err := LoadConfig(tc.path)
		got := debug.SetGCPercent(prev)
		if (err != nil) != tc.wantErr {
			t.Fatalf("%s: error %v, want one: %v", tc.path, err, tc.wantErr)
		}
		if err == nil && len(cfg.Sources) != 1 {
			t.Errorf("%s: %d sources, want 1", tc.path, len(cfg.Sources))
		}
		if got != 150 {
			t.Errorf("%s: GOGC after LoadConfig = %d, want the caller's 150", tc.path, got)
		}
	}
}
