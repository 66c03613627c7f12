package parse

import (
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"

	"github.com/edufeed/edufeed/feeds"
)

// fromAtom maps an Atom 0.3 or 1.0 document. It reads the atom types
// directly: gofeed's translator would put <updated> into a missing
// <published>, and RawPublished must be what the entry itself wrote.
func fromAtom(doc *atom.Feed, base string) *feeds.Feed {
	f := &feeds.Feed{
		Title:       doc.Title,
		Link:        alternate(doc.Links),
		Description: doc.Subtitle,
		Language:    doc.Language,
		Base:        base,
	}
	feedAuthors := atomNames(doc.Authors)
	f.Items = make([]feeds.Item, 0, len(doc.Entries))
	for _, e := range doc.Entries {
		it := atomItem(e)
		// An entry without its own author has the feed's (RFC 4287 4.2.1).
		if len(it.Authors) == 0 {
			it.Authors = feedAuthors
		}
		if keep(&it) {
			f.Items = append(f.Items, it)
		}
	}
	return f
}

func atomItem(e *atom.Entry) feeds.Item {
	it := feeds.Item{
		GUID:    e.ID,
		Link:    alternate(e.Links),
		Title:   e.Title,
		Authors: atomNames(e.Authors),

		RawPublished: e.Published,
		Published:    timeOf(e.PublishedParsed),
		RawUpdated:   e.Updated,
		Updated:      timeOf(e.UpdatedParsed),
	}
	for _, c := range e.Categories {
		// The label is for people, the term is the identifier.
		switch {
		case strings.TrimSpace(c.Label) != "":
			it.Categories = append(it.Categories, c.Label)
		case strings.TrimSpace(c.Term) != "":
			it.Categories = append(it.Categories, c.Term)
		}
	}
	for _, l := range e.Links {
		if l.Rel != "enclosure" {
			continue
		}
		if enc, ok := enclosure(l.Href, l.Type, l.Length); ok {
			it.Enclosures = append(it.Enclosures, enc)
		}
	}
	setBody(&it, atomContent(e.Content), e.Summary)
	return it
}

// atomContent returns the entry's inline content as HTML. Content that
// declares itself plain text is escaped; content with no type is left as
// written, because feeds that leave the type off mostly carry HTML.
func atomContent(c *atom.Content) string {
	if c == nil {
		return ""
	}
	switch strings.ToLower(strings.TrimSpace(c.Type)) {
	case "text", "text/plain":
		return textToHTML(c.Value)
	}
	return c.Value
}

// alternate returns the first rel="alternate" link; gofeed already turns a
// missing rel into "alternate", as RFC 4287 says.
func alternate(links []*atom.Link) string {
	for _, l := range links {
		if l != nil && l.Rel == "alternate" && l.Href != "" {
			return l.Href
		}
	}
	return ""
}

func atomNames(people []*atom.Person) []string {
	ps := make([]*gofeed.Person, 0, len(people))
	for _, p := range people {
		if p != nil {
			ps = append(ps, &gofeed.Person{Name: p.Name, Email: p.Email})
		}
	}
	return personNames(ps)
}
