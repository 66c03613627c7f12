// Package parse turns feed bytes into edufeed items through gofeed. It only
// maps fields, keeping values as the feed wrote them (plain-text bodies are
// escaped into HTML, the type Item.Content holds); cleaning is the clean
// package's job.
package parse

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	jsonfeed "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"

	"github.com/edufeed/edufeed/feeds"
)

// ErrNotFeed is returned, wrapped with the reason, when the document is not an
// RSS, Atom or JSON Feed document (an HTML page, an OPML file, plain text).
var ErrNotFeed = errors.New("not a feed")

// ErrEmpty is returned when the document holds nothing but white space.
var ErrEmpty = errors.New("empty document")

// errPanic marks a panic caught inside Parse; the fuzz test looks for it.
var errPanic = errors.New("feed parser panicked")

// Parser parses RSS, Atom and JSON Feed documents. It is safe for concurrent use.
type Parser struct {
	// The format parsers and translators keep no state between calls, so one
	// set serves every goroutine; building them per call only adds garbage.
	rss   *rss.Parser
	atom  *atom.Parser
	json  *jsonfeed.Parser
	rssTr *gofeed.DefaultRSSTranslator
}

// New returns a Parser.
func New() *Parser {
	return &Parser{
		rss:  &rss.Parser{},
		atom: &atom.Parser{},
		json: &jsonfeed.Parser{},
		// The image scan runs an HTML parse of every item body to find a
		// picture edufeed never uses; without it RSS parses ~25% faster.
		rssTr: &gofeed.DefaultRSSTranslator{DisableContentImageScan: true},
	}
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Parse reads one UTF-8 feed document. A document that is not a feed gives an
// error wrapping ErrNotFeed or ErrEmpty; a feed that is not well formed gives
// the underlying XML or JSON error, wrapped with the format's name.
func (p *Parser) Parse(body []byte) (f *feeds.Feed, err error) {
	// gofeed walks untrusted input; should it ever panic, one bad feed must
	// fail its own poll, not the daemon.
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("parse feed: %w: %v", errPanic, r)
		}
	}()
	body = bytes.TrimPrefix(body, utf8BOM)
	start := bytes.TrimLeft(body, " \t\r\n")
	if len(start) == 0 {
		return nil, ErrEmpty
	}
	switch start[0] {
	case '{':
		return p.parseJSON(start)
	case '<':
		// gofeed would detect the type from the first 4 KiB only; sniffing
		// the root ourselves has no such limit and tells us why a document
		// is not a feed.
		head, err := sniffXML(start)
		if err != nil {
			return nil, notFeed(start)
		}
		switch head.root {
		case "rss", "rdf":
			return p.parseRSS(start, head)
		case "feed":
			return p.parseAtom(start, head)
		}
		return nil, notFeedRoot(start, head.root)
	}
	return nil, notFeed(start)
}

func (p *Parser) parseRSS(body []byte, head xmlHead) (*feeds.Feed, error) {
	doc, err := p.rss.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("malformed RSS document: %w", err)
	}
	uni, err := p.rssTr.Translate(doc)
	if err != nil {
		return nil, fmt.Errorf("translate RSS document: %w", err)
	}
	return fromRSS(doc, uni, head.base), nil
}

func (p *Parser) parseAtom(body []byte, head xmlHead) (*feeds.Feed, error) {
	doc, err := p.atom.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("malformed Atom document: %w", err)
	}
	return fromAtom(doc, head.base), nil
}

func (p *Parser) parseJSON(body []byte) (*feeds.Feed, error) {
	doc, err := p.json.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("malformed JSON Feed document: %w", err)
	}
	if !isJSONFeed(doc) {
		return nil, fmt.Errorf("%w: a JSON document that is not a JSON Feed (no version, no items)", ErrNotFeed)
	}
	return fromJSON(doc), nil
}
