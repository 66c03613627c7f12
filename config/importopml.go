package config

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Import is what ImportOPML makes of an OPML file.
type Import struct {
	// Data is the edited config file; it is the input unchanged when
	// nothing is added.
	Data []byte
	// Added are the sources appended to the file, in OPML order.
	Added []ImportedSource
	// Skipped are the outlines left out, in OPML order.
	Skipped []SkippedFeed
}

// ImportedSource is a source ImportOPML appends to the config.
type ImportedSource struct {
	Name string
	// Title is the outline's title, empty when it equals Name or is unknown.
	Title string
	URL   string
	// Tags are made from the outline's folders and categories, and those
	// of the outlines that list the same feed again.
	Tags []string
}

// SkippedFeed is an outline ImportOPML leaves out, and why.
type SkippedFeed struct {
	Feed   OPMLFeed
	Reason string
}

// ImportOPML appends the feeds of an OPML file to data, the contents of the
// config file at path, and returns the edited file. A feed is skipped when
// the config already has its URL (compared with scheme and host lower-case,
// default port and trailing slash dropped), or a source of the same host
// with the same name or title; when the OPML lists it twice (its folders
// are merged); or when it has no http(s) URL.
//
// The file is edited as text: new sources are appended to the end of the
// sources list in the indentation the list already uses, and every other
// byte is kept, comments included. data must parse without errors (the
// error is then Errors), and the edited file is parsed again with chk to
// make sure it reads back as the same sources plus the new ones.
func ImportOPML(path string, data []byte, feeds []OPMLFeed, chk Checks) (*Import, error) {
	cfg, err := Parse(path, data, chk)
	if err != nil {
		return nil, err
	}
	imp := &Import{Data: data}
	p := newPlanner(cfg)
	for _, f := range feeds {
		if reason := p.add(f); reason != "" {
			imp.Skipped = append(imp.Skipped, SkippedFeed{Feed: f, Reason: reason})
		}
	}
	imp.Added = p.added
	if len(imp.Added) == 0 {
		return imp, nil
	}
	out, err := appendSources(data, imp.Added)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := readsBack(path, out, chk, cfg.Sources, imp.Added); err != nil {
		return nil, fmt.Errorf("%s: the edited file does not read back as intended, so it was not written (please report this): %w", path, err)
	}
	imp.Data = out
	return imp, nil
}

// planner decides which feeds to add and names them.
type planner struct {
	byURL   map[string]string // normalised URL -> name of the source that has it
	labels  map[string]string // host + lower-case name or title -> source name
	names   map[string]bool   // lower-case names taken
	added   []ImportedSource
	addedAt map[string]int // normalised URL -> index in added
}

func newPlanner(cfg *Config) *planner {
	p := &planner{byURL: map[string]string{}, labels: map[string]string{}, names: map[string]bool{}, addedAt: map[string]int{}}
	for _, s := range cfg.Sources {
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
func (p *planner) add(f OPMLFeed) string {
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
	base := deriveName(f.Title, u)
	for _, label := range []string{base, f.Title} {
		if name, ok := p.labels[labelKey(u, label)]; ok && label != "" {
			return fmt.Sprintf("same name as %s, also on %s", name, u.Hostname())
		}
	}
	name := base
	for i := 2; p.names[strings.ToLower(name)]; i++ {
		name = base + "-" + strconv.Itoa(i)
	}
	title := f.Title
	if title == name {
		title = ""
	}
	p.names[strings.ToLower(name)] = true
	p.addLabels(u, name, base, f.Title)
	p.addedAt[norm] = len(p.added)
	p.added = append(p.added, ImportedSource{Name: name, Title: title, URL: raw, Tags: tags})
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

// readsBack parses the edited file and checks that it holds the old
// sources followed by the added ones, exactly as intended.
func readsBack(path string, data []byte, chk Checks, old []Source, added []ImportedSource) error {
	cfg, err := Parse(path, data, chk)
	if err != nil {
		return err
	}
	if got, want := len(cfg.Sources), len(old)+len(added); got != want {
		return fmt.Errorf("%d sources, want %d", got, want)
	}
	for i, s := range old {
		if n := cfg.Sources[i]; n.Name != s.Name || n.URL != s.URL {
			return fmt.Errorf("source %d reads as %s %s, was %s %s", i, n.Name, n.URL, s.Name, s.URL)
		}
	}
	for i, a := range added {
		n := cfg.Sources[len(old)+i]
		title := a.Title
		if title == "" {
			title = a.Name
		}
		if n.Name != a.Name || n.Title != title || n.URL != a.URL || !slices.Equal(n.Tags, a.Tags) {
			return errors.New("new source " + strconv.Quote(a.Name) + " reads back differently")
		}
	}
	return nil
}
