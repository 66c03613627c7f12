package config

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// Channel is a named selection of the merged items, served as a feed of its
// own at /c/NAME.xml, /c/NAME.atom and /c/NAME.json: one feed per audience
// (the admissions team, the principal) instead of one feed with ?tag=.
//
// An item is in a channel when the outputs show it at all (Filters and the
// sources' own include and exclude) and it passes every part of the
// selection the channel sets: carried by one of Sources, carrying one of
// Tags, and passing Include and Exclude, which are patterns as in Filters.
// A channel that sets none of them shows what the merged feed shows.
type Channel struct {
	// Name is unique and URL-safe ([A-Za-z0-9._-]+): it is the NAME in /c/NAME.xml.
	Name string `yaml:"name"`
	// Title is the feed's title; it defaults to Name.
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	// Tags, when not empty, select the items carrying one of them; each is
	// a tag the config gives items (a source's plain tag or a rule's tag).
	Tags []string `yaml:"tags"`
	// Sources, when not empty, select the items one of them carried; each
	// is the name of a configured source.
	Sources []string `yaml:"sources"`
	Include []string `yaml:"include"`
	Exclude []string `yaml:"exclude"`
}

// ChannelByName returns the channel called name.
func (c *Config) ChannelByName(name string) (*Channel, bool) {
	for i := range c.Channels {
		if c.Channels[i].Name == name {
			return &c.Channels[i], true
		}
	}
	return nil, false
}

func channelField(i int) string {
	return "channels[" + strconv.Itoa(i) + "]"
}

func newChannel() Channel {
	return Channel{Tags: []string{}, Sources: []string{}, Include: []string{}, Exclude: []string{}}
}

// channels decodes the channels list.
func (l *loader) channels(n ast.Node, field string) []Channel {
	v, _ := l.value(n, field)
	if v == nil {
		return []Channel{}
	}
	seq, ok := v.(*ast.SequenceNode)
	if !ok {
		l.errAt(v, field, "expected a list of channels, got %s", describe(v))
		return []Channel{}
	}
	l.mark(field, seq)
	out := make([]Channel, len(seq.Values))
	for i, item := range seq.Values {
		f := fmt.Sprintf("%s[%d]", field, i)
		out[i] = newChannel()
		before := len(l.errs)
		switch iv, _ := l.value(item, f); iv.(type) {
		case *ast.MappingNode, *ast.MappingValueNode:
			c := &out[i]
			l.object(item, f, fields{
				"name":        func(n ast.Node, f string) { l.str(n, f, &c.Name) },
				"title":       func(n ast.Node, f string) { l.str(n, f, &c.Title) },
				"description": func(n ast.Node, f string) { l.str(n, f, &c.Description) },
				"tags":        func(n ast.Node, f string) { l.strs(n, f, &c.Tags) },
				"sources":     func(n ast.Node, f string) { l.strs(n, f, &c.Sources) },
				"include":     func(n ast.Node, f string) { l.strs(n, f, &c.Include) },
				"exclude":     func(n ast.Node, f string) { l.strs(n, f, &c.Exclude) },
			})
		case nil:
			if len(l.errs) == before {
				l.errAt(item, f, "empty channel: a channel needs at least a name")
			}
			l.broken[f] = true
		default:
			l.errAt(iv, f, "expected a channel (a mapping with name, title, tags, ...), got %s", describe(iv))
			l.broken[f] = true
		}
	}
	return out
}

// checkChannels checks every channel against the sources and tags the
// config defines, and gives each its default title.
func (l *loader) checkChannels(cfg *Config) {
	sources := make(map[string]bool, len(cfg.Sources))
	for _, s := range cfg.Sources {
		sources[s.Name] = true
	}
	tags := knownTags(cfg)
	first := map[string]int{}
	for i := range cfg.Channels {
		c := &cfg.Channels[i]
		f := channelField(i)
		if l.broken[f] {
			continue
		}
		switch j, dup := first[c.Name]; {
		case c.Name == "":
			l.errField(f+".name", nil, "required: a unique name such as admissions")
		case !namePattern.MatchString(c.Name):
			l.errField(f+".name", nil, "name %q may use only letters, digits, '.', '_' and '-'", c.Name)
		case dup:
			l.errField(f+".name", nil, "duplicate channel name %q (first at line %d)", c.Name, l.at(channelField(j)+".name").line)
		default:
			first[c.Name] = i
		}
		if !l.isSet(f + ".title") {
			c.Title = c.Name
		}
		for j, t := range c.Tags {
			tf := fmt.Sprintf("%s.tags[%d]", f, j)
			if !tags[strings.ToLower(t)] {
				l.errField(tf, nil, "unknown tag %q: no source or tag rule gives it%s", t, suggest(strings.ToLower(t), slices.Sorted(maps.Keys(tags))))
			}
		}
		for j, s := range c.Sources {
			if !sources[s] {
				l.errField(fmt.Sprintf("%s.sources[%d]", f, j), nil, "unknown source %q%s", s, suggest(s, slices.Sorted(maps.Keys(sources))))
			}
		}
		l.filterPatterns(f+".include", c.Include)
		l.filterPatterns(f+".exclude", c.Exclude)
	}
}

// knownTags are the tags the config can give an item, lower-cased as ?tag=
// compares them: every source's plain tags and the tags of every rule.
func knownTags(cfg *Config) map[string]bool {
	tags := map[string]bool{}
	for _, r := range cfg.Tags {
		tags[strings.ToLower(r.Tag)] = true
	}
	for _, s := range cfg.Sources {
		for _, t := range s.Tags {
			tags[strings.ToLower(t)] = true
		}
		for _, r := range s.TagRules {
			tags[strings.ToLower(r.Tag)] = true
		}
	}
	return tags
}
