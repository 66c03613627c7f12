package publish

import (
	"encoding/xml"
	"strconv"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

type atomFeed struct {
	XMLName   xml.Name      `xml:"feed"`
	NS        string        `xml:"xmlns,attr"`
	Lang      string        `xml:"xml:lang,attr,omitempty"`
	ID        string        `xml:"id"`
	Title     string        `xml:"title"`
	Subtitle  string        `xml:"subtitle,omitempty"`
	Updated   string        `xml:"updated"`
	Links     []atomLink    `xml:"link"`
	Author    atomPerson    `xml:"author"`
	Generator atomGenerator `xml:"generator"`
	Entries   []atomEntry   `xml:"entry"`
}

type atomLink struct {
	Rel    string `xml:"rel,attr,omitempty"`
	Type   string `xml:"type,attr,omitempty"`
	Href   string `xml:"href,attr"`
	Title  string `xml:"title,attr,omitempty"`
	Length string `xml:"length,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomGenerator struct {
	Version string `xml:"version,attr,omitempty"`
	Name    string `xml:",chardata"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	ID    string   `xml:"id"`
	Title atomText `xml:"title"`
	// Links holds the alternate link first, then a related link per source.
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published,omitempty"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Content    *atomText      `xml:"content"`
	Summary    *atomText      `xml:"summary"`
	Categories []atomCategory `xml:"category"`
	Source     *atomSource    `xml:"source"`
}

type atomSource struct {
	ID    string    `xml:"id"`
	Title string    `xml:"title"`
	Link  *atomLink `xml:"link"`
}

// renderAtom writes the view as an Atom 1.0 document.
func renderAtom(v *view) ([]byte, error) {
	self := v.self(atomFile)
	updated := newest(v.items)
	if updated.IsZero() {
		updated = v.modified
	}
	feed := atomFeed{
		NS:   "http://www.w3.org/2005/Atom",
		Lang: v.info.Language,
		// The id follows the feed's own URL, filters included: a filtered
		// feed is a different feed and must not share the merged one's id.
		ID:       hashURN("atom", self),
		Title:    v.title,
		Subtitle: v.info.Description,
		Updated:  atomDate(updated),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: v.info.Link},
		},
		Author:    atomPerson{Name: v.info.Title},
		Generator: atomGenerator{Name: "edufeed", Version: v.version},
		Entries:   make([]atomEntry, len(v.items)),
	}
	for i := range v.items {
		feed.Entries[i] = atomItem(v, &v.items[i], updated)
	}
	return encodeXML(feed)
}

// atomItem converts one item; fallback is the time used when the item has no
// date at all, since Atom requires <updated>.
func atomItem(v *view, it *feeds.Item, fallback time.Time) atomEntry {
	title := v.sourceTitle(it.Source)
	e := atomEntry{
		ID:        itemURN(it.ID),
		Title:     atomText{Type: "text", Body: xmlText(it.Title)},
		Published: atomDate(itemPublished(it)),
		Updated:   atomDate(itemUpdated(it)),
	}
	if e.Updated == "" {
		e.Updated = atomDate(fallback)
	}
	if link := xmlText(it.Link); link != "" {
		e.Links = append(e.Links, atomLink{Rel: "alternate", Type: "text/html", Href: link})
	}
	for _, a := range xmlTexts(it.Authors) {
		e.Authors = append(e.Authors, atomPerson{Name: a})
	}
	if len(e.Authors) == 0 {
		// Every entry gets an author so that it stands on its own when a
		// reader copies it out of this feed.
		e.Authors = []atomPerson{{Name: title}}
	}
	if c := xmlText(it.Content); c != "" {
		e.Content = &atomText{Type: "html", Body: c}
	}
	if e.Content == nil && len(e.Links) == 0 {
		// Atom requires content or an alternate link on every entry.
		e.Content = &atomText{Type: "html"}
	}
	if s := xmlText(it.Summary); s != "" {
		e.Summary = &atomText{Type: "text", Body: s}
	}
	for _, t := range itemTerms(it) {
		e.Categories = append(e.Categories, atomCategory{Term: t})
	}
	if it.Source != "" {
		e.Source = &atomSource{ID: hashURN("source", v.base, it.Source), Title: title}
		if u, ok := v.sourceURL(it.Source, atomFile); ok {
			e.Source.Link = &atomLink{Rel: "self", Href: u}
		}
	}
	for _, enc := range it.Enclosures {
		if u := xmlText(enc.URL); u != "" {
			l := atomLink{Rel: "enclosure", Type: xmlText(enc.Type), Href: u}
			if enc.Length > 0 {
				l.Length = strconv.FormatInt(enc.Length, 10)
			}
			e.Links = append(e.Links, l)
		}
	}
	// Atom's <source> holds one feed; every source that carried the story
	// is also a related link, titled with its title.
	for _, src := range itemSources(it) {
		if u, ok := v.sourceURL(src, atomFile); ok {
			e.Links = append(e.Links, atomLink{Rel: "related", Href: u, Title: v.sourceTitle(src)})
		}
	}
	return e
}

// atomDate formats t as RFC 3339; the zero time gives "".
func atomDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}
