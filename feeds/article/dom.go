package article

import (
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

func attr(n *html.Node, key string) string {
	for i := range n.Attr { // by index: an Attribute is three strings to copy
		if a := &n.Attr[i]; a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// eachNode calls f for every node under n in document order, as
// n.Descendants() yields them, until f returns false. A plain recursion:
// the iterator's nested yields cost more than most visits do.
func eachNode(n *html.Node, f func(*html.Node) bool) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !f(c) || !eachNode(c, f) {
			return false
		}
	}
	return true
}

func detach(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

func isElement(n *html.Node, tags ...string) bool {
	if n == nil || n.Type != html.ElementNode {
		return false
	}
	for _, t := range tags {
		if n.Data == t {
			return true
		}
	}
	return len(tags) == 0
}

// invisible reports the elements that hold no reader's text. A switch,
// not a map: it runs for every node of every text walk.
func invisible(tag string) bool {
	switch tag {
	case "script", "style", "noscript", "template", "head", "title", "select", "option",
		"textarea", "svg", "math":
		return true
	}
	return false
}

// textOf is the text a reader sees in n, whitespace runs made one space
// and block ends line breaks, at most max runes of it (0: all). One pass,
// stopping at max.
func textOf(n *html.Node, max int) string {
	w := getWriter(max, false)
	w.node(n)
	return w.done()
}

// keyOf is textOf with no whitespace at all: squeeze(textOf(n, max)),
// without the copy.
func keyOf(n *html.Node, max int) string {
	w := getWriter(max, true)
	w.node(n)
	return w.done()
}

// keyRunes is keyOf with the key's length in runes.
func keyRunes(n *html.Node, max int) (string, int) {
	w := getWriter(max, true)
	w.node(n)
	runes := w.count
	return w.done(), runes
}

// squash makes each run of whitespace (full-width and no-break spaces
// too) one space, keeping newlines as line breaks, and cuts at max runes.
func squash(s string, max int) string {
	w := getWriter(max, false)
	w.text(s)
	return w.done()
}

// textWriter collects text as textOf and squash give it. Writers are
// pooled: textOf runs for most elements of a page, and a buffer kept from
// call to call leaves one allocation per call, the result's.
type textWriter struct {
	buf        []byte
	space, nl  bool
	bare       bool // write no whitespace at all
	count, max int
	// seps counts the spaces and line breaks written between the count
	// runes: the text written holds count+seps runes.
	seps  int
	start int // where the text being written starts in buf (see part)
	// before and tail keep infoText's arrays of parts between pages.
	before, tail []span
}

var writers = sync.Pool{New: func() any { return &textWriter{buf: make([]byte, 0, 1024)} }}

func getWriter(max int, bare bool) *textWriter {
	w := writers.Get().(*textWriter)
	w.buf, w.space, w.nl, w.bare, w.count, w.seps, w.max, w.start = w.buf[:0], false, false, bare, 0, 0, max, 0
	return w
}

// done returns the text and the writer to the pool.
func (w *textWriter) done() string {
	s := string(w.buf)
	w.release()
	return s
}

// release returns the writer to the pool.
func (w *textWriter) release() {
	if cap(w.buf) <= 64<<10 { // a whole page's text is not kept
		writers.Put(w)
	}
}

// part appends n's text, as textOf(n, max) gives it, to what the writer
// holds, and returns where it stands in buf.
func (w *textWriter) part(n *html.Node, max int) span {
	w.start, w.space, w.nl, w.count, w.seps, w.max = len(w.buf), false, false, 0, 0, max
	w.node(n)
	return span{w.start, len(w.buf)}
}

// partRunes is the length in runes of the part last written: what
// utf8.RuneCount of it gives, since the writer writes only valid UTF-8.
func (w *textWriter) partRunes() int { return w.count + w.seps }

// span is a part of a textWriter's buffer.
type span struct{ from, to int }

func (w *textWriter) full() bool { return w.max > 0 && w.count >= w.max }

func (w *textWriter) node(n *html.Node) {
	block := false // asked once: the writer runs over most elements of a page
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
		if invisible(n.Data) {
			return
		}
		if block = blockTag(n.Data); block || n.Data == "br" {
			w.nl = len(w.buf) > w.start
		}
	}
	for c := n.FirstChild; c != nil && !w.full(); c = c.NextSibling {
		w.node(c)
	}
	if block || n.Type == html.ElementNode && n.Data == "td" {
		w.space = len(w.buf) > w.start
	}
}

func (w *textWriter) text(s string) {
	for i := 0; i < len(s); {
		if w.full() {
			return
		}
		if j := w.plainRun(s, i); j > i {
			i = j
			continue
		}
		r, size := chars.Next(s, i) // not an ideograph nor printable ASCII
		switch {
		case r == '\n':
			w.nl = len(w.buf) > w.start
			i += size
			continue
		case r == ' ' || r == '\t' || r == '\r' || r == '\u3000' || r == '\u00a0' || r > 0x7f && chars.IsSpace(r):
			w.space = len(w.buf) > w.start
			i += size
			continue
		case r == '\u200b' || r == '\ufeff':
			i += size
			continue
		}
		w.separate()
		if r == utf8.RuneError && size == 1 {
			w.buf = utf8.AppendRune(w.buf, r) // as WriteRune wrote a bad byte
		} else {
			w.buf = append(w.buf, s[i:i+size]...)
		}
		w.count++
		i += size
	}
}

// separate writes the line break or space pending before the next rune.
func (w *textWriter) separate() {
	switch {
	case w.bare:
	case w.nl:
		w.buf = append(w.buf, '\n')
		w.seps++
	case w.space:
		w.buf = append(w.buf, ' ')
		w.seps++
	}
	w.nl, w.space = false, false
}

// plainRun writes the run of ideographs and printable ASCII that starts at
// s[i], up to max, as text would rune by rune but copied at once; it
// returns where the run ends (i when none starts there).
func (w *textWriter) plainRun(s string, i int) int {
	j, n := i, w.count
	for j < len(s) && (w.max <= 0 || n < w.max) {
		if c := s[j]; c > ' ' && c < 0x7f {
			j++
		} else if chars.CJK3(s, j) {
			j += 3
		} else {
			break
		}
		n++
	}
	if j == i {
		return i
	}
	w.separate()
	w.buf = append(w.buf, s[i:j]...)
	w.count = n
	return j
}

// blockTag reports the elements that break lines.
func blockTag(tag string) bool {
	switch tag {
	case "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
		"section", "article", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "form",
		"center", "main", "aside", "nav", "figure", "figcaption", "hr":
		return true
	}
	return false
}

// runeCount counts the non-space runes of s.
func runeCount(s string) int { return chars.Count(s) }

// textCount is what an element holds: its visible text, the part of it in
// links (runes that are not space), its images and tables, and its links
// to documents.
type textCount struct{ all, link, media, docs int32 } // int32: a map entry per element

// tally holds every element's count (survey fills it), so that the rules
// that ask how much text an element holds cost a map lookup, not a walk.
type tally map[*html.Node]textCount

// holdsContent reports an element with text or an image in it.
func (t tally) holdsContent(n *html.Node) bool {
	c := t[n]
	return c.all >= 10 || c.media > 0
}

// linkShare is the share of n's text inside links.
func (t tally) linkShare(n *html.Node) float64 {
	c := t[n]
	if c.all == 0 {
		return 0
	}
	return float64(c.link) / float64(c.all)
}

// pageBase is the base of the page's links: its <base href> when it has
// one, else its URL.
func pageBase(sv *survey, pageURL string) string {
	if sv.base != nil {
		if h := strings.TrimSpace(attr(sv.base, "href")); h != "" {
			if b := resolve(h, pageURL); b != "" {
				return b
			}
		}
	}
	return pageURL
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }
