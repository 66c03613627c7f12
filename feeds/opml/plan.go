package opml

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Known is a source the config already has, as far as Plan compares them.
type Known struct {
	Name, Title, URL string
}

// Subscription is a feed Plan adds, named and tagged as a new source.
type Subscription struct {
	Name string
	// Title is the outline's title, empty when it equals Name or is unknown.
	Title string
	URL   string
	// Tags are made from the outline's folders and categories, and those
	// of the outlines that list the same feed again.
	Tags []string
}

// Skipped is an outline Plan leaves out, and why.
type Skipped struct {
	Feed   Feed
	Reason string
}

// Import is what Plan makes of an OPML file.
type Import struct {
	// Added are the feeds to add, in OPML order.
	Added []Subscription
	// Skipped are the outlines left out, in OPML order.
	Skipped []Skipped
}

// Plan decides which of feeds to add next to the known sources, and names
// and tags them. A feed is skipped when a known source has its URL
// (compared with scheme and host lower-case, default port and trailing
// slash dropped), or a known source of the same host has the same name or
// title; when the OPML lists it twice (its folders are merged); or when it
// has no http(s) URL. Every feed is either added or skipped.
func Plan(known []Known, feeds []Feed) Import {
	var imp Import
	p := newPlanner(known)
	for _, f := range feeds {
		if reason := p.add(f); reason != "" {
			imp.Skipped = append(imp.Skipped, Skipped{Feed: f, Reason: reason})
		}
	}
	imp.Added = p.added
	return imp
}

// planner decides which feeds to add and names them.
type planner struct {
	byURL   map[string]string // normalised URL -> name of the source that has it
	labels  map[string]string // host + lower-case name or title -> source name
	names   map[string]bool   // lower-case names taken
	added   []Subscription
	addedAt map[string]int // normalised URL -> index in added
}

func newPlanner(known []Known) *planner {
	p := &planner{byURL: map[string]string{}, labels: map[string]string{}, names: map[string]bool{}, addedAt: map[string]int{}}
	for _, s := range known {
		p.names[strings.ToLower(s.Name)] = true
		u, err := url.Parse(s.URL)
		if err != nil {
			continue
		}
		if _, ok := p.byURL[normalizeURL(u)]; !ok {
			p.byURL[normalizeURL(u)] = s.Name
		}
		p.addLabels(u, s.Name, s.Name, s.Title)
	}
	return p
}

// addLabels records the name and title of source name, fetched from u.
func (p *planner) addLabels(u *url.URL, name string, labels ...string) {
	for _, label := range labels {
		if k := labelKey(u, label); k != "" {
			if _, ok := p.labels[k]; !ok {
				p.labels[k] = name
			}
		}
	}
}

// add plans feed f and returns why it is skipped, or "" when it is added.
func (p *planner) add(f Feed) string {
	switch {
	case f.Kind == "include":
		return "an OPML include (type=\"include\"), not followed"
	case f.URL == "":
		return "no feed URL (xmlUrl)"
	}
	raw := feedScheme(f.URL)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.Opaque != "" {
		return fmt.Sprintf("%q is not an http(s) URL", f.URL)
	}
	if !utf8.ValidString(raw) || strings.ContainsFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }) {
		return fmt.Sprintf("%q has spaces or control characters", f.URL)
	}
	tags := slugTags(f.Folders)
	norm := normalizeURL(u)
	if name, ok := p.byURL[norm]; ok {
		return fmt.Sprintf("already in the config as %s", name)
	}
	if i, ok := p.addedAt[norm]; ok {
		a := &p.added[i]
		n := len(a.Tags)
		a.Tags = appendNew(a.Tags, tags...)
		if len(a.Tags) > n {
			return fmt.Sprintf("listed again in the OPML file: its folders were added to the tags of %s", a.Name)
		}
		return fmt.Sprintf("listed again in the OPML file: added once as %s", a.Name)
	}
	// Parse has tidied the title already; feeds from elsewhere may not be.
	title := cleanTitle(f.Title)
	base := deriveName(title, u)
	for _, label := range []string{base, title} {
		if name, ok := p.labels[labelKey(u, label)]; ok && label != "" {
			return fmt.Sprintf("same name as %s, also on %s", name, u.Hostname())
		}
	}
	name := base
	for i := 2; p.names[strings.ToLower(name)]; i++ {
		name = base + "-" + strconv.Itoa(i)
	}
	if title == name {
		title = ""
	}
	p.names[strings.ToLower(name)] = true
	p.addLabels(u, name, base, title)
	p.addedAt[norm] = len(p.added)
	p.added = append(p.added, Subscription{Name: name, Title: title, URL: raw, Tags: tags})
	return ""
}

// feedScheme turns the feed: URLs some readers write (feed://host/path,
// feed:https://host/path) into the http(s) URLs they stand for.
func feedScheme(raw string) string {
	scheme, rest, ok := strings.Cut(raw, ":")
	if !ok || !strings.EqualFold(scheme, "feed") {
		return raw
	}
	if l := strings.ToLower(rest); strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return rest
	}
	return "http:" + rest
}

// labelKey is the key under which a source's name or title is compared with
// an outline's: the host and the label, lower-case; "" for no label.
func labelKey(u *url.URL, label string) string {
	label = strings.ToLower(strings.TrimSpace(label))
	if label == "" || u.Hostname() == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.") + "\x00" + label
}

// normalizeURL is the form in which feed URLs are compared: scheme and host
// lower-case, no default port, no trailing slash, no fragment.
func normalizeURL(u *url.URL) string {
	c := *u
	c.Scheme = strings.ToLower(c.Scheme)
	c.Host = strings.ToLower(c.Host)
	if port := c.Port(); (c.Scheme == "http" && port == "80") || (c.Scheme == "https" && port == "443") {
		c.Host = strings.TrimSuffix(c.Host, ":"+port)
	}
	c.Path = strings.TrimRight(c.Path, "/")
	c.RawPath = strings.TrimRight(c.RawPath, "/")
	c.Fragment, c.RawFragment = "", ""
	return c.String()
}
