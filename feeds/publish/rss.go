package publish

import (
	"bytes"
	"encoding/xml"
	"html"
	"strings"
	"time"
)

// rssTTL tells RSS readers how many minutes they may cache the channel; it
// matches the usual poll interval of our sources.
const rssTTL = 30

type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	ContentNS string     `xml:"xmlns:content,attr"`
	AtomNS    string     `xml:"xmlns:atom,attr"`
	DCNS      string     `xml:"xmlns:dc,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language,omitempty"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	TTL           int       `xml:"ttl"`
	Generator     string    `xml:"generator"`
	Self          rssLink   `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link,omitempty"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate,omitempty"`
	Creator     string        `xml:"dc:creator,omitempty"`
	Categories  []rssCategory `xml:"category"`
	Source      *rssSource    `xml:"source"`
	Description string        `xml:"description,omitempty"`
	Content     string        `xml:"content:encoded,omitempty"`
	Enclosure   *rssEnclosure `xml:"enclosure"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// rssCategory is a tag, or with Domain set, a source that carried the item.
type rssCategory struct {
	Domain string `xml:"domain,attr,omitempty"`
	Value  string `xml:",chardata"`
}

// sourceDomain marks the categories that name sources rather than topics.
const sourceDomain = "urn:edufeed:source"

type rssSource struct {
	URL  string `xml:"url,attr"`
	Name string `xml:",chardata"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length int64  `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

// renderRSS writes the view as an RSS 2.0 document.
func renderRSS(v *view) ([]byte, error) {
	doc := rssDoc{
		Version:   "2.0",
		ContentNS: "http://purl.org/rss/1.0/modules/content/",
		AtomNS:    "http://www.w3.org/2005/Atom",
		DCNS:      "http://purl.org/dc/elements/1.1/",
		Channel: rssChannel{
			Title:         v.title,
			Link:          v.info.Link,
			Description:   v.info.Description,
			Language:      v.info.Language,
			LastBuildDate: rssDate(v.modified),
			TTL:           rssTTL,
			Generator:     v.generator(),
			Self:          rssLink{Rel: "self", Type: "application/rss+xml", Href: v.self(rssFile)},
			Items:         make([]rssItem, len(v.items)),
		},
	}
	for i := range v.items {
		it := &v.items[i]
		ri := rssItem{
			Title:   xmlText(it.Title),
			Link:    xmlText(it.Link),
			GUID:    rssGUID{IsPermaLink: "false", Value: itemURN(it.ID)},
			PubDate: rssDate(itemPublished(it)),
			Creator: strings.Join(xmlTexts(it.Authors), ", "),
			// Readers treat <description> as HTML; the summary is plain text.
			Description: html.EscapeString(xmlText(it.Summary)),
			Content:     xmlText(it.Content),
		}
		if ri.Description == "" {
			ri.Description = ri.Content
		}
		for _, t := range itemTerms(it) {
			ri.Categories = append(ri.Categories, rssCategory{Value: t})
		}
		// <source> names one feed; a story several sources carried names
		// all of them as categories of the source domain. The categories
		// hold the names, which clients may key on; <source> holds the
		// title, which readers show.
		for _, name := range xmlTexts(itemSources(it)) {
			ri.Categories = append(ri.Categories, rssCategory{Domain: sourceDomain, Value: name})
		}
		// RSS requires url= on <source>; an item of a source that has left
		// the config has none to give, so it goes without the element.
		if u, ok := v.sourceURL(it.Source, rssFile); ok {
			ri.Source = &rssSource{URL: u, Name: v.sourceTitle(it.Source)}
		}
		for _, e := range it.Enclosures {
			if e.URL == "" {
				continue
			}
			// RSS allows one enclosure and requires its length and type.
			typ := xmlText(e.Type)
			if typ == "" {
				typ = "application/octet-stream"
			}
			ri.Enclosure = &rssEnclosure{URL: xmlText(e.URL), Length: max(e.Length, 0), Type: typ}
			break
		}
		doc.Channel.Items[i] = ri
	}
	return encodeXML(doc)
}

// rssDate formats t as RFC 1123 with a numeric zone, as RSS 2.0 wants; the
// zero time gives "".
func rssDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC1123Z)
}

// encodeXML marshals doc, indented, after an XML declaration.
func encodeXML(doc any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
