package publish

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// opmlFile is the subscription list's path under the base URL.
const opmlFile = "sources.opml"

// opmlDoc is an OPML 2.0 subscription list (http://opml.org/spec2.opml).
type opmlDoc struct {
	XMLName xml.Name      `xml:"opml"`
	Version string        `xml:"version,attr"`
	Title   string        `xml:"head>title"`
	Created string        `xml:"head>dateCreated"`
	Docs    string        `xml:"head>docs"`
	Body    []opmlOutline `xml:"body>outline"`
}

// opmlOutline is one subscription. Only attributes the spec defines are used,
// since it allows others only in a namespace that readers would ignore.
type opmlOutline struct {
	Type        string `xml:"type,attr"`
	Text        string `xml:"text,attr"`
	Title       string `xml:"title,attr"`
	Description string `xml:"description,attr,omitempty"`
	XMLURL      string `xml:"xmlUrl,attr"`
	Category    string `xml:"category,attr,omitempty"`
	// IsComment is "true" for a disabled source: the spec's way of saying
	// an outline is commented out, so that it is listed but can be told apart.
	IsComment string `xml:"isComment,attr,omitempty"`
}

// serveOPML answers /sources.opml with every configured source, disabled ones
// included but commented out, in config order. There is no htmlUrl: the store
// does not keep the sources' own home pages.
func (h *Handler) serveOPML(w http.ResponseWriter, req *http.Request) {
	sources, _, _ := h.snapshot()
	h.writeOPML(w, req, opmlFile, sourcesOPML(h.info.Title, h.base(req), sources, time.Now()))
}

// writeOPML writes doc, the subscription list at file.
func (h *Handler) writeOPML(w http.ResponseWriter, req *http.Request, file string, doc opmlDoc) {
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		h.log.Error("publish: render "+file, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	body := append([]byte(xml.Header), append(out, '\n')...)
	writeUncached(w, req, http.StatusOK, "text/x-opml; charset=utf-8", body)
}

// sourcesOPML is the subscription list of sources as of now.
func sourcesOPML(title, base string, sources []feeds.Source, now time.Time) opmlDoc {
	doc := opmlDoc{
		Version: "2.0",
		Title:   title,
		Created: now.UTC().Format(time.RFC1123Z), // RFC 822 with a four-digit year
		Docs:    "http://opml.org/spec2.opml",
		Body:    make([]opmlOutline, 0, len(sources)),
	}
	for _, src := range sources {
		title := titleOf(src)
		o := opmlOutline{
			Type:     "rss",
			Text:     title,
			Title:    title,
			XMLURL:   subscribeURL(src, base),
			Category: opmlCategory(src.Tags),
		}
		if !src.Enabled {
			o.IsComment = "true"
		}
		doc.Body = append(doc.Body, o)
	}
	return doc
}

// subscribeURL is the address a reader should subscribe to for src: the
// source's own feed when that is a plain http(s) URL, otherwise our feed
// filtered to the source. A file: source has no address a reader could
// follow, and credentials in a URL must not be handed to whoever asks; our
// copy carries the same items, already cleaned, so both get that instead.
func subscribeURL(src feeds.Source, base string) string {
	u, err := url.Parse(src.URL)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil {
		return xmlText(src.URL)
	}
	return base + rssFile + "?source=" + url.QueryEscape(src.Name)
}

// opmlCategory writes tags the way OPML 2.0 asks for tags: comma-separated
// and without slashes, which would make them category paths. Config tags
// hold no commas or spaces; this only keeps a stray one from splitting a tag.
func opmlCategory(tags []string) string {
	var out []string
	for _, t := range xmlTexts(tags) {
		if t = strings.NewReplacer(",", " ", "/", " ").Replace(t); strings.TrimSpace(t) != "" {
			out = append(out, strings.TrimSpace(t))
		}
	}
	return strings.Join(out, ",")
}
