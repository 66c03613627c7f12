package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

var (
	// namePattern keeps source names safe in URLs (?source=) and file names.
	namePattern = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	// languagePattern is the shape of a BCP 47 tag, as feeds declare it.
	languagePattern = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)
)

// validate checks every value and loads time zones. Values a source inherits
// were checked in the defaults section, so only the source's own are checked.
func (l *loader) validate(cfg *Config, chk Checks) {
	l.listen("listen", cfg.Listen)

	l.store(&cfg.Store)
	if strings.TrimSpace(cfg.Store.Path) == "" {
		l.errField("store.path", nil, "must not be empty")
	}
	l.positive("store.retention", cfg.Store.Retention)
	if cfg.Store.MaxItems < 0 {
		l.errField("store.max_items", nil, "must be 0 (no limit) or more, got %d", cfg.Store.MaxItems)
	}
	if cfg.Store.KeepPerSource < 0 {
		l.errField("store.keep_per_source", nil, "must be 0 (keep none) or more, got %d", cfg.Store.KeepPerSource)
	}

	if l.isSet("feed.link") {
		l.feedLink("feed.link", cfg.Feed.Link)
	}
	if !languagePattern.MatchString(cfg.Feed.Language) {
		l.errField("feed.language", nil, "%q is not a language tag such as zh-CN or en", cfg.Feed.Language)
	}
	l.inRange("feed.max_items", cfg.Feed.MaxItems, 1, 10000)

	d := &cfg.Defaults
	l.schedule("defaults.schedule", d.Schedule, chk)
	l.positive("defaults.timeout", d.Timeout)
	l.userAgent("defaults.user_agent", d.UserAgent)
	d.Location = l.location("defaults.timezone", d.Timezone)
	l.inRange("defaults.concurrency", d.Concurrency, 1, 256)
	l.inRange("defaults.per_host", d.PerHost, 1, 64)
	if d.MaxBody <= 0 {
		l.errField("defaults.max_body", nil, "must be more than 0 bytes")
	}
	if d.HostDelay < 0 || d.HostDelay > time.Minute {
		l.errField("defaults.host_delay", nil, "must be from 0 (no spacing) to 1m, got %s", d.HostDelay)
	}

	l.filterPatterns("filters.include", cfg.Filters.Include)
	l.filterPatterns("filters.exclude", cfg.Filters.Exclude)
	l.checkTags("tags", nil, cfg.Tags)
	l.adminToken("admin.token", cfg.Admin.Token)

	first := map[string]int{}
	for i := range cfg.Sources {
		l.checkSource(cfg, i, chk, first)
	}
	l.checkChannels(cfg)
	l.checkNotify(cfg, chk)
}

// checkSource checks sources[i]; first maps names to the index that used them first.
func (l *loader) checkSource(cfg *Config, i int, chk Checks, first map[string]int) {
	s := &cfg.Sources[i]
	f := sourceField(i)
	if l.broken[f] {
		return
	}
	switch j, dup := first[s.Name]; {
	case s.Name == "":
		l.errField(f+".name", nil, "required: a unique name such as moe-news")
	case !namePattern.MatchString(s.Name):
		l.errField(f+".name", nil, "name %q may use only letters, digits, '.', '_' and '-'", s.Name)
	case dup:
		l.errField(f+".name", nil, "duplicate source name %q (first at line %d)", s.Name, l.at(sourceField(j)+".name").line)
	default:
		first[s.Name] = i
	}
	if s.URL == "" {
		l.errField(f+".url", nil, "required: an http(s) URL or file:PATH")
	} else {
		l.sourceURL(f+".url", s.URL)
	}
	if l.isSet(f + ".schedule") {
		l.schedule(f+".schedule", s.Schedule, chk)
	}
	l.checkTags(f+".tags", s.Tags, s.TagRules)
	l.filterPatterns(f+".include", s.Include)
	l.filterPatterns(f+".exclude", s.Exclude)
	if l.isSet(f + ".timezone") {
		s.Location = l.location(f+".timezone", s.Timezone)
	}
	if l.isSet(f + ".timeout") {
		l.positive(f+".timeout", s.Timeout)
	}
	if l.isSet(f + ".user_agent") {
		l.userAgent(f+".user_agent", s.UserAgent)
	}
	l.checkPages(f, s, chk)
	l.patterns(f+".clean.cut_after", s.Clean.CutAfter)
	l.patterns(f+".clean.drop", s.Clean.Drop)
	l.patterns(f+".clean.title_strip", s.Clean.TitleStrip)
	for j, sel := range s.Clean.Remove {
		l.selector(fmt.Sprintf("%s.clean.remove[%d]", f, j), sel, chk)
	}
}

