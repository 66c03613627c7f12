// Package wire turns a loaded config into what the pipeline takes (sources,
// store options, the filter). The edufeed command and the bench programs
// both use it, so that a benchmark runs exactly what the daemon runs; a main
// package cannot be imported, hence this package.
package wire

import (
	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/filter"
	"github.com/edufeed/edufeed/feeds/junk"
	"github.com/edufeed/edufeed/feeds/merge"
	"github.com/edufeed/edufeed/feeds/poll"
	"github.com/edufeed/edufeed/store"
)

// LoadConfig reads a config with the validators that live in other packages.
func LoadConfig(path string) (*config.Config, error) {
	return config.Load(path, config.Checks{Schedule: poll.CheckSchedule, Selector: junk.CheckSelector})
}

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

// Sources converts the config's sources into the pipeline's type.
func Sources(cfg *config.Config) []feeds.Source {
	out := make([]feeds.Source, 0, len(cfg.Sources))
	for _, s := range cfg.Sources {
		out = append(out, feeds.Source{
			Name:         s.Name,
			URL:          s.URL,
			Schedule:     s.Schedule,
			Tags:         s.Tags,
			Location:     s.Location,
			Enabled:      s.Enabled,
			Timeout:      s.Timeout,
			UserAgent:    s.UserAgent,
			AllowPrivate: s.AllowPrivate,
			Clean: feeds.CleanRules{
				Builtin:    s.Clean.Builtin,
				CutAfter:   s.Clean.CutAfter,
				Drop:       s.Clean.Drop,
				Remove:     s.Clean.Remove,
				TitleStrip: s.Clean.TitleStrip,
			},
		})
	}
	return out
}
