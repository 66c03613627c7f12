package fetch

import (
	"bytes"
	"testing"
)

func TestStripInvalidXMLChars(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"clean", "<title>教育新闻 \t\r\n</title>", "<title>教育新闻 \t\r\n</title>"},
		{"backspace", "a\bb", "ab"},
		{"vertical tab", "a\vb", "ab"},
		{"record separator", "a\x1eb", "ab"},
		{"nul and escape", "\x00a\x1bb", "ab"},
		{"U+FFFF", "a\uffffb", "ab"},
		{"U+FFFE", "a\ufffeb", "ab"},
		{"all four from the field notes", "<p>\u0008x\u000By\u001Ez\uFFFF</p>", "<p>xyz</p>"},
		{"encoded surrogate", "a\xed\xa0\x80b", "ab"},
		{"invalid byte", "教\xff育", "教育"},
		{"truncated rune at end", "教育\xe6\x95", "教育"},
		{"leading BOM", "\ufeff<rss/>", "<rss/>"},
		{"two leading BOMs", "\ufeff\ufeff<rss/>", "<rss/>"},
		{"BOM behind a dropped control char", "\b\ufeff<rss/>", "<rss/>"},
		{"BOM inside is a legal char", "a\ufeffb", "a\ufeffb"},
		{"U+FFFD kept", "a\ufffdb", "a\ufffdb"},
		{"C1 control and DEL are legal XML 1.0", "a\u0085\x7fb", "a\u0085\x7fb"},
		{"astral plane kept", "a😀b", "a😀b"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(StripInvalidXMLChars([]byte(tc.in))); got != tc.want {
				t.Errorf("StripInvalidXMLChars(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestStripInvalidXMLCharsNoCopy(t *testing.T) {
	body := bigFeed(t)
	if out := StripInvalidXMLChars(body); &out[0] != &body[0] || len(out) != len(body) {
		t.Error("clean input was copied")
	}
	if allocs := testing.AllocsPerRun(20, func() { StripInvalidXMLChars(body) }); allocs != 0 {
		t.Errorf("%.0f allocs on clean input, want 0", allocs)
	}
	// The input is never modified on the slow path.
	dirty := []byte("a\bb")
	StripInvalidXMLChars(dirty)
	if !bytes.Equal(dirty, []byte("a\bb")) {
		t.Errorf("input modified: %q", dirty)
	}
}

func BenchmarkStripInvalidXMLChars(b *testing.B) {
	body := bigFeed(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		StripInvalidXMLChars(body)
	}
}

func BenchmarkStripInvalidXMLCharsDirty(b *testing.B) {
	body := bigFeed(b)
	body = append(body[:len(body)/2:len(body)/2], append([]byte{0x0b}, body[len(body)/2:]...)...)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		StripInvalidXMLChars(body)
	}
}
