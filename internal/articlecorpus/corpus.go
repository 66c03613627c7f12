// Package articlecorpus reads the labelled corpus of article pages
// (feeds/article/testdata/corpus) and scores an extractor's output against
// its labels. The golden test of feeds/article and bench/extract share it,
// so that both count kept sentences, junk and dates the same way.
package articlecorpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// Page is one labelled page of the corpus, its HTML decoded to UTF-8.
type Page struct {
	Name        string   `json:"-"`
	URL         string   `json:"url"`
	Family      string   `json:"family"`
	Charset     string   `json:"charset"`
	TZ          string   `json:"tz"`
	Title       string   `json:"title"`
	Date        string   `json:"date"`
	Author      string   `json:"author"`
	Source      string   `json:"source"`
	Keep        []string `json:"keep"`
	Junk        []string `json:"junk"`
	Pages       []string `json:"pages"`
	Attachments []string `json:"attachments"`
	Images      []string `json:"images"`
	Tables      int      `json:"tables"`
	// HTML holds the page and then its further pages, as UTF-8.
	HTML [][]byte `json:"-"`
}

// Location is the page's zone, Asia/Shanghai when the label names none.
func (p Page) Location() *time.Location {
	name := p.TZ
	if name == "" {
		name = "Asia/Shanghai"
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.FixedZone(name, 8*3600)
}

// Load reads every labelled page in dir (NNN-family-slug.json beside its
// .html), in name order.
func Load(dir string) ([]Page, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	var out []Page
	for _, name := range names {
		p, err := load(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Base(name), err)
		}
		out = append(out, p)
	}
	return out, nil
}

func load(name string) (Page, error) {
	var p Page
	b, err := os.ReadFile(name)
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return p, err
	}
	p.Name = strings.TrimSuffix(filepath.Base(name), ".json")
	dir := filepath.Dir(name)
	files := append([]string{p.Name + ".html"}, p.Pages...)
	for _, f := range files {
		raw, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return p, err
		}
		h, err := Decode(raw, p.Charset)
		if err != nil {
			return p, fmt.Errorf("%s: %w", f, err)
		}
		p.HTML = append(p.HTML, h)
	}
	return p, nil
}

// Decode turns a page's bytes into UTF-8 as the fetcher does: by the
// label, GBK and GB2312 read as GB18030.
func Decode(raw []byte, label string) ([]byte, error) {
	switch strings.ToLower(label) {
	case "", "utf-8", "utf8":
		return raw, nil
	case "gbk", "gb2312":
		label = "gb18030"
	}
	r, err := charset.NewReaderLabel(label, bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// Output is what an extractor gave for a page (its pages joined).
type Output struct {
	Title string
	HTML  string
	Text  string
	Date  time.Time
}

// Result is how an output fares against a page's labels.
type Result struct {
	Kept, Keep int
	Missing    []string // keep sentences not found
	JunkLeft   []string // junk strings found
	DateRight  bool
	TitleRight bool
	LostAttach []string
	LostImages []string
	Tables     int // tables in the output
	WantTables int
	GotDate    time.Time
	WantDate   time.Time
	GotTitle   string
}

// Score checks an output against the page's labels. Sentences and junk are
// compared with all whitespace removed, so that line breaks and spaces an
// extractor adds or drops do not count.
func Score(p Page, o Output) Result {
	r := Result{Keep: len(p.Keep), WantTables: p.Tables, GotDate: o.Date, GotTitle: o.Title}
	text := Squeeze(o.Text)
	for _, k := range p.Keep {
		if strings.Contains(text, Squeeze(k)) {
			r.Kept++
		} else {
			r.Missing = append(r.Missing, k)
		}
	}
	for _, j := range p.Junk {
		if strings.Contains(text, Squeeze(j)) {
			r.JunkLeft = append(r.JunkLeft, j)
		}
	}
	if want, err := time.Parse(time.RFC3339, p.Date); err == nil {
		r.WantDate = want
		r.DateRight = o.Date.Equal(want)
	}
	r.TitleRight = Squeeze(o.Title) == Squeeze(p.Title)
	links := URLs(o.HTML)
	for _, a := range p.Attachments {
		if !links[SameURL(a)] {
			r.LostAttach = append(r.LostAttach, a)
		}
	}
	for _, img := range p.Images {
		if !links[SameURL(img)] {
			r.LostImages = append(r.LostImages, img)
		}
	}
	r.Tables = strings.Count(strings.ToLower(o.HTML), "<table")
	return r
}

// Squeeze removes all whitespace (full-width and no-break spaces too).
func Squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' || r == '\u200b' || r == '\ufeff' {
			return -1
		}
		return r
	}, s)
}

// URLs are the link and image URLs of h, as SameURL writes them.
func URLs(h string) map[string]bool {
	out := map[string]bool{}
	root, err := html.Parse(strings.NewReader(h))
	if err != nil {
		return out
	}
	for n := range root.Descendants() {
		for _, a := range n.Attr {
			if a.Key == "href" || a.Key == "src" {
				out[SameURL(a.Val)] = true
			}
		}
	}
	return out
}

// SameURL writes a URL so that two that differ only in the order of their
// query parameters compare equal: cleaning sorts them.
func SameURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return s
	}
	u.RawQuery = u.Query().Encode()
	return u.String()
}
