package sanitise

import (
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// policy is the bluemonday policy the sanitiser was written to match: the
// tests hold the sanitiser's output to it.
var policy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
		"blockquote", "pre", "code", "em", "strong", "b", "i", "u", "s", "del", "ins",
		"sup", "sub", "hr", "figure", "figcaption", "div",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("src").OnElements("img")
	p.AllowAttrs("alt", "title").OnElements("img")
	p.AllowAttrs("width", "height").Matching(bluemonday.NumberOrPercent).OnElements("img")
	p.AllowAttrs("colspan", "rowspan").Matching(bluemonday.Integer).OnElements("td", "th")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	p.RequireNoFollowOnLinks(true)
	return p
})
