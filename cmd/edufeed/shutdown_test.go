package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// messageLog records log messages in order.
type messageLog struct {
	mu   sync.Mutex
	msgs []string
}

func (l *messageLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *messageLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *messageLog) WithGroup(string) slog.Handler            { return l }
func (l *messageLog) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, r.Message)
	return nil
}

func (l *messageLog) messages() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.msgs)
}

// TestShutdownCancelsAdminPoll: an admin-started poll of a source that never
// answers is one of the scheduler's polls at shutdown: it gets the grace
// period, is then cancelled, and has ended before the daemon says it has
// stopped and closes the store.
func TestShutdownCancelsAdminPoll(t *testing.T) {
	arrived := make(chan struct{}, 1)
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done() // answers only when the poll gives up
	}))
	defer hung.Close()
	path := filepath.Join(t.TempDir(), "config.yaml")
	mergeConfig(t, path, "", fmt.Sprintf("  - {name: hung, url: %q, enabled: false, allow_private: true}\n", hung.URL+"/feed.xml"))
	cfg, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	logs := &messageLog{}
	d, err := openDaemon(cfg, slog.New(logs), overrides{})
	if err != nil {
		t.Fatal(err)
	}
	d.pollGrace = 50 * time.Millisecond
	srv := httptest.NewUnstartedServer(nil)
	ln := srv.Listener
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.serve(ctx, ln) }()

	answered := make(chan string, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, base+"/admin/poll?source=hung", nil)
		req.Header.Set("Authorization", "Bearer 0123456789abcdef-s3cret")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		answered <- fmt.Sprintf("%d %s", resp.StatusCode, b)
	}()
	<-arrived
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	msgs := logs.messages()
	cancelled, stopped := slices.Index(msgs, "poll cancelled"), slices.Index(msgs, "stopped")
	if cancelled < 0 || stopped < 0 || cancelled > stopped {
		t.Errorf("want the admin poll cancelled before the daemon stopped; log: %q", msgs)
	}
	if a := <-answered; !strings.Contains(a, "context canceled") {
		t.Errorf("admin poll answer %q, want it to report the cancellation", a)
	}
}
