package notify

import (
	"testing"
	"time"
)

// Feishu allows 5 messages a second and 100 a minute: both windows count.
func TestLimiterFeishuWindows(t *testing.T) {
	l := newLimiter(KindFeishu)
	now := start
	sent := 0
	for sent < 100 {
		if l.free(now) == 0 {
			next := l.next(now)
			if !next.After(now) {
				t.Fatalf("no free slot at %v, but next is %v", now, next)
			}
			now = next
			continue
		}
		l.note(now)
		sent++
		if l.free(now) < 0 {
			t.Fatal("negative free")
		}
	}
	// 100 messages at 5 a second take 19 seconds past the first.
	if got := now.Sub(start); got != 19*time.Second {
		t.Errorf("100 messages took %v, want 19s", got)
	}
	if l.free(now) != 0 || !l.next(now).Equal(start.Add(time.Minute)) {
		t.Errorf("after 100 in a minute: free %d, next %v; want 0 until %v", l.free(now), l.next(now), start.Add(time.Minute))
	}
	if newLimiter(KindWebhook).free(now) != unlimited {
		t.Error("a webhook has a rate limit")
	}
}
