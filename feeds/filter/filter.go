// Package filter decides which stored items the outputs show and which tags
// they carry, from include, exclude and tag rules of the config. It is applied
// when items are read, not when they are stored, so that a config reload
// changes every output at once and an item hidden by a filter comes back when
// the filter goes.
//
// A pattern is a Go RE2 regular expression matched case-insensitively
// against an item's title and the plain text of its content (or its summary
// when it has no content); a plain keyword such as 高考 is a valid pattern.
package filter

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/edufeed/edufeed/feeds"
)

// Rules are include, exclude and tag rules as the config writes them.
type Rules struct {
	// Include, when not empty, lets through only items matching one of them.
	Include []string
	// Exclude keeps out items matching one of them; it wins over Include.
	Exclude []string
	// Tags add tags to the items they match.
	Tags []TagRule
}

// TagRule adds Tag to the items that Match matches.
type TagRule struct {
	Match, Tag string
}

// SourceRules are what the config says about one source's items.
type SourceRules struct {
	// Tags are the source's plain tags: every item it carries has them.
	Tags  []string
	Rules Rules
}

// Filter holds compiled rules. It is safe for concurrent use. A nil *Filter
// shows every item with its stored tags.
type Filter struct {
	global  ruleSet
	sources map[string]*sourceSet
	// lits finds the literals of every pattern in an item's folded text.
	lits *literalIndex
	// filters and tagRules say whether any include/exclude or tag rule
	// exists, so that an item needs no text when none does.
	filters, tagRules bool
}

type ruleSet struct {
	include, exclude *matcher // nil when empty
	tags             []tagMatcher
}

// tagMatcher holds the patterns of every rule that adds tag, combined.
type tagMatcher struct {
	tag string
	m   *matcher
}

type sourceSet struct {
	tags  []string
	rules ruleSet
}

// New compiles the global rules and those of each source, keyed by source
// name. An error names the source and the pattern.
func New(global Rules, sources map[string]SourceRules) (*Filter, error) {
	f := &Filter{sources: make(map[string]*sourceSet, len(sources))}
	var err error
	if f.global, err = compileRules(global); err != nil {
		return nil, fmt.Errorf("global %w", err)
	}
	f.note(&f.global)
	for _, name := range slices.Sorted(maps.Keys(sources)) {
		sr := sources[name]
		rs, err := compileRules(sr.Rules)
		if err != nil {
			return nil, fmt.Errorf("source %q: %w", name, err)
		}
		for _, tag := range sr.Tags {
			if err := checkTag(tag); err != nil {
				return nil, fmt.Errorf("source %q: %w", name, err)
			}
		}
		f.note(&rs)
		if len(sr.Tags) == 0 && rs.empty() {
			// Most sources: one shared set, not 64 bytes each.
			f.sources[name] = &noRules
			continue
		}
		f.sources[name] = &sourceSet{tags: slices.Clone(sr.Tags), rules: rs}
	}
	f.lits = newLiteralIndex()
	f.global.index(f.lits)
	for _, ss := range f.sources {
		ss.rules.index(f.lits)
	}
	f.lits.build()
	return f, nil
}

// noRules is the set of every source without tags or rules of its own.
var noRules sourceSet

// empty reports whether rs has no rules at all.
func (rs *ruleSet) empty() bool {
	return rs.include == nil && rs.exclude == nil && len(rs.tags) == 0
}

// index registers the literals of every pattern of rs with x.
func (rs *ruleSet) index(x *literalIndex) {
	rs.include.index(x)
	rs.exclude.index(x)
	for _, tm := range rs.tags {
		tm.m.index(x)
	}
}

// note records which kinds of rules rs has.
func (f *Filter) note(rs *ruleSet) {
	f.filters = f.filters || rs.include != nil || rs.exclude != nil
	f.tagRules = f.tagRules || len(rs.tags) > 0
}

func compileRules(r Rules) (ruleSet, error) {
	var rs ruleSet
	var err error
	if rs.include, err = compileList(r.Include); err != nil {
		return rs, fmt.Errorf("include: %w", err)
	}
	if rs.exclude, err = compileList(r.Exclude); err != nil {
		return rs, fmt.Errorf("exclude: %w", err)
	}
	// Rules that add the same tag are one list: the first match is enough.
	var order []string
	byTag := map[string][]string{}
	for i, tr := range r.Tags {
		if err := checkTag(tr.Tag); err != nil {
			return rs, fmt.Errorf("tag rule %d: %w", i+1, err)
		}
		if _, ok := byTag[tr.Tag]; !ok {
			order = append(order, tr.Tag)
		}
		byTag[tr.Tag] = append(byTag[tr.Tag], tr.Match)
	}
	for _, tag := range order {
		m, err := compileList(byTag[tag])
		if err != nil {
			return rs, fmt.Errorf("tag %q: %w", tag, err)
		}
		rs.tags = append(rs.tags, tagMatcher{tag, m})
	}
	return rs, nil
}

