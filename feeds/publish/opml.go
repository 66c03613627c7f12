package publish

import (
	"net/http"
	"net/url"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/opml"
)

// opmlFile is the subscription list's path under the base URL.
const opmlFile = "sources.opml"

// serveOPML answers /sources.opml with every configured source, disabled ones
// included but commented out, in config order, labelled by their titles.
// There is no htmlUrl: the store does not keep the sources' own home pages.
func (h *Handler) serveOPML(w http.ResponseWriter, req *http.Request) {
	sources, _, _ := h.snapshot()
	h.writeOPML(w, req, opmlFile, sourcesOPML(h.info.Title, h.base(req), sources, time.Now()))
}

// writeOPML writes doc, the subscription list at file.
func (h *Handler) writeOPML(w http.ResponseWriter, req *http.Request, file string, doc opml.Document) {
	body, err := opml.Write(doc)
	if err != nil {
		h.log.Error("publish: render "+file, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	writeUncached(w, req, http.StatusOK, "text/x-opml; charset=utf-8", body)
}

// sourcesOPML is the subscription list of sources as of now.
func sourcesOPML(title, base string, sources []feeds.Source, now time.Time) opml.Document {
	doc := opml.Document{Title: title, Created: now, Outlines: make([]opml.Outline, 0, len(sources))}
	for _, src := range sources {
		doc.Outlines = append(doc.Outlines, opml.Outline{
			Text:       titleOf(src),
			XMLURL:     subscribeURL(src, base),
			Categories: xmlTexts(src.Tags),
			Comment:    !src.Enabled,
		})
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
