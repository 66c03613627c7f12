package fetch

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

func FuzzToUTF8(f *testing.F) {
	for _, name := range []string{"seed-feed.xml", "seed-feed-gbk.xml", "seed-feed-gb18030.xml", "big5-feed.xml"} {
		f.Add(readTestdata(f, name), "")
	}
	f.Add([]byte("\xff\xfe<\x00?\x00x\x00"), "")
	f.Add([]byte("<\x00?\x00x\x00m\x00l\x00"), "text/xml; charset=utf-16")
	f.Add([]byte("\xef\xbb\xbf\x08\x0b\x1e\xef\xbf\xbf\xed\xa0\x80"), "text/xml; charset=gbk")
	f.Add([]byte(`<?xml version="1.0" encoding="`), "")
	f.Add([]byte("\x1f\x8b\x08"), "text/xml; charset=\"big5\"")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		out, _, err := ToUTF8(body, contentType)
		if err != nil {
			t.Fatalf("ToUTF8: %v", err)
		}
		if !utf8.Valid(out) {
			t.Fatalf("ToUTF8 output is not UTF-8: %q", out)
		}
		// What Fetch hands back.
		clean, _, err := decodeBody(body, contentType, 1<<20)
		if err != nil {
			return // a broken gzip stream is an error, not a panic
		}
		if !utf8.Valid(clean) {
			t.Fatalf("body is not UTF-8: %q", clean)
		}
		if bytes.HasPrefix(clean, utf8BOM) {
			t.Fatalf("body starts with a BOM: %q", clean)
		}
		for i, r := range string(clean) {
			if !xmlChar(r) {
				t.Fatalf("body holds forbidden %U at %d: %q", r, i, clean)
			}
		}
	})
}

// xmlChar is the XML 1.0 Char production, written out independently of the
// code under test.
func xmlChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}
