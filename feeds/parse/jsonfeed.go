package parse

import (
	"strings"
	"time"

	jsonfeed "github.com/mmcdole/gofeed/json"

	"github.com/edufeed/edufeed/feeds"
)

// isJSONFeed tells a JSON Feed from any other JSON object (an API error, a
// config file): it must name a JSON Feed version or have an items array.
func isJSONFeed(doc *jsonfeed.Feed) bool {
	return strings.Contains(doc.Version, "jsonfeed.org/version/") || doc.Items != nil
}

// fromJSON maps a JSON Feed 1.0 or 1.1 document. It reads the json types
// directly: gofeed's JSON translator dereferences null items and authors.
func fromJSON(doc *jsonfeed.Feed) *feeds.Feed {
	f := &feeds.Feed{
		Title:       doc.Title,
		Link:        doc.HomePageURL,
		Description: doc.Description,
		Language:    doc.Language,
	}
	feedAuthors := jsonNames(doc.Authors, doc.Author)
	f.Items = make([]feeds.Item, 0, len(doc.Items))
	for _, src := range doc.Items {
		if src == nil {
			continue
		}
		it := jsonItem(src)
		// Items inherit the feed's authors (JSON Feed 1.1, "authors").
		if len(it.Authors) == 0 {
			it.Authors = feedAuthors
		}
		if keep(&it) {
			f.Items = append(f.Items, it)
		}
	}
	return f
}

func jsonItem(src *jsonfeed.Item) feeds.Item {
	it := feeds.Item{
		GUID:       src.ID,
		Link:       src.URL,
		Title:      src.Title,
		Authors:    jsonNames(src.Authors, src.Author),
		Categories: nonEmpty(src.Tags),

		RawPublished: src.DatePublished,
		Published:    rfc3339(src.DatePublished),
		RawUpdated:   src.DateModified,
		Updated:      rfc3339(src.DateModified),
	}
	content := src.ContentHTML
	if strings.TrimSpace(content) == "" {
		content = textToHTML(src.ContentText)
	}
	if strings.TrimSpace(content) != "" {
		setBody(&it, content, src.Summary)
	} else {
		// summary is plain text by the spec; as the body it must be HTML.
		it.Content = textToHTML(src.Summary)
	}
	if src.Attachments != nil {
		for _, a := range *src.Attachments {
			if enc, ok := enclosure(a.URL, a.MimeType, ""); ok {
				enc.Length = max(a.SizeInBytes, 0)
				it.Enclosures = append(it.Enclosures, enc)
			}
		}
	}
	return it
}

// jsonNames returns the 1.1 authors list, or else the 1.0 single author.
func jsonNames(authors []*jsonfeed.Author, author *jsonfeed.Author) []string {
	if len(authors) == 0 && author != nil {
		authors = []*jsonfeed.Author{author}
	}
	var out []string
	for _, a := range authors {
		if a != nil && strings.TrimSpace(a.Name) != "" {
			out = append(out, a.Name)
		}
	}
	return out
}

// rfc3339 parses a JSON Feed date, which the spec fixes as RFC 3339; the
// clean stage reads the raw string again for anything else.
func rfc3339(s string) time.Time {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}
	}
	return t
}
