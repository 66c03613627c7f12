package clean

import (
	"net/url"
	"slices"
	"strings"
)

// Link makes an item's link what a reader should follow and a merger can
// compare: absolute against base, scheme and host in lower case, no default
// port, no fragment (except a "#/" or "#!" route, which names the page on
// script-driven sites), no tracking parameters, the other query parameters
// sorted by name. Anything but http and https gives "". Link is idempotent.
func Link(raw, base string) string {
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
	ref = trimURL(ref)
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
	ref = trimURL(ref)
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

// absBase parses a base URL, nil when it is empty or not absolute.
func absBase(base string) *url.URL {
	b, err := url.Parse(trimURL(base))
	if err != nil || !b.IsAbs() {
		return nil
	}
	return b
}

// trimURL does what browsers do before parsing a URL: trim spaces and
// control characters from the ends and drop tabs and newlines inside.
func trimURL(s string) string {
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

// trackingParams name parameters that only say how a reader arrived: ad
// click ids, newsletter and analytics tags, and the share tags WeChat,
// Weibo and Baidu add.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true, "msclkid": true,
	"yclid": true, "twclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "_hsenc": true,
	"_hsmi": true, "mkt_tok": true, "_ga": true, "_gl": true, "ref_src": true, "spm": true,
	"pk_campaign": true, "pk_kwd": true, "pk_source": true, "pk_medium": true, "pk_content": true,
	"hmsr": true, "hmpl": true, "hmcu": true, "hmkw": true, "hmci": true, // Baidu Tongji
	// WeChat and other Chinese share buttons
	"isappinstalled": true, "share_token": true, "scene": true, "subscene": true, "ascene": true,
	"clicktime": true, "enterid": true, "wxshare_count": true, "chksm": true, "wxfrom": true,
	"sharer_sharetime": true, "sharer_shareid": true, "sharer_shareinfo": true,
	"sharer_shareinfo_first": true, "exportkey": true, "pass_ticket": true,
	"share_source": true, "share_medium": true, "share_plat": true, "share_from": true,
	"share_tag": true, "share_session_id": true, "vd_source": true,
}

// shareSources are values of from, ref and src that name a share channel or
// a feed reader rather than select content.
var shareSources = map[string]bool{
	"timeline": true, "singlemessage": true, "groupmessage": true, "message": true,
	"share": true, "sharing": true, "weixin": true, "wechat": true, "wx": true, "qq": true,
	"qzone": true, "weibo": true, "sina": true, "toutiao": true, "twitter": true, "x": true,
	"facebook": true, "fb": true, "linkedin": true, "email": true, "newsletter": true,
	"rss": true, "feed": true, "feeds": true, "feedly": true, "feedburner": true,
	"inoreader": true, "app": true,
}

// IsTrackingParam reports whether a query parameter only tracks the reader:
// utm_* and mtm_* tags, ad click ids, analytics and share tags (see the
// list in the source). from, ref and src are tracking only when their value
// names a share channel or a feed ("timeline", "groupmessage", "rss",
// "weibo", "rss_edu"...): elsewhere they select content (from=2024), so they
// stay. name and value are unescaped; case does not matter.
func IsTrackingParam(name, value string) bool {
	name = strings.ToLower(name)
	if trackingParams[name] || strings.HasPrefix(name, "utm_") || strings.HasPrefix(name, "mtm_") {
		return true
	}
	switch name {
	case "from", "ref", "src":
		v := strings.ToLower(value)
		return shareSources[v] || strings.HasPrefix(v, "rss") || strings.HasPrefix(v, "feed")
	}
	return false
}
