package parse

import (
	"html"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/edufeed/edufeed/feeds"
)

// setBody fills Content and Summary: a full-content field wins, and the
// description then becomes the summary; without one the description is the
// content and there is no separate summary.
func setBody(it *feeds.Item, content, description string) {
	if strings.TrimSpace(content) != "" {
		it.Content = content
		it.Summary = description
		return
	}
	it.Content = description
}

// keep reports whether an item carries anything a reader could use.
func keep(it *feeds.Item) bool {
	for _, s := range []string{it.Title, it.Link, it.GUID, it.Content} {
		if strings.TrimSpace(s) != "" {
			return true
		}
	}
	return false
}

// personNames returns each person's name, or the email when the name is
// missing, leaving out people with neither.
func personNames(people []*gofeed.Person) []string {
	var out []string
	for _, p := range people {
		if p == nil {
			continue
		}
		switch {
		case strings.TrimSpace(p.Name) != "":
			out = append(out, p.Name)
		case strings.TrimSpace(p.Email) != "":
			out = append(out, p.Email)
		}
	}
	return out
}

// nonEmpty drops blank strings, keeping the others as written.
func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// enclosure converts one enclosure, giving ok false when it has no URL. A
// length that is not a number (feeds write "0", "", "unknown") is left 0.
func enclosure(u, typ, length string) (feeds.Enclosure, bool) {
	if strings.TrimSpace(u) == "" {
		return feeds.Enclosure{}, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(length), 10, 64)
	if err != nil || n < 0 {
		n = 0
	}
	return feeds.Enclosure{URL: u, Type: typ, Length: n}, true
}

// isHTTPURL reports whether s is an absolute http(s) URL with a host, the
// only kind of GUID worth treating as the item's link.
func isHTTPURL(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" {
		return false
	}
	return strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https")
}

// timeOf dereferences gofeed's optional time.
func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// textToHTML turns plain text into HTML that shows the same text: Content
// holds HTML, and a sanitiser would otherwise eat "<" and fold the lines.
func textToHTML(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" {
		return ""
	}
	var b strings.Builder
	for para := range strings.SplitSeq(s, "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(html.EscapeString(para), "\n", "<br>"))
		b.WriteString("</p>")
	}
	return b.String()
}
