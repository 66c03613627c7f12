package parse

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func FuzzParse(f *testing.F) {
	files, err := filepath.Glob("testdata/*.*")
	if err != nil {
		f.Fatal(err)
	}
	hostile, err := filepath.Glob("testdata/hostile/*.xml")
	if err != nil {
		f.Fatal(err)
	}
	files = append(files, hostile...)
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","authors":[null],"items":[null,{"id":1,"authors":[null],"attachments":[{"url":"x","size_in_bytes":-5}]}]}`))
	f.Add([]byte(`<rss><channel xml:base="%zz"><item><guid>http://[::1</guid></item></channel></rss>`))
	p := New()
	f.Fuzz(func(t *testing.T, body []byte) {
		feed, err := p.Parse(body)
		if errors.Is(err, errPanic) {
			t.Fatal(err)
		}
		if (feed == nil) == (err == nil) {
			t.Fatalf("feed %v with error %v: want exactly one", feed, err)
		}
		if feed == nil {
			return
		}
		for _, it := range feed.Items {
			if it.Title == "" && it.Link == "" && it.GUID == "" && it.Content == "" {
				t.Errorf("kept an empty item: %+v", it)
			}
			if it.GUIDIsLink && !isHTTPURL(it.GUID) {
				t.Errorf("GUIDIsLink for %q", it.GUID)
			}
			for _, e := range it.Enclosures {
				if e.URL == "" || e.Length < 0 {
					t.Errorf("bad enclosure %+v", e)
				}
			}
		}
	})
}
