package fetch

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func encode(t testing.TB, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b
}

// TestToUTF8Fixtures checks that the GBK and GB18030 copies of the seed feed
// decode to exactly the UTF-8 original: every title and paragraph, and the
// prolog, which must now say UTF-8.
func TestToUTF8Fixtures(t *testing.T) {
	want := readTestdata(t, "seed-feed.xml")
	for _, tc := range []struct {
		file, contentType, charset string
	}{
		{"seed-feed.xml", "", "utf-8"},
		{"seed-feed-gbk.xml", "", "gbk"},
		{"seed-feed-gb18030.xml", "", "gb18030"},
		// The prolog wins over a header that disagrees.
		{"seed-feed-gbk.xml", "text/xml; charset=iso-8859-1", "gbk"},
		{"seed-feed-gb18030.xml", "application/rss+xml; charset=utf-8", "gb18030"},
	} {
		t.Run(tc.file+"/"+tc.contentType, func(t *testing.T) {
			out, cs, err := ToUTF8(readTestdata(t, tc.file), tc.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if cs != tc.charset {
				t.Errorf("charset = %q, want %q", cs, tc.charset)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("decoded %s differs from seed-feed.xml:\n%s", tc.file, firstDiff(out, want))
			}
		})
	}
}

func firstDiff(got, want []byte) string {
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gl), len(wl)) {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, g, w)
		}
	}
	return "(no line differs)"
}

func TestToUTF8(t *testing.T) {
	const text = "<rss><channel><title>教育部召开2024年年中推进会</title></channel></rss>"
	gbk := encode(t, simplifiedchinese.GBK, text)
	seed := string(readTestdata(t, "seed-feed.xml"))
	utf16Doc := strings.Replace(seed, `encoding="UTF-8"`, `encoding="UTF-16"`, 1)

	tests := []struct {
		name        string
		body        []byte
		contentType string
		want        string
		charset     string
	}{
		{
			name: "utf-8 without prolog", body: []byte(text),
			want: text, charset: "utf-8",
		},
		{
			name: "gbk bytes, no prolog, charset in header", body: gbk,
			contentType: "text/xml; charset=gbk", want: text, charset: "gbk",
		},
		{
			name: "gbk bytes, no prolog, gb2312 in a malformed header", body: gbk,
			contentType: "text/xml;; charset=GB2312", want: text, charset: "gbk",
		},
		{
			name: "gbk bytes, no prolog, no header: sniffed", body: gbk,
			want: text, charset: "gb18030",
		},
		{
			name: "gbk bytes under a header that claims utf-8: sniffed", body: gbk,
			contentType: "text/xml; charset=utf-8", want: text, charset: "gb18030",
		},
		{
			name: "gbk bytes with an unknown prolog label: header used",
			body: append([]byte(`<?xml version="1.0" encoding="x-bogus"?>`), gbk...), contentType: "text/xml; charset=gbk",
			want: `<?xml version="1.0" encoding="UTF-8"?>` + text, charset: "gbk",
		},
		{
			name: "gbk bytes with an unknown prolog label and no header: sniffed",
			body: append([]byte(`<?xml version='1.0' encoding='x-bogus'?>`), gbk...),
			want: `<?xml version='1.0' encoding='UTF-8'?>` + text, charset: "gb18030",
		},
		{
			name: "utf-8 bytes under a lying gbk prolog stay, prolog fixed",
			body: []byte(`<?xml version="1.0" encoding="gbk"?>` + text),
			want: `<?xml version="1.0" encoding="UTF-8"?>` + text, charset: "utf-8",
		},
		{
			name:        "utf-8 bytes under a lying header stay",
			body:        []byte(text),
			contentType: "text/xml; charset=gbk", want: text, charset: "utf-8",
		},
		{
			name: "utf-8 with one broken byte is not sniffed as GB18030",
			body: []byte(strings.Repeat("教育新闻", 10) + "\xff" + "推进会"),
			want: strings.Repeat("教育新闻", 10) + "\uFFFD" + "推进会", charset: "utf-8",
		},
		{
			name: "utf-8 BOM dropped",
			body: append([]byte{0xEF, 0xBB, 0xBF}, text...),
			want: text, charset: "utf-8",
		},
		{
			name: "utf-16le with BOM",
			body: encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), utf16Doc),
			want: seed, charset: "utf-16le",
		},
		{
			name: "utf-16be with BOM",
			body: encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), utf16Doc),
			want: seed, charset: "utf-16be",
		},
		{
			name: "utf-16le without BOM",
			body: encode(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), utf16Doc),
			want: seed, charset: "utf-16le",
		},
		{
			name: "latin-1 prolog",
			body: []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><title>caf\xe9</title>"),
			want: `<?xml version="1.0" encoding="UTF-8"?><title>café</title>`, charset: "windows-1252",
		},
		{
			name: "prolog after whitespace, single quotes, spaces around =",
			body: append([]byte("\n <?xml version='1.0' encoding = 'GBK' standalone='yes'?>"), gbk...),
			want: "\n <?xml version='1.0' encoding = 'UTF-8' standalone='yes'?>" + text, charset: "gbk",
		},
		{
			name: "stylesheet PI is not a prolog",
			body: []byte(`<?xml-stylesheet encoding="gbk"?>` + text),
			want: `<?xml-stylesheet encoding="gbk"?>` + text, charset: "utf-8",
		},
		{
			name: "json in gbk with header charset",
			body: encode(t, simplifiedchinese.GBK, `{"title":"教育新闻"}`), contentType: "application/feed+json; charset=gbk",
			want: `{"title":"教育新闻"}`, charset: "gbk",
		},
		{name: "empty", body: nil, want: "", charset: "utf-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, cs, err := ToUTF8(tc.body, tc.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tc.want {
				t.Errorf("out = %q\nwant  %q", out, tc.want)
			}
			if cs != tc.charset {
				t.Errorf("charset = %q, want %q", cs, tc.charset)
			}
		})
	}
}

