package fetch

import (
	"errors"
	"strings"
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
		// A reason phrase in GBK ("服务器忙") is escaped, not printed as mojibake.
		{StatusError{Code: 503, Status: "503 \xb7\xfe\xce\xf1\xc6\xf7\xc3\xa6"}, `unexpected HTTP status "503 \xb7\xfe\xce\xf1\xc6\xf7æ"`},
		{StatusError{Code: 503, Status: "503 busy\x1b[2J"}, `unexpected HTTP status "503 busy\x1b[2J"`},
		{StatusError{Code: 503, Status: "503 服务器忙"}, "unexpected HTTP status 503 服务器忙"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

// TestBinaryBody: a body that is no text in any charset fails with
// ErrNotText and its first bytes in hex, instead of being decoded as GB18030
// into Chinese-looking mojibake for the parser to quote. Text in GBK, and
// UTF-16, which carries NUL bytes too, still decode.
func TestBinaryBody(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x00\xc8\x08\x06\x00\x00\x00")
	for _, tc := range []struct {
		name        string
		body        []byte
		contentType string
		want        string // in the error; "" when the body must decode
	}{
		{"PNG", png, "image/png", `body is not text: the body ("image/png") is binary; it starts with "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x00\xc8"…`},
		{"JPEG without a type", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"), "", `the body is binary; it starts with "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"`},
		{"GBK text", []byte("<rss><channel><title>\xbd\xcc\xd3\xfd</title></channel></rss>"), "text/xml; charset=gbk", ""},
		{"UTF-16LE without BOM", []byte("<\x00r\x00s\x00s\x00/\x00>\x00"), "text/xml; charset=utf-16le", ""},
		{"UTF-8 with a stray NUL", []byte("<rss>\x00</rss>"), "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := decodeBody(tc.body, tc.contentType, 1<<20)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("err = %v, want the body decoded", err)
				}
				if len(out) == 0 {
					t.Error("empty body")
				}
				return
			}
			if !errors.Is(err, ErrNotText) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant ErrNotText saying %s", err, tc.want)
			}
		})
	}
}
