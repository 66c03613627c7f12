package fetch

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors, checked with errors.Is.
var (
	// ErrTooLarge means the body, after decompression, is over Options.MaxBody.
	// The body is never handed back truncated.
	ErrTooLarge = errors.New("body too large")
	// ErrTooManyRedirects means the server redirected more than
	// Options.MaxRedirects times (a loop, usually).
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrEmptyBody means a 2xx response carried nothing but white space (or
	// bytes that are not text at all), which no feed is.
	ErrEmptyBody = errors.New("empty body")
	// ErrNotText means the body is binary (an image, an archive): it is not
	// UTF-8 or UTF-16 and holds NUL bytes, which no text in any charset
	// does. The error quotes its first bytes in hex escapes.
	ErrNotText = errors.New("body is not text")
)

// StatusError is returned for any final HTTP status other than 2xx and 304.
type StatusError struct {
	Code   int    // e.g. 429
	Status string // e.g. "429 Too Many Requests"
	// RetryAfter is the server's Retry-After header, delay-seconds or an
	// HTTP-date, as a duration from the time of the response (its Date
	// header, or the time it arrived); zero when absent, unparseable or in
	// the past.
	RetryAfter time.Duration
}

// Error implements error.
func (e *StatusError) Error() string {
	status := e.Status
	if status == "" {
		status = strconv.Itoa(e.Code)
	}
	if !utf8.ValidString(status) || strings.ContainsFunc(status, unicode.IsControl) {
		// A reason phrase in GBK, say: escaped, not printed as mojibake.
		status = strconv.Quote(status)
	}
	if e.RetryAfter > 0 {
		return fmt.Sprintf("unexpected HTTP status %s (retry after %s)", status, e.RetryAfter)
	}
	return "unexpected HTTP status " + status
}

// quoteStart quotes the first n bytes of b as Go source would: text stays
// readable, and bytes that are not UTF-8 or are control characters show as
// \xNN, not as the mojibake a guess at their charset would print.
func quoteStart(b []byte, n int) string {
	if len(b) <= n {
		return strconv.Quote(string(b))
	}
	return strconv.Quote(string(b[:n])) + "…"
}

// limitText describes the size limit in errors, with the config key that
// sets it.
func limitText(limit int64) string {
	return formatSize(limit) + " (defaults.max_body)"
}

// formatSize writes n bytes for people, in the largest binary unit that
// divides it: "10 MiB", "512 KiB", "4097 bytes".
func formatSize(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 40, "TiB"}, {1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n >= u.size && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + " " + u.name
		}
	}
	if n == 1 {
		return "1 byte"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// explainConnError puts the failures of getting a connection that people
// meet most often into plain words, keeping the error it was given.
func explainConnError(err error) error {
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Errorf("cannot resolve host %s: %w", dnsErr.Name, err)
	case errors.As(err, &certErr):
		return fmt.Errorf("the server's TLS certificate is not trusted: %w", err)
	}
	return err
}