// selector checks one CSS selector with the checker from outside.
func (l *loader) selector(field, sel string, chk Checks) {
	if strings.TrimSpace(sel) == "" {
		l.errField(field, nil, "empty CSS selector")
	} else if chk.Selector != nil {
		if err := chk.Selector(sel); err != nil {
			l.errField(field, err, "%v", err)
		}
	}
}

func (l *loader) listen(field, addr string) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		l.errField(field, nil, "%q is not host:port, such as 127.0.0.1:8080", addr)
		return
	}
	if strings.ContainsAny(host, " /") {
		l.errField(field, nil, "%q has an invalid host %q", addr, host)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		l.errField(field, nil, "%q: port %q is not a number from 0 to 65535", addr, port)
	}
}

func (l *loader) feedLink(field, link string) {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		l.errField(field, nil, "%q is not an absolute http(s) URL such as https://news.example.org/", link)
	}
}

// sourceURL checks a source URL: http(s) with a host, or file:PATH.
func (l *loader) sourceURL(field, raw string) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		l.errField(field, nil, "invalid URL %q: %v", raw, err)
		return
	}
	switch u.Scheme {
	case "http", "https":
		if u.Hostname() == "" {
			l.errField(field, nil, "URL %q has no host", raw)
		}
	case "file":
		if _, err := filePath(u); err != nil {
			l.errField(field, nil, "%v", err)
		}
	case "":
		l.errField(field, nil, "URL %q has no scheme: use http://, https:// or file:", raw)
	default:
		l.errField(field, nil, "URL %q: unsupported scheme %q (use http, https or file)", raw, u.Scheme)
	}
}

// filePath is the local path of a file: URL: file:rel/x.xml, file:/abs/x.xml
// or file:///abs/x.xml.
func filePath(u *url.URL) (string, error) {
	if u.Host != "" && u.Host != "localhost" {
		return "", fmt.Errorf("file URL %q names host %q: write file:relative/path or file:///absolute/path", u.String(), u.Host)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("file URL %q must not have a query or fragment", u.String())
	}
	p := u.Path
	if u.Opaque != "" {
		var err error
		if p, err = url.PathUnescape(u.Opaque); err != nil {
			return "", fmt.Errorf("file URL %q: %w", u.String(), err)
		}
	}
	if p == "" {
		return "", fmt.Errorf("file URL %q has no path", u.String())
	}
	return filepath.FromSlash(p), nil
}

func (l *loader) schedule(field, spec string, chk Checks) {
	if strings.TrimSpace(spec) == "" {
		l.errField(field, nil, "empty schedule (use a cron spec such as \"*/20 * * * *\" or \"@every 30m\")")
		return
	}
	if chk.Schedule != nil {
		if err := chk.Schedule(spec); err != nil {
			l.errField(field, err, "%v", err)
		}
	}
}

func (l *loader) location(field, name string) *time.Location {
	if name == "" {
		l.errField(field, nil, "empty time zone (use an IANA name such as Asia/Shanghai)")
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		l.errField(field, nil, "unknown time zone %q (use an IANA name such as Asia/Shanghai)", name)
		return nil
	}
	return loc
}

func (l *loader) positive(field string, d time.Duration) {
	if d <= 0 {
		l.errField(field, nil, "must be more than zero, got %s", d)
	}
}

func (l *loader) inRange(field string, n, lo, hi int) {
	if n < lo || n > hi {
		l.errField(field, nil, "must be from %d to %d, got %d", lo, hi, n)
	}
}

// userAgent refuses what an HTTP header cannot carry.
func (l *loader) userAgent(field, ua string) {
	if strings.ContainsFunc(ua, unicode.IsControl) {
		l.errField(field, nil, "must not contain control characters or line breaks")
	}
}

// patterns checks a list of regexps; an empty one would match every text.
func (l *loader) patterns(field string, exprs []string) {
	for i, expr := range exprs {
		f := fmt.Sprintf("%s[%d]", field, i)
		if expr == "" {
			l.errField(f, nil, "empty pattern would match everything")
			continue
		}
		if _, err := regexp.Compile(expr); err != nil {
			l.errField(f, err, "%v", err)
		}
	}
}
