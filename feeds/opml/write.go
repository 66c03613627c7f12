package opml

import (
	"encoding/xml"
	"strings"
	"time"
)

// Document is a subscription list to write.
type Document struct {
	Title    string
	Created  time.Time
	Outlines []Outline
}

// Outline is one subscription of a Document. The strings must be valid
// XML characters: Write escapes markup, not control characters.
type Outline struct {
	// Text is the label a reader shows; Title repeats it, as readers expect.
	Text   string
	XMLURL string
	// Description says what the feed holds; optional.
	Description string
	// Categories are the feed's tags.
	Categories []string
	// Comment marks a subscription that is listed but switched off.
	Comment bool
}

// xmlDoc is an OPML 2.0 subscription list (http://opml.org/spec2.opml).
type xmlDoc struct {
	XMLName xml.Name     `xml:"opml"`
	Version string       `xml:"version,attr"`
	Title   string       `xml:"head>title"`
	Created string       `xml:"head>dateCreated"`
	Docs    string       `xml:"head>docs"`
	Body    []xmlOutline `xml:"body>outline"`
}

// xmlOutline is one subscription. Only attributes the spec defines are used,
// since it allows others only in a namespace that readers would ignore.
type xmlOutline struct {
	Type  string `xml:"type,attr"`
	Text  string `xml:"text,attr"`
	Title string `xml:"title,attr"`
	// Description is OPML 2.0's description attribute of a subscription.
	Description string `xml:"description,attr,omitempty"`
	XMLURL      string `xml:"xmlUrl,attr"`
	Category    string `xml:"category,attr,omitempty"`
	// IsComment is "true" for a switched-off subscription: the spec's way
	// of saying an outline is commented out, so that it is listed but can
	// be told apart.
	IsComment string `xml:"isComment,attr,omitempty"`
}

// Write renders doc as an OPML 2.0 file, which Parse reads back.
func Write(doc Document) ([]byte, error) {
	x := xmlDoc{
		Version: "2.0",
		Title:   doc.Title,
		Created: doc.Created.UTC().Format(time.RFC1123Z), // RFC 822 with a four-digit year
		Docs:    "http://opml.org/spec2.opml",
		Body:    make([]xmlOutline, 0, len(doc.Outlines)),
	}
	for _, o := range doc.Outlines {
		out := xmlOutline{Type: "rss", Text: o.Text, Title: o.Text, Description: o.Description, XMLURL: o.XMLURL, Category: category(o.Categories)}
		if o.Comment {
			out.IsComment = "true"
		}
		x.Body = append(x.Body, out)
	}
	out, err := xml.MarshalIndent(x, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// category writes tags the way OPML 2.0 asks for tags: comma-separated and
// without slashes, which would make them category paths. Config tags hold no
// commas or spaces; this only keeps a stray one from splitting a tag.
func category(tags []string) string {
	var out []string
	for _, t := range tags {
		if t = strings.TrimSpace(strings.NewReplacer(",", " ", "/", " ").Replace(t)); t != "" {
			out = append(out, t)
		}
	}
	return strings.Join(out, ",")
}
