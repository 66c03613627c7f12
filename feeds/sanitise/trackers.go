package sanitise

import (
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds/urls"
)

// trackerHosts serve feed-statistics pixels and share widgets.
var trackerHosts = []string{
	"feeds.feedburner.com", "feedproxy.google.com", "feeds.feedblitz.com", "feedsportal.com",
	"stats.wordpress.com", "pixel.wp.com", "google-analytics.com", "www.google-analytics.com",
	"doubleclick.net", "hm.baidu.com", "cnzz.com", "c.statcounter.com",
}

var trackerFiles = map[string]bool{
	"pixel.gif": true, "pixel.png": true, "beacon.gif": true, "__utm.gif": true,
	"spacer.gif": true, "tracker.gif": true, "1x1.gif": true, "blank.gif": true,
}

var tinyStyle = regexp.MustCompile(`(?i)(?:^|;)\s*(?:width|height)\s*:\s*[01](?:\.0+)?(?:px)?\s*(?:;|$)`)

// isTrackingPixel reports images that only count readers: 1×1 or 0×0
// images, or images from feed-statistics hosts.
func isTrackingPixel(n *html.Node, src string) bool {
	for _, k := range []string{"width", "height"} {
		if v, ok := attrOK(n, k); ok && tinyDimension(v) {
			return true
		}
	}
	if tinyStyle.MatchString(attr(n, "style")) {
		return true
	}
	return isTrackerURL(src)
}

func tinyDimension(v string) bool {
	v = strings.TrimSuffix(strings.TrimSpace(v), "px")
	d, err := strconv.ParseFloat(v, 64)
	return err == nil && d <= 1
}

// isTrackerURL reports URLs of tracking beacons and feed-statistics hosts.
func isTrackerURL(raw string) bool {
	var host, upath string
	if urls.Plain(raw) { // the usual image URL: no parse
		host, upath = urls.SplitPlain(raw)
	} else {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || u.Host == "" {
			return false
		}
		host, upath = strings.ToLower(u.Hostname()), u.Path
	}
	for _, h := range trackerHosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return strings.HasPrefix(host, "pixel.") || trackerFiles[strings.ToLower(path.Base(upath))]
}

// isShareWidget reports FeedBurner's "feed flare" and ad links, which only
// add share buttons to an item.
func isShareWidget(raw string) bool {
	if urls.Plain(raw) && !strings.Contains(raw, "feedburner") {
		return false // a plain URL's host is as written, in lower case
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || !strings.EqualFold(u.Hostname(), "feeds.feedburner.com") {
		return false
	}
	return strings.HasPrefix(u.Path, "/~ff/") || strings.HasPrefix(u.Path, "/~a/")
}
