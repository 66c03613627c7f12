package publish

import (
	"net/http"
	"strconv"
)

// pageFor returns the handler of a non-feed route, or nil. Paths match
// exactly: "/" is the status page alone, not a catch-all, so any other path
// is a 404.
func (h *Handler) pageFor(path string) http.HandlerFunc {
	switch path {
	case "/":
		return h.serveIndex
	case "/healthz":
		return h.serveHealth
	case "/api/sources":
		return h.serveAPISources
	case "/sources.opml":
		return h.serveOPML
	case "/" + channelsOPMLFile:
		return h.serveChannelsOPML
	}
	return nil
}

// writeUncached writes a body that is built per request and must not be
// kept by clients or proxies: status output goes stale within seconds.
func writeUncached(w http.ResponseWriter, req *http.Request, code int, contentType string, body []byte) {
	hdr := w.Header()
	hdr.Set("Content-Type", contentType)
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	if req.Method != http.MethodHead {
		w.Write(body) // an error here means the client left; nothing to do
	}
}
