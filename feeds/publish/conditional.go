package publish

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// notModified applies RFC 9110's rules for a GET or HEAD: If-None-Match
// decides when present (weak comparison, as the RFC asks for it there);
// otherwise If-Modified-Since is compared to Last-Modified at one-second
// precision, the precision of the header.
func notModified(req *http.Request, etag string, modified time.Time) bool {
	if inm := req.Header.Values("If-None-Match"); len(inm) > 0 {
		for _, line := range inm {
			if etagListHas(line, etag) {
				return true
			}
		}
		return false
	}
	ims := req.Header.Get("If-Modified-Since")
	if ims == "" || modified.IsZero() {
		return false
	}
	t, err := http.ParseTime(ims)
	return err == nil && !modified.Truncate(time.Second).After(t)
}

// etagListHas reports whether the If-None-Match list matches etag.
func etagListHas(list, etag string) bool {
	for tag := range strings.SplitSeq(list, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether the Accept-Encoding lines admit gzip: named
// (or as x-gzip) with a non-zero q, or covered by a non-zero "*" when not
// named at all.
func acceptsGzip(lines []string) bool {
	star := false
	for _, line := range lines {
		for part := range strings.SplitSeq(line, ",") {
			coding, params, _ := strings.Cut(part, ";")
			coding = strings.TrimSpace(coding)
			switch {
			case strings.EqualFold(coding, "gzip"), strings.EqualFold(coding, "x-gzip"):
				return qValue(params) > 0
			case coding == "*":
				star = qValue(params) > 0
			}
		}
	}
	return star
}

// qValue reads q= from a coding's parameters; absent or malformed means 1.
func qValue(params string) float64 {
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
