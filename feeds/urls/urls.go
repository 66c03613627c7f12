// Package urls is the one room for what edufeed does to URLs: trimming
// them as browsers do, making them absolute, and knowing which query
// parameters only track the reader. clean and merge both use it, so that a
// link shown to a reader and a link compared for duplicates are read alike.
package urls

import (
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
)

// Link makes an item's link what a reader should follow and a merger can
// compare: absolute against base, scheme and host in lower case, no default
// port, no fragment (except a "#/" or "#!" route, which names the page on
// script-driven sites), no tracking parameters, the other query parameters
// sorted by name. Anything but http and https gives "". Link is idempotent.
func Link(raw, base string) string {
	if Plain(raw) {
		return raw // what the steps below give back unchanged (see Plain)
	}
	return link(raw, base)
}

// link is Link without the fast path for plain links.
func link(raw, base string) string {
	u := absolute(raw, base)
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	if !strings.HasPrefix(u.Fragment, "/") && !strings.HasPrefix(u.Fragment, "!") {
		u.Fragment, u.RawFragment = "", ""
	}
	u.RawQuery = cleanQuery(u.RawQuery)
	u.ForceQuery = false
	if u.Path == "" && u.Opaque == "" {
		u.Path, u.RawPath = "/", ""
	}
	return u.String()
}

// Resolve makes an href or src value absolute against base, keeping its
// query and fragment. Script and data URLs, and every scheme but http,
// https and mailto, give ""; mailto: is returned as it is. A relative
// reference with no usable base is returned as it is, except that a
// protocol-relative one is taken as https.
func Resolve(ref, base string) string {
	if Plain(ref) {
		return ref
	}
	if plainPath(ref) && !strings.HasPrefix(ref, "//") {
		// A plain path resolves to the base's root or directory with the
		// path added; both are worked out once per base (see baseOf).
		if b := baseOf(base); b.root != "" {
			if ref[0] == '/' {
				return b.root + ref
			}
			return b.dir + ref
		}
	}
	return resolve(ref, base)
}

// resolve is Resolve without the fast paths for plain links and paths.
func resolve(ref, base string) string {
	ref = Trim(ref)
	switch scheme := urlScheme(ref); scheme {
	case "mailto":
		return ref
	case "", "http", "https":
		if scheme == "" && absBase(base) == nil && !strings.HasPrefix(ref, "//") {
			if _, err := url.Parse(ref); err != nil {
				return ""
			}
			return ref
		}
	default:
		return ""
	}
	u := absolute(ref, base)
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return u.String()
}

// absolute parses ref and resolves it against base, with scheme and host
// in lower case. A protocol-relative ref with no base is taken as https.
func absolute(ref, base string) *url.URL {
	ref = Trim(ref)
	if ref == "" {
		return nil
	}
	r, err := url.Parse(ref)
	if err != nil {
		return nil
	}
	b := absBase(base)
	if b == nil {
		b = &url.URL{Scheme: "https"}
	}
	// Resolving also removes dot segments, from absolute refs too.
	u := b.ResolveReference(r)
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); p == "80" && u.Scheme == "http" || p == "443" && u.Scheme == "https" {
		u.Host = strings.TrimSuffix(u.Host, ":"+p)
	}
	return u
}

// absBase parses a base URL, nil when it is empty or not absolute. The
// result is shared and must not be changed: a page resolves all its links
// against one base, so the last base parsed is kept (lastBase) and not
// parsed again for each link.
func absBase(base string) *url.URL {
	if last := lastBase.Load(); last != nil && last.raw == base {
		return last.url
	}
	var u *url.URL
	if b, err := url.Parse(Trim(base)); err == nil && b.IsAbs() {
		u = b
	}
	lastBase.Store(&parsedBase{raw: base, url: u})
	return u
}

// parsedBase is a base URL and what absBase made of it.
type parsedBase struct {
	raw string
	url *url.URL
}

var lastBase atomic.Pointer[parsedBase]

// Trim does what browsers do before parsing a URL: trim spaces and
// control characters from the ends and drop tabs and newlines inside.
func Trim(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' || r == '\u00a0' || r == '\u3000' })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	}
	return s
}

// urlScheme returns the lower-case scheme of a URL reference, "" for a
// relative one.
func urlScheme(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case c == ':' && i > 0:
			return strings.ToLower(s[:i])
		default:
			return ""
		}
	}
	return ""
}

// cleanQuery drops tracking parameters and empty pairs from a raw query and
// sorts the rest by name, keeping each pair's own encoding and the order of
// repeated names.
func cleanQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var kept []string
	for _, p := range strings.Split(raw, "&") {
		if p == "" {
			continue
		}
		k, v, _ := strings.Cut(p, "=")
		if IsTrackingParam(unescapeQuery(k), unescapeQuery(v)) {
			continue
		}
		kept = append(kept, queryEscaper.Replace(p))
	}
	slices.SortStableFunc(kept, func(a, b string) int {
		return strings.Compare(queryName(a), queryName(b))
	})
	return strings.Join(kept, "&")
}

// queryEscaper escapes what must not appear raw in a query, leaving
// everything already escaped as it is.
var queryEscaper = strings.NewReplacer(" ", "%20", `"`, "%22", "<", "%3C", ">", "%3E")

func queryName(pair string) string {
	k, _, _ := strings.Cut(pair, "=")
	return k
}

func unescapeQuery(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}
