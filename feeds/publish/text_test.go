package publish

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds"
)

func TestXMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"教育部召开2024年年中推进会", "教育部召开2024年年中推进会"},
		{"tab\tnl\ncr\r", "tab\tnl\ncr\r"},
		{"a\x00b\x08c\x0bd\x0ce\x1ff", "abcdef"},
		{"bom\ufeffok", "bom\ufeffok"},
		{"x\ufffey\uffffz", "xyz"},
		{"surrogate\xed\xa0\x80gone", "surrogategone"},
		{"bad\xffutf8\xc3", "badutf8"},
		{"emoji 📚 stays", "emoji 📚 stays"},
		{"]]> stays", "]]> stays"},
	}
	for _, tt := range tests {
		if got := xmlText(tt.in); got != tt.want {
			t.Errorf("xmlText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestXMLTextCleanDoesNotAllocate(t *testing.T) {
	s := strings.Repeat("教育新闻 education news ", 100)
	if n := testing.AllocsPerRun(100, func() { _ = xmlText(s) }); n != 0 {
		t.Errorf("%v allocations for clean text, want 0", n)
	}
}

func TestItemURN(t *testing.T) {
	tests := []struct{ id, want string }{
		// Version nibble forced to 8, variant bits to 10xx; the rest is the id.
		{"00000000000000000000000000000000", "urn:uuid:00000000-0000-8000-8000-000000000000"},
		{"ffffffffffffffffffffffffffffffff", "urn:uuid:ffffffff-ffff-8fff-bfff-ffffffffffff"},
		{"0123456789ABCDEF0123456789abcdef", "urn:uuid:01234567-89ab-8def-8123-456789abcdef"},
	}
	for _, tt := range tests {
		if got := itemURN(tt.id); got != tt.want {
			t.Errorf("itemURN(%q) = %s, want %s", tt.id, got, tt.want)
		}
	}
	// Ids the store never makes still give valid, stable, distinct UUIDs.
	a, b := itemURN("not-hex"), itemURN("abc")
	if !uuidURNRe.MatchString(a) || !uuidURNRe.MatchString(b) || a == b || a != itemURN("not-hex") {
		t.Errorf("hashed ids %s, %s", a, b)
	}
}

// FuzzRenderXML checks that no item text, however broken, makes the RSS or
// Atom output malformed.
func FuzzRenderXML(f *testing.F) {
	f.Add("标题\x08", "<p>内容]]>\x1e</p>", "作者", "标签")
	f.Add("]]>", "<![CDATA[x]]>", "\xff", "\ufffe")
	f.Add("a&b<c>", "&amp;&#0;", "", "")
	f.Fuzz(func(t *testing.T, title, content, author, tag string) {
		it := feeds.Item{
			ID: feeds.NewID(title), Source: tag, Title: title, Content: content, Summary: content,
			Link: "https://x.example/" + title, Authors: []string{author}, Tags: []string{tag},
			Categories: []string{tag}, Enclosures: []feeds.Enclosure{{URL: content, Type: tag}},
			Published: time.Date(2024, 7, 24, 10, 0, 0, 0, cst),
		}
		v := &view{
			info: normalizeInfo(Info{Title: title, Link: "http://127.0.0.1:8080/"}), base: "http://127.0.0.1:8080/",
			items: []feeds.Item{it}, sources: map[string]*feeds.Source{tag: {Name: tag, URL: "file:" + content}},
		}
		for _, render := range []func(*view) ([]byte, error){renderRSS, renderAtom, renderJSON} {
			body, err := render(v)
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.Valid(body) {
				t.Fatal("output is not UTF-8")
			}
			if body[0] == '{' {
				continue
			}
			dec := xml.NewDecoder(bytes.NewReader(body))
			for {
				_, err := dec.Token()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("malformed XML: %v\n%s", err, body)
				}
			}
		}
	})
}
