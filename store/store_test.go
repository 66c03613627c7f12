package store

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

func TestOpenInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "edufeed.db")
	first, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()

	// flock locks belong to open file descriptions, so a second Open in
	// this process conflicts just as another process would.
	for _, readOnly := range []bool{false, true} {
		t.Run(fmt.Sprintf("readonly=%v", readOnly), func(t *testing.T) {
			s, err := Open(path, Options{LockTimeout: 200 * time.Millisecond, ReadOnly: readOnly})
			if err == nil {
				s.Close()
				t.Fatal("second Open succeeded while the first holds the lock")
			}
			if !errors.Is(err, ErrInUse) {
				t.Fatalf("err = %v, want ErrInUse", err)
			}
			want := "open store " + path + ": store is in use by another edufeed process (could not lock the file within 200ms); stop the other process or use another -store path"
			if err.Error() != want {
				t.Errorf("message\n got %s\nwant %s", err, want)
			}
		})
	}
}

func TestOpenNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "edufeed.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, encodeUint(99))
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	for _, readOnly := range []bool{false, true} {
		_, err = Open(path, Options{ReadOnly: readOnly})
		if !errors.Is(err, ErrNewerSchema) {
			t.Fatalf("readonly=%v: err = %v, want ErrNewerSchema", readOnly, err)
		}
		for _, want := range []string{path, "schema 99", fmt.Sprint("schema ", SchemaVersion)} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("message %q does not name %q", err, want)
			}
		}
	}
}

func TestOpenNotAStore(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "other.db")
	db, err := bbolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		_, err := tx.CreateBucket([]byte("widgets"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	tests := []struct {
		name    string
		content []byte // nil: the foreign bbolt file above
		want    string
	}{
		{"text file", []byte("listen: 127.0.0.1:8080\nstore: {path: edufeed.db}\n"), "damaged or is not an edufeed store"},
		{"page of zeros", make([]byte, 8192), "edufeed backup"},
		{"foreign bbolt file", nil, "not an edufeed store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := foreign
			if tt.content != nil {
				path = filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-"))
				if err := os.WriteFile(path, tt.content, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Open(path, Options{})
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("message %q should name the file and say %q", err, tt.want)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("Open changed a file that is not a store")
			}
		})
	}
}

func TestOpenMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "no-such-dir")
	path := filepath.Join(dir, "edufeed.db")
	_, err := Open(path, Options{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want fs.ErrNotExist", err)
	}
	if !strings.Contains(err.Error(), "directory "+dir+" does not exist") {
		t.Errorf("message %q does not name the missing directory", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Error("Open created the directory")
	}
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "edufeed.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := item("moe", "a", day, feeds.DateFromFeed)
	mustSave(t, s, []feeds.Item{a}, "moe", day)
	if err := s.SaveState(feeds.SourceState{Name: "moe", ETag: `"v1"`}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	for _, readOnly := range []bool{false, true} {
		s, err = Open(path, Options{ReadOnly: readOnly})
		if err != nil {
			t.Fatal(err)
		}
		got := mustGet(t, s, a.ID)
		if got.Title != a.Title || !got.Published.Equal(a.Published) {
			t.Errorf("readonly=%v: reopened item = %+v", readOnly, got)
		}
		st, err := s.State("moe")
		if err != nil {
			t.Fatal(err)
		}
		if st.ETag != `"v1"` || st.ItemCount != 1 {
			t.Errorf("readonly=%v: reopened state = %+v", readOnly, st)
		}
		if v, _, _ := s.Version(); v != 1 {
			t.Errorf("readonly=%v: reopened version = %d, want 1", readOnly, v)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReadOnlyRejectsWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "edufeed.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.SavePoll([]feeds.Item{item("moe", "a", day, feeds.DateFromFeed)}, feeds.SourceState{Name: "moe"}, day); err == nil {
		t.Error("SavePoll on a read-only store succeeded")
	}
}

// TestOpenDamaged damages both meta pages of a real store: Open refuses it
// with a message that names the backup and compact commands.
func TestOpenDamaged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "edufeed.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, []feeds.Item{item("moe", "a", day, feeds.DateFromFeed)}, "moe", day)
	backup := filepath.Join(dir, "backup.db")
	if _, err := s.BackupFile(backup); err != nil {
		t.Fatal(err)
	}
	s.Close()

	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	page := os.Getpagesize()
	junk := bytes.Repeat([]byte{0xA5}, 64)
	for _, off := range []int64{16, int64(page) + 16} { // inside each meta page
		if _, err := f.WriteAt(junk, off); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()

	_, err = Open(path, Options{})
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("err = %v, want ErrDamaged", err)
	}
	for _, want := range []string{path, "edufeed backup", "edufeed compact"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not name %q", err, want)
		}
	}

	// The backup taken before the damage opens and holds the item.
	b, err := Open(backup, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, ok, err := b.Get(feeds.NewID("moe", "a")); err != nil || !ok {
		t.Errorf("backup lacks the item: %v %v", ok, err)
	}
}

// TestBackupWhileWriting copies the store while polls commit: the copy opens
// and holds every item committed before the backup began.
func TestBackupWhileWriting(t *testing.T) {
	s := openTemp(t)
	var first []feeds.Item
	for i := range 200 {
		first = append(first, item("moe", fmt.Sprint("a", i), day, feeds.DateFromFeed))
	}
	mustSave(t, s, first, "moe", day)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 50 {
			mustSave(t, s, []feeds.Item{item("eol", fmt.Sprint("b", i), day, feeds.DateFromFeed)}, "eol", day)
		}
	}()
	path := filepath.Join(t.TempDir(), "copy.db")
	if _, err := s.BackupFile(path); err != nil {
		t.Fatal(err)
	}
	<-done
	b, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	items, err := b.Items(Query{Sources: []string{"moe"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 200 {
		t.Errorf("backup holds %d of the 200 committed items", len(items))
	}
}
