package fetch

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxSeconds is the largest number of seconds a time.Duration holds.
const maxSeconds = int64(1<<63-1) / int64(time.Second)

// seconds reads a non-negative delta-seconds value, as Retry-After,
// max-age and Age carry it. Values too large for a Duration are capped
// rather than wrapped into the past.
func seconds(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" || strings.Trim(v, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		// Only digits, so it overflowed: as good as forever.
		return time.Duration(maxSeconds) * time.Second, true
	}
	return time.Duration(min(n, maxSeconds)) * time.Second, true
}

// serverNow is the time the response was made by the server's clock: its
// Date header, or now when that is missing or garbled. Dates in headers are
// measured against it, so a server whose clock is off still gets the wait
// it asked for.
func serverNow(h http.Header, now time.Time) time.Time {
	if t, err := http.ParseTime(h.Get("Date")); err == nil {
		return t
	}
	return now
}

// parseRetryAfter reads a Retry-After value, either delay-seconds or an
// HTTP-date measured from the response's date (serverNow). Garbage and
// past dates give zero: a bad header must not stop the caller's own backoff
// from working.
func parseRetryAfter(v string, date time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if d, ok := seconds(v); ok {
		return d
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	return max(t.Sub(date), 0)
}

// cacheHints reads how long a response asks to be left alone: the
// remaining freshness from Cache-Control s-maxage or max-age (s-maxage
// wins: edufeed re-serves what it fetches, as a shared cache does), less
// the Age a cache in between has already spent; or, when neither directive
// is there, the Expires header. no-cache, no-store and must-revalidate are
// ignored: they say how to revalidate, not how often a poll is welcome.
//
// expires is moved by the difference between the server's Date and now,
// so it is on our clock, and is zero unless it lies in the future.
func cacheHints(h http.Header, now time.Time) (maxAge time.Duration, expires time.Time) {
	if age, ok := freshnessLifetime(h.Values("Cache-Control")); ok {
		used, _ := seconds(h.Get("Age"))
		return max(age-used, 0), time.Time{}
	}
	t, err := http.ParseTime(h.Get("Expires"))
	if err != nil {
		// A missing, invalid or "0" Expires means already stale.
		return 0, time.Time{}
	}
	left := t.Sub(serverNow(h, now))
	if left <= 0 {
		return 0, time.Time{}
	}
	return 0, now.Add(left)
}

// freshnessLifetime finds s-maxage or max-age in Cache-Control header
// lines; ok is false when neither has a valid value.
func freshnessLifetime(lines []string) (d time.Duration, ok bool) {
	var maxAge, sMaxAge time.Duration
	var hasMax, hasShared bool
	for _, line := range lines {
		for directive := range strings.SplitSeq(line, ",") {
			name, value, _ := strings.Cut(strings.TrimSpace(directive), "=")
			value = strings.Trim(strings.TrimSpace(value), `"`)
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "max-age":
				if v, ok := seconds(value); ok && !hasMax {
					maxAge, hasMax = v, true
				}
			case "s-maxage":
				if v, ok := seconds(value); ok && !hasShared {
					sMaxAge, hasShared = v, true
				}
			}
		}
	}
	switch {
	case hasShared:
		return sMaxAge, true
	case hasMax:
		return maxAge, true
	}
	return 0, false
}
