package publish

import (
	"strings"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// SetSources replaces the configured sources, as after a config reload. Bodies
// rendered with the old sources are dropped, since source URLs and tags show
// in them. The handler keeps src, not a copy: the caller must not modify it.
func (h *Handler) SetSources(src []feeds.Source) {
	src, byName := indexSources(src)
	h.update(func(c *handlerConfig) { c.sources, c.byName = src, byName })
}

// indexSources indexes src by name. Neither it nor the index copies a
// Source: the daemon, its scheduler and the handler share one slice of
// them, which at 20,000 sources is 3.4 MB a copy (issue 18).
func indexSources(src []feeds.Source) ([]feeds.Source, map[string]*feeds.Source) {
	byName := make(map[string]*feeds.Source, len(src))
	for i := range src {
		byName[src[i].Name] = &src[i]
	}
	return src, byName
}

// Source returns the configured source of that name, which the caller must
// not modify, or false.
func (h *Handler) Source(name string) (*feeds.Source, bool) {
	src, ok := h.conf.Load().byName[name]
	return src, ok
}

// SetClassifier replaces the filters and tag rules, as after a config
// reload; bodies rendered with the old ones are dropped.
func (h *Handler) SetClassifier(c Classifier) {
	h.update(func(conf *handlerConfig) { conf.classifier = c })
}

// Reload replaces the sources, the classifier and the channels as one
// change, which is what a config reload is: a reader never sees the new
// sources with the old rules, and the feeds' Last-Modified moves once. As
// SetSources, it keeps src.
func (h *Handler) Reload(src []feeds.Source, c Classifier, chans []Channel) {
	src, byName := indexSources(src)
	chans, chanByName := indexChannels(chans)
	h.update(func(conf *handlerConfig) {
		conf.sources, conf.byName, conf.classifier = src, byName, c
		conf.channels, conf.channelByName = chans, chanByName
	})
}

// update publishes a copy of the configuration changed by change.
func (h *Handler) update(change func(*handlerConfig)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	prev := h.conf.Load()
	next := *prev
	change(&next)
	next.gen++
	next.tags = knownTags(next.sources, next.classifier)
	next.since = h.changeTime(prev)
	h.conf.Store(&next)
}

// changeTime is when a configuration replacing prev takes effect: now, yet
// in a later second than any Last-Modified served under prev. The header
// counts whole seconds, and a client holding the old value must not hear
// that nothing changed; after a reload within the second of the last write
// the header may thus run up to a second ahead of the clock.
func (h *Handler) changeTime(prev *handlerConfig) time.Time {
	now := h.now().UTC()
	if prev.since.IsZero() {
		return now // the first configuration, at start-up
	}
	served := prev.since
	if _, modified, err := h.r.Version(); err == nil && modified.After(served) {
		served = modified
	}
	if floor := served.Truncate(time.Second).Add(time.Second); now.Before(floor) {
		return floor
	}
	return now
}

// knownTags are the tags a feed query may ask for: the configured sources'
// plain tags and the classifier's, lower-cased as queries are.
func knownTags(sources []feeds.Source, c Classifier) map[string]bool {
	tags := make(map[string]bool)
	for _, s := range sources {
		for _, t := range s.Tags {
			tags[strings.ToLower(strings.TrimSpace(t))] = true
		}
	}
	if c != nil {
		for _, t := range c.KnownTags() {
			tags[strings.ToLower(strings.TrimSpace(t))] = true
		}
	}
	return tags
}
