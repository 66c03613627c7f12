package fetch

import (
	"testing"
	"time"
)

func TestFormatSize(t *testing.T) {
	for _, tc := range []struct {
		in   int64
		want string
	}{
		{0, "0 bytes"},
		{1, "1 byte"},
		{4097, "4097 bytes"},
		{1 << 10, "1 KiB"},
		{512 << 10, "512 KiB"},
		{10 << 20, "10 MiB"},
		{10<<20 + 1, "10485761 bytes"},
		{3 << 30, "3 GiB"},
		{2 << 40, "2 TiB"},
	} {
		if got := formatSize(tc.in); got != tc.want {
			t.Errorf("formatSize(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStatusErrorText(t *testing.T) {
	for _, tc := range []struct {
		err  StatusError
		want string
	}{
		{StatusError{Code: 503}, "unexpected HTTP status 503"},
		{StatusError{Code: 500, Status: "500 Internal Server Error"}, "unexpected HTTP status 500 Internal Server Error"},
		{StatusError{Code: 429, Status: "429 Too Many Requests", RetryAfter: 2 * time.Minute}, "unexpected HTTP status 429 Too Many Requests (retry after 2m0s)"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}
