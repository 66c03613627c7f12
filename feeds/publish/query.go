package publish

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// feedQuery is a feed request's filters after validation, in a canonical
// form: two URLs that ask for the same items map to the same feedQuery, and so
// to one cache entry.
type feedQuery struct {
	sources []string // sorted, unique; empty means all
	tags    []string // lower-cased, sorted, unique; any one matches
	limit   int      // 1..max
	max     int
	// channel, when set, is the channel whose items these are; sources
	// then are the channel's.
	channel *Channel
}

// badQueryError marks a request the client must change; the text is shown.
type badQueryError struct {
	status int
	msg    string
}

func (e *badQueryError) Error() string { return e.msg }

// Bounds on a feed query: every distinct query is a render and a cache
// entry, so a client must not be able to ask for unbounded variety.
const (
	maxQueryValues = 20 // ?source= or ?tag= values in one request
	maxTagLen      = 64 // bytes
)

// parseFeedQuery reads ?source=, ?tag= and ?limit= and ignores the rest.
// A source or tag that conf does not know is a 404: the feed would be
// empty, and finding that out would read every stored item.
func parseFeedQuery(v url.Values, conf *handlerConfig, max int) (feedQuery, error) {
	fq := feedQuery{limit: max, max: max}
	if len(v["source"]) > maxQueryValues || len(v["tag"]) > maxQueryValues {
		return feedQuery{}, &badQueryError{400, fmt.Sprintf("at most %d source and %d tag values", maxQueryValues, maxQueryValues)}
	}
	for _, t := range v["tag"] {
		if len(t) > maxTagLen {
			return feedQuery{}, &badQueryError{400, fmt.Sprintf("tag longer than %d bytes", maxTagLen)}
		}
	}
	for _, name := range v["source"] {
		name = strings.TrimSpace(name)
		if _, ok := conf.byName[name]; !ok {
			return feedQuery{}, &badQueryError{404, fmt.Sprintf("unknown source %q", name)}
		}
		fq.sources = append(fq.sources, name)
	}
	for _, t := range v["tag"] {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			if !conf.tags[t] {
				return feedQuery{}, &badQueryError{404, fmt.Sprintf("unknown tag %q", t)}
			}
			fq.tags = append(fq.tags, t)
		}
	}
	slices.Sort(fq.sources)
	fq.sources = slices.Compact(fq.sources)
	slices.Sort(fq.tags)
	fq.tags = slices.Compact(fq.tags)

	var err error
	fq.limit, err = parseLimit(v, max)
	return fq, err
}

// parseLimit reads ?limit=, a number of items from 1 up; more than max
// is max, and no ?limit= at all is max.
func parseLimit(v url.Values, max int) (int, error) {
	vals, ok := v["limit"]
	if !ok {
		return max, nil
	}
	s := strings.TrimSpace(vals[0])
	n, err := strconv.Atoi(s)
	switch {
	case errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(s, "-"):
		n = max // absurdly large, but a number: cap it like any other
	case err != nil || n <= 0:
		return 0, &badQueryError{400, fmt.Sprintf("limit %q: want a whole number from 1 to %d", vals[0], max)}
	}
	return min(n, max), nil
}

// title is the title of the feed fq asks for: a channel's own title, or base, followed by the
// filters, e.g. "edufeed · tag gaokao" or
// "edufeed · sources eol, moe-news · tags exam, gaokao". A reader that
// subscribes to several filtered feeds can tell them apart. The limit is
// left out: it does not change what the feed is about.
func (fq feedQuery) title(base string) string {
	part := func(one, many string, values []string) string {
		if len(values) == 1 {
			return " · " + one + " " + values[0]
		}
		return " · " + many + " " + strings.Join(values, ", ")
	}
	if len(fq.sources) > 0 {
		base += part("source", "sources", fq.sources)
	}
	if len(fq.tags) > 0 {
		base += part("tag", "tags", fq.tags)
	}
	if fq.channel != nil {
		return fq.channel.Title // made safe by indexChannels
	}
	return xmlText(base)
}

// encode returns the canonical query string, with its "?", or "" when the
// request asks for the default feed. A limit at the cap is left out because
// it changes nothing.
func (fq feedQuery) encode() string {
	v := url.Values{}
	if len(fq.sources) > 0 && fq.channel == nil {
		v["source"] = fq.sources
	}
	if len(fq.tags) > 0 {
		v["tag"] = fq.tags
	}
	if fq.limit < fq.max {
		v.Set("limit", strconv.Itoa(fq.limit))
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// storeQuery turns the filters into a store query. With a classifier, items
// it hides are skipped and every item read gets the tags it gives (the store
// lets Match rewrite the item it is handed). A tag matches an item's own tags
// or the configured tags of any source that carried the item, so that
// ?tag=policy finds every item of a source tagged policy in the config.
func (fq feedQuery) storeQuery(known map[string]*feeds.Source, c Classifier) store.Query {
	q := store.Query{Sources: fq.sources, Limit: fq.limit}
	if len(fq.tags) == 0 && c == nil && fq.channel == nil {
		return q
	}
	sel := fq.channel.selects
	want := fq.tags
	applier, _ := c.(interface {
		Apply(*feeds.Item) (bool, []string)
	})
	q.Match = func(it *feeds.Item) bool {
		switch {
		case applier != nil:
			show, tags := applier.Apply(it)
			if !show {
				return false
			}
			it.Tags = tags
		case c != nil:
			if !c.Show(it) {
				return false
			}
			it.Tags = c.Tags(it)
		}
		if !sel(it) {
			return false
		}
		if len(want) == 0 {
			return true
		}
		for _, t := range it.Tags {
			if hasTag(want, t) {
				return true
			}
		}
		if sourceHasTag(known, it.Source, want) {
			return true
		}
		for _, name := range it.Sources {
			if sourceHasTag(known, name, want) {
				return true
			}
		}
		return false
	}
	return q
}

// sourceHasTag reports whether the configured source name carries a wanted tag.
func sourceHasTag(known map[string]*feeds.Source, name string, want []string) bool {
	src := known[name]
	if src == nil {
		return false
	}
	for _, t := range src.Tags {
		if hasTag(want, t) {
			return true
		}
	}
	return false
}

// hasTag reports whether the lower-cased list want holds t, ignoring case.
func hasTag(want []string, t string) bool {
	for _, w := range want {
		if strings.EqualFold(w, strings.TrimSpace(t)) {
			return true
		}
	}
	return false
}
