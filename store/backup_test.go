package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edufeed/edufeed/feeds"
)

// stalledWriter is a client that takes the first bytes and then stops
// reading until released.
type stalledWriter struct {
	buf      bytes.Buffer
	started  chan struct{}
	release  chan struct{}
	received bool
}

func (w *stalledWriter) Write(p []byte) (int, error) {
	if !w.received {
		w.received = true
		close(w.started)
		<-w.release
	}
	return w.buf.Write(p)
}

// TestBackupSlowReaderLetsPollsCommit stalls the reader of a backup after
// its first bytes: no read transaction stays open meanwhile, and a poll
// large enough to grow the file (which waits for every open reader) commits.
// The backup then holds what was committed before it began.
func TestBackupSlowReaderLetsPollsCommit(t *testing.T) {
	s := openTemp(t)
	mustSave(t, s, []feeds.Item{item("moe", "old", day, feeds.DateFromFeed)}, "moe", day)
	w := &stalledWriter{started: make(chan struct{}), release: make(chan struct{})}
	type result struct {
		n   int64
		err error
	}
	done := make(chan result, 1)
	go func() {
		n, err := s.Backup(w)
		done <- result{n, err}
	}()
	<-w.started
	released := false
	release := func() {
		if !released {
			released = true
			close(w.release)
		}
	}
	defer release()
	if n := s.db.Stats().OpenTxN; n != 0 {
		t.Fatalf("%d read transactions open while the backup's reader stalls, want 0", n)
	}
	var big []feeds.Item
	for i := range 400 {
		it := item("eol", fmt.Sprint("new", i), day, feeds.DateFromFeed)
		it.Content = "<p>" + strings.Repeat("学校举办科技节活动。", 60) + "</p>"
		big = append(big, it)
	}
	size := func() int64 {
		fi, err := os.Stat(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	mustSave(t, s, big, "eol", day) // hangs if the backup held a read transaction
	// bbolt maps the file in doubling steps from 32 KiB: a file four
	// times larger than before needed a new map.
	if after := size(); after < 4*before {
		t.Fatalf("the poll grew the file from %d to only %d bytes; the test proves nothing", before, after)
	}
	release()
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	if int64(w.buf.Len()) != r.n {
		t.Errorf("Backup reported %d bytes, wrote %d", r.n, w.buf.Len())
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, w.buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, ok, err := b.Get(feeds.NewID("moe", "old")); err != nil || !ok {
		t.Errorf("the backup lacks the item committed before it: %v %v", ok, err)
	}
	// No temporary copy is left beside the store.
	entries, err := os.ReadDir(filepath.Dir(s.Path()))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != filepath.Base(s.Path()) {
			t.Errorf("left behind beside the store: %s", e.Name())
		}
	}
}
