package merge

import (
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/edufeed/edufeed/feeds/urls"
)

// CanonicalLink normalises an absolute http or https link for comparison:
// the scheme is dropped (http and https name the same story), the host is
// lower-cased and loses leading www., m., wap., 3g. and mobile. labels and
// its default port; dot segments, a trailing slash, a final index page and
// a ";jsessionid" are dropped; so are the fragment and tracking parameters
// (urls.IsTrackingParam and urls.IsShareTag), and the remaining parameters
// are decoded, re-encoded and sorted. The result reads "example.edu.cn/news/a.shtml?id=3".
//
// A "#/" or "#!" fragment is kept: on script-driven sites it is what names
// the article, and dropping it would make every article one link.
//
// It returns "" for a link that does not parse, is not http(s) or names a
// site's home page, since such a link identifies no story.
func CanonicalLink(raw string) string {
	raw = urls.Trim(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" {
		return ""
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return ""
	}
	host := canonicalHost(u.Host)
	if host == "" {
		return ""
	}
	p := canonicalPath(u.Path)
	q := canonicalQuery(u.RawQuery)
	var frag string
	if f := u.EscapedFragment(); strings.HasPrefix(f, "/") || strings.HasPrefix(f, "!") {
		frag = "#" + f
	}
	if p == "" && q == "" && frag == "" {
		return "" // a home page
	}
	var b strings.Builder
	b.Grow(len(host) + len(p) + len(q) + len(frag) + 1)
	b.WriteString(host)
	b.WriteString(p)
	if q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	b.WriteString(frag)
	return b.String()
}

// mobileLabels are host prefixes that name the same site for another device.
var mobileLabels = []string{"www.", "m.", "wap.", "3g.", "mobile."}

// canonicalHost lower-cases a host, drops the default ports, outer dots
// and the leading labels in mobileLabels, as long as a registrable name
// remains ("m.com" stays). It returns "" when no name is left.
func canonicalHost(h string) string {
	h = strings.ToLower(h)
	if s, ok := strings.CutSuffix(h, ":80"); ok {
		h = s
	} else if s, ok := strings.CutSuffix(h, ":443"); ok {
		h = s
	}
	h = strings.TrimSuffix(h, ":")
	if strings.HasPrefix(h, "[") {
		return h // an IPv6 literal has no labels to drop
	}
	name, port, hasPort := strings.Cut(h, ":")
	name = strings.Trim(name, ".")
	if name == "" {
		return ""
	}
	for changed := true; changed; {
		changed = false
		for _, l := range mobileLabels {
			if rest, ok := strings.CutPrefix(name, l); ok && strings.Contains(rest, ".") {
				name, changed = rest, true
			}
		}
	}
	if hasPort {
		return name + ":" + port
	}
	return name
}

// indexPages are final path segments that name a directory's default page.
var indexPages = []string{
	"index.html", "index.htm", "index.shtml", "index.php", "index.asp", "index.aspx",
	"index.jsp", "default.aspx", "default.asp", "default.htm", "default.html",
}

// canonicalPath takes a decoded path and returns it escaped in one fixed
// way, without dot segments, a ";jsessionid", a final index page or a
// trailing slash; "" for the root.
func canonicalPath(p string) string {
	if i := indexFoldASCII(p, ";jsessionid="); i >= 0 {
		p = p[:i]
	}
	switch {
	case strings.HasPrefix(p, "/"):
		// path.Clean also folds "//": servers read those as one slash.
		// It returns a clean path as it is, without copying.
		p = path.Clean(p)
	case p != "":
		p = path.Clean("/" + p)
	}
	for changed := true; changed; {
		changed = false
		if s := strings.TrimRight(p, "/"); s != p {
			p, changed = s, true
		}
		dir, file := path.Split(p)
		for _, ix := range indexPages {
			if strings.EqualFold(file, ix) {
				p, changed = dir, true
				break
			}
		}
	}
	return (&url.URL{Path: p}).EscapedPath()
}

// canonicalQuery drops tracking and empty parameters, re-encodes the rest
// in one form and sorts them, so that two spellings of a query compare
// equal.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var kept []string
	for _, pair := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(pair, "=")
		// "&amp;" is left by feeds that escape their links twice.
		k = lenientUnescape(strings.TrimPrefix(k, "amp;"))
		v = lenientUnescape(v)
		if k == "" || urls.IsTrackingParam(k, v) || urls.IsShareTag(k) {
			continue
		}
		kept = append(kept, url.QueryEscape(k)+"="+url.QueryEscape(v))
	}
	slices.Sort(kept)
	return strings.Join(kept, "&")
}

// lenientUnescape decodes a query component as browsers do: "+" is a
// space, a valid %XX escape its byte, and a "%" that starts none is itself.
func lenientUnescape(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b.WriteByte(' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// indexFoldASCII is strings.Index ignoring ASCII case, for an ASCII needle;
// unlike lower-casing the haystack it keeps byte offsets valid.
func indexFoldASCII(s, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}
