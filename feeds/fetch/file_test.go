package fetch

import (
	"context"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFetchFile(t *testing.T) {
	seed := readTestdata(t, "seed-feed.xml")
	abs, err := filepath.Abs(filepath.Join("testdata", "seed-feed-gbk.xml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	spaced := filepath.Join(dir, "my feed.xml")
	if err := os.WriteFile(spaced, seed, 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		url     string
		opts    Options
		charset string
		wantErr func(*testing.T, error)
	}{
		{name: "file:///abs", url: "file://" + abs, charset: "gbk"},
		{name: "file:/abs", url: "file:" + abs, charset: "gbk"},
		{name: "file://localhost/abs", url: "file://localhost" + abs, charset: "gbk"},
		{name: "file:relative", url: "file:testdata/seed-feed-gb18030.xml", charset: "gb18030"},
		{name: "escaped path", url: "file://" + strings.ReplaceAll(spaced, " ", "%20"), charset: "utf-8"},
		{name: "missing file", url: "file:testdata/no-such-feed.xml", wantErr: wantIs(fs.ErrNotExist)},
		{name: "directory", url: "file:testdata", wantErr: wantText("not a regular file")},
		{name: "remote host", url: "file://example.org/feed.xml", wantErr: wantText(`names host "example.org"`)},
		{name: "too large", url: "file:testdata/seed-feed.xml", opts: Options{MaxBody: 1024}, wantErr: wantIs(ErrTooLarge)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := NewClient(tc.opts).Fetch(context.Background(), Request{Source: "local", URL: tc.url})
			if tc.wantErr != nil {
				if err == nil {
					t.Fatal("no error")
				}
				if prefix := `source "local": fetch ` + tc.url + ": "; !strings.HasPrefix(err.Error(), prefix) {
					t.Errorf("error %q does not start with %q", err, prefix)
				}
				tc.wantErr(t, err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkBody(t, resp, seed)
			if resp.Charset != tc.charset || resp.StatusCode != http.StatusOK || resp.NotModified || resp.FinalURL != tc.url {
				t.Errorf("got charset %q status %d not-modified %v final %q", resp.Charset, resp.StatusCode, resp.NotModified, resp.FinalURL)
			}
			if _, err := http.ParseTime(resp.LastModified); err != nil {
				t.Errorf("LastModified %q: %v", resp.LastModified, err)
			}
		})
	}
}

func TestFetchFileNotModified(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.xml")
	if err := os.WriteFile(path, readTestdata(t, "seed-feed.xml"), 0o644); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2024, 7, 24, 2, 0, 0, 0, time.UTC)
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	c := NewClient(Options{})
	req := Request{Source: "local", URL: "file://" + path}

	first, err := c.Fetch(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Wed, 24 Jul 2024 02:00:00 GMT"; first.LastModified != want {
		t.Fatalf("LastModified = %q, want %q", first.LastModified, want)
	}

	req.LastModified = first.LastModified
	second, err := c.Fetch(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if !second.NotModified || second.StatusCode != http.StatusNotModified || second.Body != nil {
		t.Errorf("unchanged file: %+v", second)
	}

	later := mtime.Add(time.Hour)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	third, err := c.Fetch(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if third.NotModified || third.LastModified != later.Format(http.TimeFormat) {
		t.Errorf("changed file: not-modified %v last-modified %q", third.NotModified, third.LastModified)
	}
}
