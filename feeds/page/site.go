package page

import (
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// site returns the registrable domain of an absolute http(s) URL
// ("news.pku.edu.cn" gives "pku.edu.cn", "www.moe.gov.cn" gives
// "moe.gov.cn"), or "" when the URL has none. A university's news site and
// its main site are one site; two universities under edu.cn are not.
func site(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if host == "" {
		return ""
	}
	if strings.Trim(host, "0123456789.") == "" || strings.Contains(host, ":") {
		return host // an IP address is a site of its own
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host // a bare suffix or a single-label host such as localhost
	}
	return d
}

// sameSite reports whether two absolute URLs belong to one site.
func sameSite(a, b string) bool {
	s := site(a)
	return s != "" && s == site(b)
}
