package publish

import (
	"bytes"
	"encoding/json"

	"github.com/edufeed/edufeed/feeds"
)

// jsonFeedVersion is the JSON Feed spec we write.
const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url,omitempty"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID            string           `json:"id"`
	URL           string           `json:"url,omitempty"`
	Title         string           `json:"title,omitempty"`
	ContentHTML   string           `json:"content_html,omitempty"`
	ContentText   *string          `json:"content_text,omitempty"`
	Summary       string           `json:"summary,omitempty"`
	DatePublished string           `json:"date_published,omitempty"`
	DateModified  string           `json:"date_modified,omitempty"`
	Authors       []jsonAuthor     `json:"authors,omitempty"`
	Tags          []string         `json:"tags,omitempty"`
	Attachments   []jsonAttachment `json:"attachments,omitempty"`
	Edufeed       jsonExtension    `json:"_edufeed"`
}

type jsonAttachment struct {
	URL      string `json:"url"`
	MimeType string `json:"mime_type"`
	Size     int64  `json:"size_in_bytes,omitempty"`
}

// jsonExtension carries what edufeed knows beyond JSON Feed: which sources
// carried the story and where its date came from. JSON Feed reserves keys
// starting with "_" for such extensions.
//
// Source is the name of the source the item came from first, the key a
// client may look it up by; SourceTitle is what a reader shows for it.
// Sources lists every source that carried the story, that one first, each
// with its name and title.
type jsonExtension struct {
	Source      string           `json:"source"`
	SourceTitle string           `json:"source_title,omitempty"`
	Sources     []jsonSource     `json:"sources"`
	DateFrom    feeds.DateSource `json:"date_from,omitempty"`
}

// jsonSource is one source of a story in _edufeed.sources.
type jsonSource struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// renderJSON writes the view as a JSON Feed 1.1 document.
func renderJSON(v *view) ([]byte, error) {
	feed := jsonFeed{
		Version:     jsonFeedVersion,
		Title:       v.title,
		HomePageURL: v.info.Link,
		FeedURL:     v.self(jsonFile),
		Description: v.info.Description,
		Language:    v.info.Language,
		Authors:     []jsonAuthor{{Name: v.info.Title}},
		Items:       make([]jsonItem, len(v.items)),
	}
	for i := range v.items {
		feed.Items[i] = jsonFeedItem(v, &v.items[i])
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// HTML escaping only bloats content_html; a JSON parser needs none of it.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(feed); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// jsonFeedItem converts one item.
func jsonFeedItem(v *view, it *feeds.Item) jsonItem {
	ji := jsonItem{
		ID:            itemURN(it.ID),
		URL:           xmlText(it.Link),
		Title:         xmlText(it.Title),
		ContentHTML:   xmlText(it.Content),
		Summary:       xmlText(it.Summary),
		DatePublished: atomDate(itemPublished(it)),
		Tags:          itemTerms(it),
		Edufeed: jsonExtension{
			Source:   xmlText(it.Source),
			Sources:  []jsonSource{},
			DateFrom: it.DateFrom,
		},
	}
	if it.Source != "" {
		ji.Edufeed.SourceTitle = v.sourceTitle(it.Source)
	}
	for _, name := range itemSources(it) {
		ji.Edufeed.Sources = append(ji.Edufeed.Sources, jsonSource{Name: xmlText(name), Title: v.sourceTitle(name)})
	}
	if ji.ContentHTML == "" {
		// JSON Feed requires content_html or content_text on every item,
		// even an empty one.
		text := ji.Summary
		ji.ContentText = &text
	}
	if !it.Updated.IsZero() {
		ji.DateModified = atomDate(it.Updated)
	}
	for _, a := range xmlTexts(it.Authors) {
		ji.Authors = append(ji.Authors, jsonAuthor{Name: a})
	}
	for _, e := range it.Enclosures {
		if e.URL == "" {
			continue
		}
		typ := xmlText(e.Type)
		if typ == "" {
			typ = "application/octet-stream"
		}
		ji.Attachments = append(ji.Attachments, jsonAttachment{URL: xmlText(e.URL), MimeType: typ, Size: max(e.Length, 0)})
	}
	return ji
}
