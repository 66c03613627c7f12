package article

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// meta is what the page says of itself in <head>, microdata and JSON-LD.
type meta struct {
	title, ogTitle, site string
	dates                []dated
	author, source       string
}

type dated struct {
	raw  string
	from DateFrom
}

// dateMetas are the <meta> names and properties that carry a publication
// date: TRS's PubDate, Open Graph's article:published_time, and the names
// other CMSs and Dublin Core use.
var dateMetas = map[string]bool{
	"pubdate": true, "article:published_time": true, "publishdate": true,
	"publish_date": true, "publication_date": true, "dc.date": true, "dc.date.issued": true,
	"dcterms.created": true, "og:published_time": true, "sailthru.date": true, "datepublished": true,
	"firstpublishedtime": true, "og:release_date": true,
}

func readMeta(sv *survey) meta {
	var m meta
	for _, n := range sv.metas {
		m.readTag(n)
	}
	for _, n := range sv.jsonld {
		if n.FirstChild != nil {
			m.readJSONLD(n.FirstChild.Data)
		}
	}
	for _, n := range sv.itemprops {
		m.readItemprop(n, attr(n, "itemprop"))
	}
	if sv.enp != "" {
		m.readEnp(sv.enp)
	}
	if sv.wechatTime != "" {
		m.dates = append(m.dates, dated{sv.wechatTime, DateFromMeta})
	}
	for _, n := range sv.times {
		if !inChrome(n) {
			m.dates = append(m.dates, dated{attr(n, "datetime"), DateFromTime})
		}
	}
	for _, n := range sv.authors {
		setOnce(&m.author, trimLabel(textOf(n, 60)))
	}
	for _, n := range sv.sources {
		setOnce(&m.source, trimLabel(textOf(n, 60)))
	}
	return m
}

// trimLabel takes "作者：" or "By" off a name, and drops what is too long
// to be one.
func trimLabel(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ":："); i >= 0 && i <= 12 {
		s = afterColon(s)
	}
	s = strings.TrimSpace(strings.TrimPrefix(s, "By "))
	s = strings.TrimPrefix(s, "by ")
	if runeLen(s) > 40 || strings.Contains(s, "\n") {
		return ""
	}
	return s
}

// enpTag reads one field of Founder's enpproperty comment.
var enpTag = regexp.MustCompile(`<(date|author|title)>([^<]*)</`)

// readEnp reads the page's date, author and title from the comment that
// Founder (方正翔宇) CMS writes before the doctype.
func (m *meta) readEnp(c string) {
	for _, f := range enpTag.FindAllStringSubmatch(c, 3) {
		switch v := strings.TrimSpace(f[2]); f[1] {
		case "date":
			m.dates = append(m.dates, dated{strings.TrimSuffix(v, ".0"), DateFromMeta})
		case "author":
			setOnce(&m.author, v)
		case "title":
			setOnce(&m.title, v)
		}
	}
}

func (m *meta) readTag(n *html.Node) {
	key := strings.ToLower(strings.TrimSpace(attr(n, "name")))
	if key == "" {
		key = strings.ToLower(strings.TrimSpace(attr(n, "property")))
	}
	val := strings.TrimSpace(attr(n, "content"))
	if key == "" || val == "" {
		return
	}
	switch {
	case dateMetas[key]:
		m.dates = append(m.dates, dated{val, DateFromMeta})
	case key == "articletitle":
		setOnce(&m.title, val)
	case key == "og:title":
		setOnce(&m.ogTitle, val)
	case key == "sitename" || key == "og:site_name":
		setOnce(&m.site, val)
	case key == "author" || key == "article:author":
		if !strings.HasPrefix(val, "http") {
			setOnce(&m.author, val)
		}
	case key == "contentsource" || key == "source":
		setOnce(&m.source, val)
	}
}

func (m *meta) readItemprop(n *html.Node, prop string) {
	switch prop {
	case "datePublished":
		v := attr(n, "content")
		if v == "" {
			v = attr(n, "datetime")
		}
		if v == "" {
			v = textOf(n, 60)
		}
		m.dates = append(m.dates, dated{v, DateFromMicrodata})
	case "headline":
		setOnce(&m.ogTitle, textOf(n, 300))
	case "author":
		v := attr(n, "content")
		if v == "" {
			v = textOf(n, 60)
		}
		setOnce(&m.author, trimLabel(v))
	}
}

// readJSONLD takes the date, headline and author of the first article
// object of a JSON-LD script (an object, a list, or a @graph).
func (m *meta) readJSONLD(s string) {
	if len(s) > 1<<20 {
		return
	}
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if d, ok := x["datePublished"].(string); ok && d != "" {
				m.dates = append(m.dates, dated{d, DateFromJSONLD})
			}
			if h, ok := x["headline"].(string); ok {
				setOnce(&m.ogTitle, h)
			}
			if a := personName(x["author"]); a != "" {
				setOnce(&m.author, a)
			}
			visit(x["@graph"], depth+1)
		}
	}
	visit(v, 0)
}

// personName is an author given as a name, an object or a list of them.
func personName(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		s, _ := x["name"].(string)
		return s
	case []any:
		if len(x) > 0 {
			return personName(x[0])
		}
	}
	return ""
}

func setOnce(dst *string, v string) {
	if *dst == "" {
		*dst = strings.TrimSpace(v)
	}
}

// pickDate takes the page's date from its metadata first, then the visible
// date line near the title, then the URL.
func pickDate(sv *survey, box *html.Node, around func() string, m meta, pageURL string, opts Options) (time.Time, DateFrom) {
	for _, from := range []DateFrom{DateFromMeta, DateFromMicrodata, DateFromJSONLD, DateFromTime} {
		for _, d := range m.dates {
			if d.from != from {
				continue
			}
			if t, ok := parseDate(d.raw, opts.Location, opts.Now); ok {
				return t, from
			}
		}
	}
	if t, ok := dateLine(sv, box, around, opts); ok {
		return t, DateFromLine
	}
	if t, ok := dateFromLink(pageURL, opts.Location, opts.Now); ok {
		return t, DateFromLink
	}
	return time.Time{}, DateNone
}