// checkTag refuses tags that cannot travel in ?tag= or a comma-separated list.
func checkTag(tag string) error {
	if tag == "" || strings.ContainsFunc(tag, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		return fmt.Errorf("tag %q must be non-empty, without spaces or commas", tag)
	}
	return nil
}

// Empty reports whether there are no include, exclude or tag rules. Show
// then looks only at which sources carry an item, and Tags reads no text:
// it only gives each item the plain tags its sources have now.
func (f *Filter) Empty() bool {
	return f == nil || !f.filters && !f.tagRules
}

// Show reports whether the outputs show item it. At least one source that
// carries it (it.Sources, or it.Source when that is empty) must be
// configured, and it must pass the global rules and the rules of at least
// one configured source that carries it. Passing a list means matching one
// of its include patterns, if it has any, and none of its exclude patterns.
//
// The items of a source removed from the config thus leave the outputs,
// unless a configured source carries the story too; they stay stored until
// retention prunes them, so adding the source back shows them again. A
// disabled source is still configured: its items stay shown. An item that
// names no source passes the source rules. A nil *Filter shows every item.
func (f *Filter) Show(it *feeds.Item) bool {
	return f.show(f.subject(it))
}

// Tags returns the tags the outputs give item it, sorted and without
// repeats (nil for none): the plain tags of every configured source
// carrying it, as the config says now, and the tag of every global rule and
// every rule of those sources that matches it. The tags stored with an item
// (its sources' plain tags when it was stored) are used only when no source
// carrying it is configured any more, or the item names no source.
func (f *Filter) Tags(it *feeds.Item) []string {
	return f.tags(f.subject(it))
}

// KnownTags returns every tag the config can give an item, sorted: the
// plain tags of every configured source and the tags of every global and
// source tag rule. A tag outside it can only come from an item no
// configured source carries, which the outputs do not show.
func (f *Filter) KnownTags() []string {
	if f == nil {
		return nil
	}
	var out []string
	add := func(rs *ruleSet) {
		for _, tm := range rs.tags {
			out = append(out, tm.tag)
		}
	}
	add(&f.global)
	for _, ss := range f.sources {
		out = append(out, ss.tags...)
		add(&ss.rules)
	}
	return sortedSet(out)
}

// Apply is Show and Tags together, reading the item's text at most once.
func (f *Filter) Apply(it *feeds.Item) (show bool, tags []string) {
	s := f.subject(it)
	return f.show(s), f.tags(s)
}

// carriers are the names of the sources carrying it.
func carriers(it *feeds.Item) []string {
	if len(it.Sources) > 0 {
		return it.Sources
	}
	if it.Source != "" {
		return []string{it.Source}
	}
	return nil
}

func (f *Filter) show(s *subject) bool {
	if f == nil {
		return true
	}
	names := carriers(s.it)
	if len(names) == 0 {
		return !f.filters || f.global.pass(s)
	}
	// Configured carriers that pass without looking at the text first.
	configured, free := false, false
	for _, name := range names {
		if ss, ok := f.sources[name]; ok {
			configured = true
			free = free || ss.rules.include == nil && ss.rules.exclude == nil
		}
	}
	if !configured {
		return false
	}
	if !f.filters {
		return true
	}
	if !f.global.pass(s) {
		return false
	}
	if free {
		return true
	}
	for _, name := range names {
		if ss, ok := f.sources[name]; ok && ss.rules.pass(s) {
			return true
		}
	}
	return false
}

// pass reports whether s passes the include and exclude lists of rs.
func (rs *ruleSet) pass(s *subject) bool {
	if rs.exclude.match(s) {
		return false
	}
	return rs.include == nil || rs.include.match(s)
}

func (f *Filter) tags(s *subject) []string {
	it := s.it
	if f == nil {
		return sortedSet(slices.Clone(it.Tags))
	}
	var out []string
	names := carriers(it)
	stale := true
	for _, name := range names {
		if ss, ok := f.sources[name]; ok {
			out = append(out, ss.tags...)
			stale = false
		}
	}
	if stale {
		out = append(out, it.Tags...)
	}
	if f.tagRules {
		out = f.global.addTags(out, s)
		for _, name := range names {
			if ss, ok := f.sources[name]; ok {
				out = ss.rules.addTags(out, s)
			}
		}
	}
	return sortedSet(out)
}

// addTags appends to tags those of rs's rules that match s and tags lacks.
func (rs *ruleSet) addTags(tags []string, s *subject) []string {
	for _, tm := range rs.tags {
		if !slices.Contains(tags, tm.tag) && tm.m.match(s) {
			tags = append(tags, tm.tag)
		}
	}
	return tags
}

// sortedSet sorts tags and drops repeats; nil when there are none.
func sortedSet(tags []string) []string {
	if len(tags) == 0 {
		return nil
	}
	slices.Sort(tags)
	return slices.Compact(tags)
}
