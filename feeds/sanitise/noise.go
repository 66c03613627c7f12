package sanitise

import (
	"strings"

	"golang.org/x/net/html"
)

// noiseWords name page chrome in class and id attributes, the words
// readability-style extractors treat as noise. Pinyin names are what Chinese
// CMSs use for the same blocks.
var noiseWords = map[string]bool{
	"share": true, "sharing": true, "sharedaddy": true, "social": true, "related": true,
	"relatedposts": true, "recommend": true, "recommended": true, "comment": true,
	"comments": true, "footer": true, "sidebar": true, "nav": true, "navbar": true,
	"navigation": true, "breadcrumb": true, "breadcrumbs": true, "toolbar": true,
	"copyright": true, "disclaimer": true, "ad": true, "ads": true, "advert": true,
	"adverts": true, "advertisement": true, "advertising": true, "promo": true,
	"promotion": true, "sponsor": true, "sponsored": true, "newsletter": true,
	"subscribe": true, "subscription": true, "popup": true, "feedflare": true,
	"bdshare": true, "bdsharebuttonbox": true, "fenxiang": true, "tuijian": true,
	"xiangguan": true,
}

// noiseElement reports the elements that are page chrome whatever their class.
func noiseElement(tag string) bool {
	switch tag {
	case "nav", "footer":
		return true
	}
	return false
}

// isNoise reports an element whose name, class or id says it is page chrome
// (share bars, related links, ads). Classes match by whole token, or by the
// first or last part of a token joined with "-" or "_", so "share-buttons"
// and "post-footer" count and "adult" and "header" do not.
func isNoise(n *html.Node) bool {
	if noiseElement(n.Data) {
		return true
	}
	for _, key := range []string{"class", "id"} {
		for tok := range strings.FieldsSeq(strings.ToLower(attr(n, key))) {
			if noiseToken(tok) {
				return true
			}
		}
	}
	return false
}

// noiseToken is whether tok is a noise word, or the first or last of two
// or more parts of it split at '-' and '_' is one. The parts are found by
// the separators' positions, not split out: isNoise asks for every class
// token of every element.
func noiseToken(tok string) bool {
	if noiseWords[tok] {
		return true
	}
	t := strings.Trim(tok, "-_") // empty parts at the ends do not count
	first := strings.IndexAny(t, "-_")
	if first < 0 {
		return false // one part: tok itself, less its separators
	}
	last := strings.LastIndexAny(t, "-_")
	return noiseWords[t[:first]] || noiseWords[t[last+1:]]
}
