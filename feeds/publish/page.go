package publish

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

//go:embed templates/index.html templates/channels.html
var templateFS embed.FS

// indexTemplate is parsed once; a template that does not parse is a bug that
// every test run catches.
var indexTemplate = template.Must(template.ParseFS(templateFS, "templates/index.html", "templates/channels.html"))

const (
	// pageItems is how many of the newest items the status page lists.
	pageItems = 30
	// pageSources is how many sources the status page's table lists. The
	// page is unauthenticated and a person reads it: with more sources
	// than this it lists the failing ones first, and says that
	// /api/sources has them all. Rendering a row costs some microseconds,
	// and tens of thousands of rows would make every visit expensive.
	pageSources = 500
	// errorShown is how much of a source's last error the table shows
	// behind its cause. Our errors are far shorter; this bounds one that
	// quotes a server at length.
	errorShown = 1000
	// pageCSP forbids everything the page does not use: it has no scripts,
	// so text a source smuggled past escaping could still not run.
	pageCSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

// indexPage is what the status page template renders. Every string in it is
// plain text; the template escapes it, and only hrefs built here from http(s)
// URLs become links.
type indexPage struct {
	T                  *pageText // the reader's language
	Title, Description string
	Counts             []pageCount
	Feeds              []pageLink // with Type set, for <link rel="alternate">
	OPML, API          string
	Error              string
	Items              []pageItem
	Tags               []pageLink
	// Sources are the rows of the source table, each rendered by the
	// template "source" from a pageSource (see statusRows).
	Sources []template.HTML
	// Total is the number of configured sources; Sources holds them all
	// unless there are more than pageSources.
	Total    int
	Channels channelsSection // see channel.go
	Notify   []pageTarget    // notifypage.go
}

// pageCount is one number of the line that opens the page.
type pageCount struct {
	N     string
	Label string
	Alert bool // a number that asks for attention, such as failing sources
}

// pageLink is a text that links somewhere when Href is set.
type pageLink struct {
	Text, Href, Type string
}

type pageItem struct {
	Title, Href string
	Date, ISO   string
	Sources     []pageLink
	Tags        []pageLink
}

type pageSource struct {
	T                *pageText
	Name, Title      string
	Feed             string
	URL, Href        string
	Tags             []pageLink
	Health, Mark     string
	HealthText       string // Health in the reader's language
	Streak           int    // failed polls in a row, shown when over one
	LastSuccess      string
	Cause, Error     string // Error is the stored error, cut to errorShown
	ErrorAt          string
	NextRun, Backoff string
	Items            int
	// Kind is what the URL served at the last poll (feed, discovered,
	// list), in the reader's language; FeedURL the feed a page
	// advertised, polled in its place.
	Kind              string
	FeedURL, FeedHref string
}

// healthMarks are the symbols shown beside each health word.
var healthMarks = map[string]string{
	healthOK: "✓", healthFailing: "✗", healthDisabled: "–", healthPending: "…",
}

// serveIndex renders the status page: a line of counts, the newest items,
// feeds by tag, the channels and the source table, in the language the
// reader's Accept-Language prefers. A store that cannot be read still gets
// a page, saying so, with status 503.
func (h *Handler) serveIndex(w http.ResponseWriter, req *http.Request) {
	lang := pickLanguage(req.Header.Get("Accept-Language"))
	t := languages[lang]
	_, byName, _ := h.snapshot()
	statuses, err := h.sourceStatuses()
	var items []feeds.Item
	stories := "–"
	if err == nil {
		fq := feedQuery{limit: pageItems, max: pageItems}
		items, err = h.r.Items(fq.storeQuery(byName, h.classify()))
	}
	if err == nil {
		var st store.Stats
		if st, err = h.r.Stats(); err == nil {
			stories = strconv.Itoa(st.Items)
		}
	}
	base := h.base(req)
	conf := h.conf.Load()
	p := newIndexPage(h.info, t, base, statuses, items, byName)
	p.Channels = h.pageChannels(conf, base)
	p.Channels.T = t
	p.Notify = h.notifyTargets()
	p.Counts = pageCounts(t, stories, statuses, len(conf.channels))
	rows, rerr := h.rows.page[lang].render(listed(statuses, pageSources), base, func(s sourceStatus) ([]byte, error) {
		var row bytes.Buffer
		err := indexTemplate.ExecuteTemplate(&row, "source", newPageSource(s, base, t))
		return row.Bytes(), err
	})
	if rerr != nil {
		h.log.Error("publish: render status page", "err", rerr)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	for _, r := range rows {
		p.Sources = append(p.Sources, template.HTML(r)) // rendered by html/template
	}
	code := http.StatusOK
	if err != nil {
		h.log.Error("publish: status page: read store", "err", err)
		p.Error, code = t.StoreDown+err.Error(), http.StatusServiceUnavailable
	}
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, p); err != nil {
		h.log.Error("publish: render status page", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Security-Policy", pageCSP)
	w.Header().Set("Vary", "Accept-Language")
	w.Header().Set("Content-Language", t.Lang)
	writeUncached(w, req, code, "text/html; charset=utf-8", buf.Bytes())
}

// newIndexPage gathers the page's data but the source table's rows; base is
// the public URL ending in "/".
func newIndexPage(info Info, t *pageText, base string, statuses []sourceStatus, items []feeds.Item, known map[string]*feeds.Source) indexPage {
	p := indexPage{
		T:           t,
		Title:       info.Title,
		Description: info.Description,
		Feeds: []pageLink{
			{Text: "RSS", Href: base + rssFile, Type: "application/rss+xml"},
			{Text: "Atom", Href: base + atomFile, Type: "application/atom+xml"},
			{Text: "JSON Feed", Href: base + jsonFile, Type: "application/feed+json"},
		},
		OPML: base + opmlFile,
		API:  base + "api/sources",
	}
	tags := newTagSet(base)
	for _, s := range statuses {
		tags.add(s.Source.Tags...)
	}
	for i := range items {
		it := &items[i]
		tags.add(it.Tags...)
		p.Items = append(p.Items, newPageItem(t, it, base, known))
	}
	p.Tags = tags.links()
	p.Total = len(statuses)
	return p
}

// pageCounts is the line that opens the page: stories (a number, or "–"
// when the store cannot be read), sources, failing sources and channels.
func pageCounts(t *pageText, stories string, statuses []sourceStatus, channels int) []pageCount {
	failing := 0
	for _, s := range statuses {
		if s.Health == healthFailing {
			failing++
		}
	}
	n, _ := strconv.Atoi(stories) // "–" counts as many
	return []pageCount{
		{N: stories, Label: t.Stories.of(n)},
		{N: strconv.Itoa(len(statuses)), Label: t.Sources.of(len(statuses))},
		{N: strconv.Itoa(failing), Label: t.Failing.of(failing), Alert: failing > 0},
		{N: strconv.Itoa(channels), Label: t.Channels.of(channels)},
	}
}

// listed returns at most limit of statuses, in their order: all of them if
// they fit, else the failing ones first and then the others, as many as fit.
func listed(statuses []sourceStatus, limit int) []sourceStatus {
	if len(statuses) <= limit {
		return statuses
	}
	keep := make([]bool, len(statuses))
	n := 0
	for _, failing := range []bool{true, false} {
		for i, s := range statuses {
			if n < limit && !keep[i] && (s.Health == healthFailing) == failing {
				keep[i] = true
				n++
			}
		}
	}
	out := make([]sourceStatus, 0, limit)
	for i, s := range statuses {
		if keep[i] {
			out = append(out, s)
		}
	}
	return out
}

func newPageItem(t *pageText, it *feeds.Item, base string, known map[string]*feeds.Source) pageItem {
	pi := pageItem{Title: strings.TrimSpace(xmlText(it.Title)), Href: webURL(it.Link)}
	if pi.Title == "" {
		pi.Title = t.Untitled
	}
	if d := itemPublished(it); !d.IsZero() {
		// In the item's own zone, which is the one its source wrote.
		pi.Date, pi.ISO = d.Format("2006-01-02 15:04 UTC-07:00"), d.Format(time.RFC3339)
	}
	names := it.Sources
	if len(names) == 0 {
		names = []string{it.Source}
	}
	for _, name := range names {
		l := pageLink{Text: sourceTitle(known, name)}
		if _, ok := known[name]; ok { // ?source= answers 404 for any other
			l.Href = sourceFeed(base, name)
		}
		pi.Sources = append(pi.Sources, l)
	}
	for _, t := range xmlTexts(it.Tags) {
		pi.Tags = append(pi.Tags, tagLink(base, t))
	}
	return pi
}

// newPageSource is a row of the source table in t's language.
func newPageSource(s sourceStatus, base string, t *pageText) pageSource {
	src, st := s.Source, s.State
	ps := pageSource{
		T:           t,
		Name:        xmlText(src.Name),
		Title:       titleOf(*src),
		Feed:        sourceFeed(base, src.Name),
		URL:         xmlText(redactURL(src.URL)),
		Health:      s.Health,
		Mark:        healthMarks[s.Health],
		HealthText:  t.Health[s.Health],
		LastSuccess: pageTime(st.LastSuccess, t.Never),
		NextRun:     pageTime(s.NextRun, "–"),
		Items:       st.ItemCount,
	}
	if u, err := url.Parse(src.URL); err == nil && u.User == nil {
		ps.Href = webURL(src.URL)
	}
	ps.Kind = t.Kinds[st.Kind]
	if ps.Kind == "" {
		ps.Kind = xmlText(st.Kind) // a kind newer than this page's words
	}
	if st.FeedURL != "" {
		ps.FeedURL = xmlText(redactURL(st.FeedURL))
		if u, err := url.Parse(st.FeedURL); err == nil && u.User == nil {
			ps.FeedHref = webURL(st.FeedURL)
		}
	}
	for _, t := range xmlTexts(src.Tags) {
		ps.Tags = append(ps.Tags, tagLink(base, t))
	}
	if e := strings.TrimSpace(xmlText(st.LastError)); e != "" {
		ps.Cause, ps.Error = causeText(t, e), e
		if utf8.RuneCountInString(e) > errorShown {
			ps.Error = string([]rune(e)[:errorShown]) + "…"
		}
		if !st.LastErrorAt.IsZero() {
			ps.ErrorAt = pageTime(st.LastErrorAt, "")
		}
	}
	if s.Health == healthFailing && st.ConsecutiveErrors > 1 {
		ps.Streak = st.ConsecutiveErrors
	}
	// A success clears the backoff, so one that is set belongs to the
	// current failure streak; the next run already waits for it.
	if src.Enabled && !st.BackoffUntil.IsZero() && st.ConsecutiveErrors > 0 {
		ps.Backoff = pageTime(st.BackoffUntil, "")
	}
	return ps
}

// pageTime shows t in UTC, or never when t is zero.
func pageTime(t time.Time, never string) string {
	if t.IsZero() {
		return never
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// webURL returns raw if it is an absolute http(s) URL, else "": only those
// become links, so a javascript: or data: link from a source stays text.
func webURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return xmlText(raw)
}

// sourceFeed is our RSS feed filtered to one source.
func sourceFeed(base, name string) string {
	return base + rssFile + "?source=" + url.QueryEscape(name)
}

// tagLink links a tag to our RSS feed filtered by it.
func tagLink(base, tag string) pageLink {
	return pageLink{Text: tag, Href: base + rssFile + "?tag=" + url.QueryEscape(strings.ToLower(tag))}
}

// tagSet collects tags once each, ignoring case as ?tag= does.
type tagSet struct {
	base string
	seen map[string]string // lower-cased to the first spelling seen
}

func newTagSet(base string) *tagSet { return &tagSet{base: base, seen: map[string]string{}} }

func (s *tagSet) add(tags ...string) {
	for _, t := range xmlTexts(tags) {
		if k := strings.ToLower(t); s.seen[k] == "" {
			s.seen[k] = t
		}
	}
}

// links returns a link per tag, sorted.
func (s *tagSet) links() []pageLink {
	keys := make([]string, 0, len(s.seen))
	for k := range s.seen {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]pageLink, 0, len(keys))
	for _, k := range keys {
		out = append(out, tagLink(s.base, s.seen[k]))
	}
	return out
}
