package publish

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var strongTag = regexp.MustCompile(`^"[0-9a-f]{32}(-gz)?"$`)

func TestETagAndGzip(t *testing.T) {
	h := newTestHandler(newFake())
	for _, r := range feedRoutes {
		plain := get(t, h, r.path)
		zipped := get(t, h, r.path, "Accept-Encoding", "br, gzip;q=0.8")
		tag, gzTag := plain.Header().Get("ETag"), zipped.Header().Get("ETag")
		if !strongTag.MatchString(tag) || !strongTag.MatchString(gzTag) {
			t.Fatalf("%s: ETags %q, %q are not strong hashes", r.path, tag, gzTag)
		}
		sum := sha256.Sum256(plain.Body.Bytes())
		if want := `"` + hex.EncodeToString(sum[:16]) + `"`; tag != want {
			t.Errorf("%s: ETag %s, want %s", r.path, tag, want)
		}
		if gzTag != strings.TrimSuffix(tag, `"`)+`-gz"` {
			t.Errorf("%s: gzip ETag %s for plain %s", r.path, gzTag, tag)
		}
		if plain.Header().Get("Content-Encoding") != "" || zipped.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: Content-Encoding %q / %q", r.path, plain.Header().Get("Content-Encoding"), zipped.Header().Get("Content-Encoding"))
		}
		for _, rec := range []*http.Response{plain.Result(), zipped.Result()} {
			if rec.Header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("%s: Vary %q", r.path, rec.Header.Get("Vary"))
			}
		}
		if got := zipped.Header().Get("Content-Length"); got != strconv.Itoa(zipped.Body.Len()) {
			t.Errorf("%s: Content-Length %s for %d bytes", r.path, got, zipped.Body.Len())
		}
		zr, err := gzip.NewReader(bytes.NewReader(zipped.Body.Bytes()))
		if err != nil {
			t.Fatalf("%s: %v", r.path, err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", r.path, err)
		}
		if !bytes.Equal(unzipped, plain.Body.Bytes()) {
			t.Errorf("%s: gzip body does not round-trip", r.path)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"GZIP", true},
		{"x-gzip", true},
		{"deflate, gzip;q=1.0, *;q=0.5", true},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"*", true},
		{"*;q=0", false},
		{"gzip;q=0, *", false},
		{"br, identity", false},
		{"identity;q=1, *;q=0", false},
		{"gzip;q=junk", true},
	}
	for _, tt := range tests {
		if got := acceptsGzip([]string{tt.header}); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestConditional(t *testing.T) {
	h := newTestHandler(newFake())
	plain := get(t, h, "/feed.xml")
	zipped := get(t, h, "/feed.xml", "Accept-Encoding", "gzip")
	tag, gzTag := plain.Header().Get("ETag"), zipped.Header().Get("ETag")
	lastMod := plain.Header().Get("Last-Modified")
	if lastMod != "Wed, 24 Jul 2024 12:30:00 GMT" {
		t.Fatalf("Last-Modified %q", lastMod)
	}
	tests := []struct {
		name   string
		hdr    []string
		status int
		etag   string
	}{
		{"match", []string{"If-None-Match", tag}, 304, tag},
		{"gzip variant", []string{"If-None-Match", gzTag, "Accept-Encoding", "gzip"}, 304, gzTag},
		{"gzip tag for plain variant", []string{"If-None-Match", gzTag}, 200, tag},
		{"in a list", []string{"If-None-Match", `"0000", ` + tag + `, "ffff"`}, 304, tag},
		{"weak compare", []string{"If-None-Match", "W/" + tag}, 304, tag},
		{"star", []string{"If-None-Match", "*"}, 304, tag},
		{"other tag", []string{"If-None-Match", `"00000000000000000000000000000000"`}, 200, tag},
		{"since last modified", []string{"If-Modified-Since", lastMod}, 304, tag},
		{"since later", []string{"If-Modified-Since", "Thu, 25 Jul 2024 00:00:00 GMT"}, 304, tag},
		{"since earlier", []string{"If-Modified-Since", "Wed, 24 Jul 2024 12:29:59 GMT"}, 200, tag},
		{"bad date", []string{"If-Modified-Since", "yesterday"}, 200, tag},
		// If-None-Match decides when both are sent (RFC 9110 13.2.2).
		{"tag wins over date", []string{"If-None-Match", `"0000"`, "If-Modified-Since", lastMod}, 200, tag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, method := range []string{http.MethodGet, http.MethodHead} {
				rec := do(t, h, method, "/feed.xml", tt.hdr...)
				if rec.Code != tt.status {
					t.Fatalf("%s: status %d, want %d", method, rec.Code, tt.status)
				}
				if got := rec.Header().Get("ETag"); got != tt.etag {
					t.Errorf("%s: ETag %q, want %q", method, got, tt.etag)
				}
				if tt.status == 304 && rec.Body.Len() != 0 {
					t.Errorf("%s: 304 with a body", method)
				}
			}
		})
	}
}

func TestLastModifiedFallsBackToNewestItem(t *testing.T) {
	f := newFake()
	f.modified = time.Time{}
	rec := get(t, newTestHandler(f), "/feed.xml")
	// The newest item time is the first item's update, 11:15 China time.
	if got := rec.Header().Get("Last-Modified"); got != "Wed, 24 Jul 2024 03:15:00 GMT" {
		t.Errorf("Last-Modified %q", got)
	}
}
