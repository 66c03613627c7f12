package opml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSize caps the OPML file Parse reads: the exports of feed readers are
// a few hundred KiB at most.
const MaxSize = 10 << 20

// maxOutlineDepth caps the nesting of outlines; folders are not nested that
// deeply by any reader, and the cap bounds the folder stack.
const maxOutlineDepth = 64

// ErrNotOPML is returned, wrapped, for a file that is XML but not OPML.
var ErrNotOPML = errors.New("not an OPML file")

// Feed is one feed of an OPML subscription list.
type Feed struct {
	// Title is the outline's title, or its text when it has none, with
	// entities decoded and white space collapsed; it may be empty.
	Title string
	// URL is the outline's xmlUrl, trimmed; it may be empty or not http(s):
	// Plan says why it skips such a feed (it reads feed: URLs as http).
	URL string
	// Folders are the titles of the enclosing folder outlines, outermost
	// first, followed by the entries of a category attribute.
	Folders []string
	// Kind is the outline's type attribute, lower-case; readers leave it out
	// or write rss, atom or link; "include" names another OPML file.
	Kind string
	// Line is the line of the outline in the file, for messages.
	Line int
}

// Parse reads an OPML 1.0 or 2.0 subscription list and returns the
// outlines that carry a feed URL (and those of type link or include, with
// an empty URL, so that the caller can say why it skips them), in document
// order. Folders (outlines without xmlUrl) are not returned but named in
// the Folders of the feeds inside them.
//
// At most MaxSize bytes are read. The file must be UTF-8 (or declare
// US-ASCII or ISO-8859-1). HTML entities such as &nbsp; are understood;
// entities declared in a DTD are not expanded, so entity bombs fail to parse.
func Parse(r io.Reader) ([]Feed, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read OPML: %w", err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("OPML file is larger than %d MiB", MaxSize>>20)
	}
	feeds, err := parseXML(data, true)
	if err != nil && !errors.Is(err, ErrNotOPML) {
		// Some exporters leave & unescaped in URLs; a lenient decoder reads
		// them, and an incomplete file still fails (see parseXML).
		if lenient, lerr := parseXML(data, false); lerr == nil {
			return lenient, nil
		}
	}
	return feeds, err
}

// parseXML walks the outlines of data with a strict or lenient decoder.
func parseXML(data []byte, strict bool) ([]Feed, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = strict
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charsetReader
	var (
		feeds   []Feed
		folders []string // titles of the open outlines; "" for those not folders
		depth   int      // open elements
		root    bool     // seen the opml root element
		closed  bool     // seen its end
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("OPML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if !strings.EqualFold(t.Name.Local, "opml") {
					return nil, fmt.Errorf("%w: the root element is <%s>, not <opml>", ErrNotOPML, t.Name.Local)
				}
				root = true
				continue
			}
			if !strings.EqualFold(t.Name.Local, "outline") {
				continue
			}
			if len(folders) >= maxOutlineDepth {
				line, _ := d.InputPos()
				return nil, fmt.Errorf("OPML line %d: outlines nested more than %d deep", line, maxOutlineDepth)
			}
			line, _ := d.InputPos()
			f, folder := outlineFeed(t, line, folders)
			if f != nil {
				feeds = append(feeds, *f)
			}
			folders = append(folders, folder)
		case xml.EndElement:
			depth--
			if depth == 0 {
				closed = true
			} else if strings.EqualFold(t.Name.Local, "outline") && len(folders) > 0 {
				folders = folders[:len(folders)-1]
			}
		}
	}
	if !root {
		return nil, fmt.Errorf("%w: no <opml> element", ErrNotOPML)
	}
	if !closed {
		return nil, errors.New("OPML: the file ends before </opml>: is it cut short?")
	}
	return feeds, nil
}

// outlineFeed reads one outline element. It returns the feed it names, if
// any, and the folder name its children are in ("" when it is no folder).
func outlineFeed(e xml.StartElement, line int, folders []string) (*Feed, string) {
	var title, text, xmlURL, kind, category string
	for _, a := range e.Attr {
		if a.Name.Space != "" {
			continue // reader extensions such as Thunderbird's fz:quickMode
		}
		switch strings.ToLower(a.Name.Local) {
		case "title":
			title = a.Value
		case "text":
			text = a.Value
		case "xmlurl":
			xmlURL = strings.TrimSpace(a.Value)
		case "type":
			kind = strings.ToLower(strings.TrimSpace(a.Value))
		case "category":
			category = a.Value
		}
	}
	name := cleanTitle(title)
	if name == "" {
		name = cleanTitle(text)
	}
	if xmlURL == "" && kind != "link" && kind != "include" {
		return nil, name
	}
	f := &Feed{Title: name, URL: xmlURL, Kind: kind, Line: line}
	for _, folder := range folders {
		if folder != "" {
			f.Folders = append(f.Folders, folder)
		}
	}
	f.Folders = append(f.Folders, categories(category)...)
	return f, ""
}

// categories splits an OPML 2.0 category attribute, "/News/Edu,/Tech",
// into its names.
func categories(attr string) []string {
	var out []string
	for _, c := range strings.Split(attr, ",") {
		for _, part := range strings.Split(c, "/") {
			if p := cleanTitle(part); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// cleanTitle decodes entities left escaped twice (exports often write
// &amp;amp;), drops control characters and collapses white space.
func cleanTitle(s string) string {
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError, r == '\uFEFF':
			return -1
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// charsetReader lets the decoder read the two non-UTF-8 encodings the standard
// library can decode without tables.
func charsetReader(label string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return r, nil
	case "iso-8859-1", "latin1", "iso8859-1", "l1":
		return latin1Reader(r)
	}
	return nil, fmt.Errorf("encoding %q is not supported: convert the file to UTF-8 (iconv -f %s -t UTF-8)", label, label)
}

// latin1Reader decodes ISO-8859-1, whose bytes are the first 256 code
// points. The file is already in memory (at most MaxSize), so reading it
// whole costs nothing more.
func latin1Reader(r io.Reader) (io.Reader, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(data)*2)
	for _, b := range data {
		out = utf8.AppendRune(out, rune(b))
	}
	return bytes.NewReader(out), nil
}
