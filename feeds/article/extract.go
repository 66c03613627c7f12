// Package article turns a fetched article page into the article: its
// container's text as clean HTML, with the page's title, date, author and
// source as metadata, its attachments and the link to its next page. It is
// pure like feeds/clean: no I/O, no clock (the fetch time is passed in).
package article

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MaxPageBytes is how much of a page is read. Article pages are far
// smaller; a page past this is cut, which bounds the parse of a hostile one.
const MaxPageBytes = 2 << 20

// ErrNoArticle means the page holds no article text: a frameset, a page
// built by script, a page of links only.
var ErrNoArticle = errors.New("no article on the page")

// DateFrom says which part of the page gave the article's date.
type DateFrom string

// The places a page's date is read from, most trusted first.
const (
	DateFromMeta      DateFrom = "meta"     // <meta name="PubDate">, article:published_time and kin
	DateFromMicrodata DateFrom = "itemprop" // itemprop="datePublished"
	DateFromJSONLD    DateFrom = "json-ld"  // datePublished in a JSON-LD script
	DateFromTime      DateFrom = "time"     // a <time datetime> element
	DateFromLine      DateFrom = "line"     // the visible 发布时间/发布日期/时间 line
	DateFromLink      DateFrom = "link"     // a date written in the page's URL
	DateNone          DateFrom = ""         // the page gave none
)

// Article is what Extract takes from a page.
type Article struct {
	Title string
	// Content is the article body as sanitised HTML, page junk cut.
	Content string
	// Text is Content as plain text, a paragraph a line.
	Text      string
	Published time.Time
	DateFrom  DateFrom
	Author    string
	// Source is the 来源 line's value: the outlet the article came from.
	Source string
	// NextPage is the absolute URL of the article's own next page, if it
	// is split over several; "" otherwise.
	NextPage string
	// Attachments are the article's documents (PDF, DOC, XLS…), absolute.
	// Content keeps them as links too.
	Attachments []Attachment
}

// Attachment is one linked document of an article.
type Attachment struct {
	URL  string
	Name string
}

// Options are what extraction needs to know besides the page.
type Options struct {
	// Location is the zone naive dates are read in; nil means Asia/Shanghai.
	Location *time.Location
	// Now is the fetch time, for relative and year-less dates and to reject
	// dates in the future.
	Now time.Time
	// Override is the source's own container and junk selectors.
	Override Override
	// Rules are the source's cleaning rules; nil means the built-in ones.
	Rules *Rules
	// SiteName is the source's name as titles append it ("_中国教育在线"),
	// to cut it from the title; may be empty.
	SiteName string
}

// Extract reads an article page, already decoded to UTF-8. pageURL is the
// page's address: the base of its links and a last source of its date.
func Extract(doc []byte, pageURL string, opts Options) (Article, error) {
	if len(doc) > MaxPageBytes {
		doc = doc[:MaxPageBytes]
	}
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil { // elements nested past x/net/html's limit of 512
		return Article{}, fmt.Errorf("article %s: parse: %w", pageURL, err)
	}
	return fromNode(root, pageURL, opts, len(doc))
}

// FromNode is Extract for a parsed page. It changes the tree: the junk it
// cuts is gone from it afterwards.
func FromNode(root *html.Node, pageURL string, opts Options) (Article, error) {
	return fromNode(root, pageURL, opts, 0)
}

// fromNode is FromNode for a page of size bytes (0: not known).
func fromNode(root *html.Node, pageURL string, opts Options, size int) (Article, error) {
	sel, err := opts.Override.compile()
	if err != nil {
		return Article{}, fmt.Errorf("article %s: %w", pageURL, err)
	}
	for _, g := range sel.remove {
		for _, n := range cascadia.QueryAll(root, g) {
			detach(n)
		}
	}
	sv := surveyPage(root, size)
	defer sv.release()
	base := pageBase(sv, pageURL)
	m := readMeta(sv)
	body := sv.body
	if body == nil {
		return Article{}, fmt.Errorf("article %s: %w", pageURL, errEmpty(sv))
	}
	counts := sv.counts
	box := sel.container(body, counts)
	if box == nil {
		box = knownContainer(sv, counts)
	}
	if box == nil {
		box = scoreContainer(body, counts)
	}
	if box == nil {
		return Article{}, fmt.Errorf("article %s: %w", pageURL, errEmpty(sv))
	}
	a := Article{Author: m.author, Source: m.source}
	a.Title = pickTitle(sv, box, m, opts)
	// The text around the container is read only when the metadata leave
	// the date, author or source to it, and before trimBox cuts it.
	around := sync.OnceValue(func() string { return infoText(box, counts) })
	a.Published, a.DateFrom = pickDate(sv, box, around, m, pageURL, opts)
	a.NextPage = nextPage(sv, box, base, pageURL)
	if a.Author == "" {
		a.Author = labelValue(around(), authorLabel)
	}
	if a.Source == "" {
		a.Source = labelValue(around(), sourceLabel)
	}
	trimBox(box, a.Title, counts)
	linkEmbeds(sv, box)
	atts := attachments(box, base)
	extra := attachmentBlock(box, base, &atts)
	if sv.appendix != "" {
		extra += "<p>附件：</p>" + sv.appendix // clean sanitises it as it does the rest
	}
	a.Content, a.Text = cleanTree(takeChildren(box, extra), base, opts.Rules)
	a.Attachments = contentAttachments(a.Content)
	a.Author, a.Source = cleanName(a.Author), cleanName(a.Source)
	for i := range a.Attachments {
		a.Attachments[i].Name = cleanName(a.Attachments[i].Name)
	}
	if strings.TrimSpace(a.Text) == "" && !strings.Contains(a.Content, "<img") {
		return Article{}, fmt.Errorf("article %s: %w", pageURL, errEmpty(sv))
	}
	return a, nil
}

// errEmpty says why a page gave no article, as far as the page tells.
func errEmpty(sv *survey) error {
	if sv.frames {
		return fmt.Errorf("%w: the page is built from frames", ErrNoArticle)
	}
	return ErrNoArticle
}

// takeChildren moves box's children under a new root, followed by the
// parsed extra HTML, for clean to take over.
func takeChildren(box *html.Node, extra string) *html.Node {
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for c := box.FirstChild; c != nil; {
		next := c.NextSibling
		box.RemoveChild(c)
		root.AppendChild(c)
		c = next
	}
	if extra != "" {
		ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
		nodes, _ := html.ParseFragment(strings.NewReader(extra), ctx) // a strings.Reader does not fail
		for _, n := range nodes {
			root.AppendChild(n)
		}
	}
	return root
}