func TestHeaderCharset(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"text/xml", ""},
		{"text/xml; charset=GBK", "GBK"},
		{`application/rss+xml; charset="gb2312"`, "gb2312"},
		{"text/xml;; charset=gbk", "gbk"},           // malformed: found by hand
		{"text/xml; CharSet=big5 ; q=1; =", "big5"}, // malformed: found by hand
		{"\x9bChArset=", ""},                        // fuzz: ToLower shifted offsets
		{"İ text/xml; charset='utf-8'", "utf-8"},    // non-ASCII before the key
	} {
		if got := headerCharset(tc.in); got != tc.want {
			t.Errorf("headerCharset(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestToUTF8Big5(t *testing.T) {
	out, cs, err := ToUTF8(readTestdata(t, "big5-feed.xml"), "")
	if err != nil {
		t.Fatal(err)
	}
	if cs != "big5" {
		t.Errorf("charset = %q, want big5", cs)
	}
	for _, want := range []string{
		`<?xml version="1.0" encoding="UTF-8"?>`,
		"<title>教育部召開年中推進會議</title>",
		"<p>教育部於七月二十三日召開年中推進會議，檢討上半年工作並部署下半年重點。</p>",
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("decoded Big5 feed lacks %q", want)
		}
	}
}

// TestToUTF8NoAlloc pins the fast path: clean UTF-8 is handed back as is.
func TestToUTF8NoAlloc(t *testing.T) {
	body := bigFeed(t)
	allocs := testing.AllocsPerRun(20, func() {
		out, _, _ := ToUTF8(body, "application/rss+xml; charset=utf-8")
		_ = StripInvalidXMLChars(out)
	})
	if allocs != 0 {
		t.Errorf("ToUTF8+StripInvalidXMLChars on clean UTF-8: %.0f allocs, want 0", allocs)
	}
	out, _, _ := ToUTF8(body, "")
	if &out[0] != &body[0] {
		t.Error("clean UTF-8 body was copied")
	}
}

// bigFeed repeats the seed feed's items into a feed of about 300 KB.
func bigFeed(t testing.TB) []byte {
	seed := string(readTestdata(t, "seed-feed.xml"))
	start, end := strings.Index(seed, "<item>"), strings.LastIndex(seed, "</item>")+len("</item>")
	items := seed[start:end]
	var b strings.Builder
	b.WriteString(seed[:start])
	for b.Len() < 300<<10 {
		b.WriteString(items)
		b.WriteString("\n")
	}
	b.WriteString(seed[end:])
	return []byte(b.String())
}

func BenchmarkToUTF8(b *testing.B) {
	body := bigFeed(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ToUTF8(body, "application/rss+xml; charset=utf-8"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkToUTF8GBK(b *testing.B) {
	body := readTestdata(b, "seed-feed-gbk.xml")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ToUTF8(body, ""); err != nil {
			b.Fatal(err)
		}
	}
}
