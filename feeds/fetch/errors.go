package fetch

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors, checked with errors.Is.
var (
	// ErrTooLarge means the body, after decompression, is over Options.MaxBody.
	// The body is never handed back truncated.
	ErrTooLarge = errors.New("body exceeds the size limit")
	// ErrTooManyRedirects means the server redirected more than
	// Options.MaxRedirects times (a loop, usually).
	ErrTooManyRedirects = errors.New("too many redirects")
)

// StatusError is returned for any final HTTP status other than 2xx and 304.
type StatusError struct {
	Code   int    // e.g. 429
	Status string // e.g. "429 Too Many Requests"
	// RetryAfter is the server's Retry-After header as a duration from the
	// time of the response; zero when absent or unparseable.
	RetryAfter time.Duration
}

// Error implements error.
func (e *StatusError) Error() string {
	status := e.Status
	if status == "" {
		status = strconv.Itoa(e.Code)
	}
	if e.RetryAfter > 0 {
		return fmt.Sprintf("unexpected HTTP status %s (retry after %s)", status, e.RetryAfter)
	}
	return "unexpected HTTP status " + status
}

// parseRetryAfter reads a Retry-After value, either delay-seconds or an
// HTTP-date, relative to now. Garbage and past dates give zero: a bad header
// must not stop the caller's own backoff from working.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		// Cap before multiplying so a huge value cannot overflow into the past.
		const maxSecs = int64(1<<63-1) / int64(time.Second)
		if secs <= 0 {
			return 0
		}
		return time.Duration(min(secs, maxSecs)) * time.Second
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	if d := t.Sub(now); d > 0 {
		return d
	}
	return 0
}
