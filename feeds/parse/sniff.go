package parse

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"
)

// xmlHead is what the start of an XML document tells before the real parse.
type xmlHead struct {
	// root is the lower-cased local name of the root element.
	root string
	// base is the xml:base in force for the items: the root's, refined by
	// the RSS 2.0 <channel>'s, which encloses the items.
	base string
}

// xmlNamespace is the namespace encoding/xml gives attributes written "xml:".
const xmlNamespace = "http://www.w3.org/XML/1998/namespace"

// sniffXML reads tokens up to the root element (and, for RSS 2.0, the
// channel) and stops there, so it costs microseconds whatever the body's size.
func sniffXML(body []byte) (xmlHead, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	// Lenient like gofeed, so that sniffing accepts what the real parse
	// accepts. The body is UTF-8 by contract, whatever a stale prolog says.
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }

	var head xmlHead
	for {
		tok, err := d.RawToken()
		if err != nil {
			if head.root != "" && errors.Is(err, io.EOF) {
				return head, nil
			}
			return head, err
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		base := attrBase(el.Attr)
		if head.root == "" {
			head.root = strings.ToLower(el.Name.Local)
			head.base = base
			// Only RSS 2.0 nests items in a channel; RDF's items are the
			// channel's siblings, so the channel's base is not theirs.
			if head.root != "rss" {
				return head, nil
			}
			continue
		}
		if strings.EqualFold(el.Name.Local, "channel") && base != "" {
			head.base = resolveBase(head.base, base)
		}
		return head, nil
	}
}

// attrBase returns the xml:base attribute's value. RawToken leaves prefixes
// untranslated, so the attribute is seen as space "xml".
func attrBase(attrs []xml.Attr) string {
	for _, a := range attrs {
		if a.Name.Local == "base" && (a.Name.Space == "xml" || a.Name.Space == xmlNamespace) {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// resolveBase applies a nested xml:base to its parent's, as XML Base says.
func resolveBase(outer, inner string) string {
	if outer == "" {
		return inner
	}
	o, err := url.Parse(outer)
	if err != nil {
		return inner
	}
	i, err := url.Parse(inner)
	if err != nil {
		return inner
	}
	return o.ResolveReference(i).String()
}

// htmlRoots are root elements that only an HTML page starts with.
var htmlRoots = map[string]bool{"html": true, "head": true, "body": true}

// notFeed explains a document whose start is neither XML with a feed root nor
// a JSON object.
func notFeed(start []byte) error {
	if looksHTML(start) {
		return fmt.Errorf("%w: the document is an HTML page", ErrNotFeed)
	}
	return fmt.Errorf("%w: the document starts with %q", ErrNotFeed, snippet(start, 60))
}

// notFeedRoot explains well-formed XML whose root is not a feed's. Only the
// root and the doctype count here: OPML, for one, has a <head> too.
func notFeedRoot(start []byte, root string) error {
	if htmlRoots[root] || hasHTMLDoctype(start) {
		return fmt.Errorf("%w: the document is an HTML page", ErrNotFeed)
	}
	return fmt.Errorf("%w: the XML root element is <%s>, not <rss>, <rdf:RDF> or <feed>", ErrNotFeed, root)
}

// looksHTML reports whether the first KiB of a document carries an HTML
// doctype or an <html>, <head> or <body> tag.
func looksHTML(start []byte) bool {
	return containsFold(start, "<!doctype html", "<html", "<head", "<body")
}

func hasHTMLDoctype(start []byte) bool {
	return containsFold(start, "<!doctype html")
}

// containsFold reports whether the first KiB of b holds any of the lower-case
// markers, ignoring case.
func containsFold(b []byte, markers ...string) bool {
	if len(b) > 1024 {
		b = b[:1024]
	}
	low := bytes.ToLower(b)
	for _, m := range markers {
		if bytes.Contains(low, []byte(m)) {
			return true
		}
	}
	return false
}

// snippet returns up to n runes from the start of b, cut on a rune boundary,
// with runs of white space folded so the quoted text stays on one line.
// Bytes that are not UTF-8 are kept as they are, for %q to escape.
func snippet(b []byte, n int) string {
	var sb strings.Builder
	space := false
	for i := 0; i < n && len(b) > 0; i++ {
		r, size := utf8.DecodeRune(b)
		raw := b[:size]
		b = b[size:]
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			if !space {
				sb.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		// The byte itself, not U+FFFD for a byte that is not UTF-8: %q
		// then shows it as \xNN.
		sb.Write(raw)
	}
	if len(b) > 0 {
		sb.WriteString("…")
	}
	return sb.String()
}
