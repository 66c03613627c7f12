package parse

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestParseNotAFeed(t *testing.T) {
	htmlPage, err := os.ReadFile("testdata/html-page.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		body    string
		wantIs  error
		wantMsg string
	}{
		{"empty", "", ErrEmpty, "empty document"},
		{"white space", " \r\n\t \n", ErrEmpty, "empty document"},
		{"BOM only", "\xef\xbb\xbf\n", ErrEmpty, "empty document"},
		{"HTML page", string(htmlPage), ErrNotFeed, "not a feed: the document is an HTML page"},
		{"HTML without doctype", "<html><body><p>维护中</p></body></html>", ErrNotFeed, "the document is an HTML page"},
		{"XHTML page", `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>首页</title></head><body></body></html>`, ErrNotFeed, "the document is an HTML page"},
		{"HTML with broken markup", "<!DOCTYPE html>\n<p class=a b>\n<br>", ErrNotFeed, "the document is an HTML page"},
		{"OPML", `<?xml version="1.0"?><opml version="2.0"><head><title>订阅</title></head><body/></opml>`, ErrNotFeed, "the XML root element is <opml>"},
		{"plain text", "Service Unavailable: 服务器繁忙，请稍后再试", ErrNotFeed, `the document starts with "Service Unavailable: 服务器繁忙，请稍后再试"`},
		{"long text is cut", strings.Repeat("错误", 100), ErrNotFeed, `"` + strings.Repeat("错误", 30) + `…"`},
		{"JSON array", `[{"id":1}]`, ErrNotFeed, `the document starts with "[{\"id\":1}]"`},
		// Bytes that are not UTF-8 show as hex, not as U+FFFD.
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ErrNotFeed, `the document starts with "\x89PNG \x1a \x00\x00\x00 IHDR"`},
		{"GBK text mistaken for UTF-8", "\xb7\xfe\xce\xf1\xc6\xf7\xc3\xa6 busy", ErrNotFeed, `the document starts with "\xb7\xfe\xce\xf1\xc6\xf7æ busy"`},
		{"JSON object that is no feed", `{"error":"forbidden","code":403}`, ErrNotFeed, "not a JSON Feed"},
	}
	p := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := p.Parse([]byte(tt.body))
			if f != nil {
				t.Errorf("got a feed %+v, want nil", f)
			}
			if !errors.Is(err, tt.wantIs) {
				t.Fatalf("error = %v, want errors.Is %v", err, tt.wantIs)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error = %q, want it to contain %q", err, tt.wantMsg)
			}
		})
	}
}

func TestParseMalformed(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		wantMsg string
	}{
		{"truncated RSS", "<rss version=\"2.0\"><channel><title>教育新闻</title><item><title>半截", "malformed RSS document: XML syntax error"},
		{"truncated Atom", `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>半截</title>`, "malformed Atom document: XML syntax error"},
		{"truncated JSON Feed", `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1"`, "malformed JSON Feed document"},
		{"JSON Feed with wrong types", `{"version":"https://jsonfeed.org/version/1.1","items":5}`, "malformed JSON Feed document"},
	}
	p := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := p.Parse([]byte(tt.body))
			if err == nil {
				t.Fatalf("got feed %+v, want an error", f)
			}
			if errors.Is(err, ErrNotFeed) || errors.Is(err, ErrEmpty) {
				t.Errorf("a broken feed is still a feed: got %v", err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error = %q, want it to contain %q", err, tt.wantMsg)
			}
		})
	}
}

// TestParseTruncatedSeed cuts the seed feed at many points: each cut before
// the closing </rss> must give an error, and none may panic.
func TestParseTruncatedSeed(t *testing.T) {
	body, err := os.ReadFile("testdata/seed-feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	end := bytes.LastIndex(body, []byte("</rss>"))
	p := New()
	for cut := 0; cut < end; cut += 13 {
		f, err := p.Parse(body[:cut])
		if err == nil {
			t.Fatalf("cut at %d: got %d items and no error", cut, len(f.Items))
		}
		if errors.Is(err, errPanic) {
			t.Fatalf("cut at %d: %v", cut, err)
		}
	}
}
