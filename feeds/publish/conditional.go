package publish

import (
	"net/http"
	"strconv"
	"strings"
)

// The header fields below are read from the map directly, by their
// canonical keys, to skip canonicalising the key on every request.

// notModified applies RFC 9110's rules for a GET or HEAD: If-None-Match
// decides when present (weak comparison, as the RFC asks for it there);
// otherwise If-Modified-Since is compared to Last-Modified at one-second
// precision, the precision of the header.
func notModified(req *http.Request, etag string, e *entry) bool {
	if inm := req.Header["If-None-Match"]; len(inm) > 0 {
		for _, line := range inm {
			if etagListHas(line, etag) {
				return true
			}
		}
		return false
	}
	ims := req.Header["If-Modified-Since"]
	if len(ims) == 0 || ims[0] == "" || e.modified.IsZero() {
		return false
	}
	// A client echoing our own Last-Modified, the common case, needs no
	// date parsing.
	if ims[0] == e.lastModified {
		return true
	}
	t, err := http.ParseTime(ims[0])
	return err == nil && !e.modified.After(t)
}

// etagListHas reports whether the If-None-Match list matches etag. It
// allocates nothing: a 304 is the cheapest answer and should stay so.
func etagListHas(list, etag string) bool {
	for list != "" {
		var tag string
		tag, list, _ = strings.Cut(list, ",")
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether the Accept-Encoding lines admit gzip: named
// (or as x-gzip) with a non-zero q, or covered by a non-zero "*" when not
// named at all. It slices the lines in place, allocating nothing.
func acceptsGzip(lines []string) bool {
	star := false
	for _, line := range lines {
		for line != "" {
			var part string
			part, line, _ = strings.Cut(line, ",")
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
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				return q
			}
		}
	}
	return 1
}
