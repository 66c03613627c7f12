// Package wire turns a loaded config into what the pipeline takes (sources,
// store options, the filter). The edufeed command and the bench programs
// both use it, so that a benchmark runs exactly what the daemon runs; a main
// package cannot be imported, hence this package.
package wire

import (
	"fmt"
	"runtime/debug"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/filter"
	"github.com/edufeed/edufeed/feeds/junk"
	"github.com/edufeed/edufeed/feeds/merge"
	"github.com/edufeed/edufeed/feeds/poll"
	"github.com/edufeed/edufeed/feeds/publish"
	"github.com/edufeed/edufeed/store"
)

// LoadConfig reads a config with the validators that live in other packages.
//
// The YAML parser holds every token and node of what it parses at once.
// Whole, a config of 20,000 sources (1.3 MB) held about 90 MB, which the
// runtime, left to its default, let grow to 149 MiB of RSS; config.Load now
// parses the sources list in chunks (about 23 MB live), and collecting more
// often while it parses keeps the peak near that, for about a tenth of a
// CPU-second at 20,000 sources.
func LoadConfig(path string) (*config.Config, error) {
	defer debug.SetGCPercent(debug.SetGCPercent(configGCPercent))
	return config.Load(path, config.Checks{Schedule: poll.CheckSchedule, Selector: junk.CheckSelector})
}

// configGCPercent is GOGC while a config is parsed.
const configGCPercent = 25

// StoreOptions match stories with the thresholds feeds/merge chose on its
// corpus, and break the ties of a merge by the order of cfg's sources (none
// for a nil cfg).
func StoreOptions(cfg *config.Config) store.Options {
	return store.Options{TitleWindow: merge.TitleWindow, MaxDistance: merge.MaxDistance, SourceOrder: SourceOrder(cfg)}
}

// SourceOrder names cfg's sources in the config's order (none for a nil
// cfg), for the store to break the ties of a merge by.
func SourceOrder(cfg *config.Config) []string {
	if cfg == nil {
		return nil
	}
	names := make([]string, len(cfg.Sources))
	for i, s := range cfg.Sources {
		names[i] = s.Name
	}
	return names
}

// Classifier compiles the config's filters and tag rules. It is given every
// configured source, disabled ones too: the filter shows only the items of
// sources it knows, and a disabled source is paused, not removed.
func Classifier(cfg *config.Config) (*filter.Filter, error) {
	global := filter.Rules{Include: cfg.Filters.Include, Exclude: cfg.Filters.Exclude, Tags: tagRules(cfg.Tags)}
	srcs := make(map[string]filter.SourceRules, len(cfg.Sources))
	for _, s := range cfg.Sources {
		srcs[s.Name] = filter.SourceRules{
			Tags:  s.Tags,
			Rules: filter.Rules{Include: s.Include, Exclude: s.Exclude, Tags: tagRules(s.TagRules)},
		}
	}
	return filter.New(global, srcs)
}

func tagRules(rules []config.TagRule) []filter.TagRule {
	out := make([]filter.TagRule, len(rules))
	for i, r := range rules {
		out[i] = filter.TagRule{Match: r.Match, Tag: r.Tag}
	}
	return out
}

// Channels compiles the config's channels into what the publisher serves.
// The config package has checked every pattern already, so an error here is
// a bug.
func Channels(cfg *config.Config) ([]publish.Channel, error) {
	out := make([]publish.Channel, 0, len(cfg.Channels))
	for _, c := range cfg.Channels {
		sel, err := filter.NewSelector(filter.Selection{Sources: c.Sources, Tags: c.Tags, Include: c.Include, Exclude: c.Exclude})
		if err != nil {
			return nil, fmt.Errorf("channel %q: %w", c.Name, err)
		}
		out = append(out, publish.Channel{
			Name:        c.Name,
			Title:       c.Title,
			Description: c.Description,
			Sources:     c.Sources,
			Select:      func(it *feeds.Item) bool { return sel.Selects(it, it.Tags) },
		})
	}
	return out, nil
}

// Sources converts the config's sources into the pipeline's type. Sources
// with the same rules share one value of each (see feeds.Source): at 20,000
// sources, most without rules of their own, that keeps 5 MB out of every
// copy of the list a process holds.
func Sources(cfg *config.Config) []feeds.Source {
	out := make([]feeds.Source, 0, len(cfg.Sources))
	var rules sharedRules
	for _, s := range cfg.Sources {
		out = append(out, feeds.Source{
			Name:         s.Name,
			Title:        s.Title,
			URL:          s.URL,
			Schedule:     s.Schedule,
			Tags:         s.Tags,
			Location:     s.Location,
			Enabled:      s.Enabled,
			Timeout:      s.Timeout,
			UserAgent:    s.UserAgent,
			AllowPrivate: s.AllowPrivate,
			Type:         s.Type,
			Robots:       s.Robots,
			List: rules.list(feeds.ListRules{
				Pages:      s.Pages,
				Item:       s.List.Item,
				Title:      s.List.Title,
				Link:       s.List.Link,
				Date:       s.List.Date,
				Summary:    s.List.Summary,
				DateFormat: s.DateFormat,
			}),
			Articles: rules.articles(feeds.ArticleRules{
				// Unset, full text is on for list pages (which carry no
				// text) and off for feeds.
				ForLists: s.FullText || !s.FullTextSet,
				ForFeeds: s.FullText,
				Max:      s.MaxArticles,
				Content:  s.Article.Content,
				Remove:   s.Article.Remove,
			}),
			Clean: rules.clean(feeds.CleanRules{
				Builtin:    s.Clean.Builtin,
				CutAfter:   s.Clean.CutAfter,
				Drop:       s.Clean.Drop,
				Remove:     s.Clean.Remove,
				TitleStrip: s.Clean.TitleStrip,
			}),
		})
	}
	return out
}

// sharedRules hands out one value for equal rules. Rules with lists of
// their own (a few sources) get a value each: comparing lists is not worth
// it for so few.
type sharedRules struct {
	listRules    map[feeds.ListRules]*feeds.ListRules
	articleRules map[articleKey]*feeds.ArticleRules
	cleanRules   [2]*feeds.CleanRules // without lists, by Builtin
}

// articleKey is feeds.ArticleRules without its list.
type articleKey struct {
	forLists, forFeeds bool
	max                int
	content            string
}

func (r *sharedRules) list(l feeds.ListRules) *feeds.ListRules {
	return shared(&r.listRules, l, l)
}

func (r *sharedRules) articles(a feeds.ArticleRules) *feeds.ArticleRules {
	if len(a.Remove) > 0 {
		return &a
	}
	a.Remove = nil
	return shared(&r.articleRules, articleKey{a.ForLists, a.ForFeeds, a.Max, a.Content}, a)
}

func (r *sharedRules) clean(c feeds.CleanRules) *feeds.CleanRules {
	if len(c.CutAfter)+len(c.Drop)+len(c.Remove)+len(c.TitleStrip) > 0 {
		return &c
	}
	i := 0
	if c.Builtin {
		i = 1
	}
	if r.cleanRules[i] == nil {
		r.cleanRules[i] = &feeds.CleanRules{Builtin: c.Builtin}
	}
	return r.cleanRules[i]
}

// shared returns the value kept under k in *m, keeping v there first if
// there is none.
func shared[K comparable, V any](m *map[K]*V, k K, v V) *V {
	if p, ok := (*m)[k]; ok {
		return p
	}
	if *m == nil {
		*m = make(map[K]*V)
	}
	(*m)[k] = &v
	return &v
}
