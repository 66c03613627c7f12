package filter

import (
	"fmt"
	"slices"
	"strings"

	"github.com/edufeed/edufeed/feeds"
)

// Selection is what a channel of the config picks out of the items the
// outputs show. Every part that is not empty must pass: Sources and Tags
// each ask for one of their values, Include and Exclude are patterns as in
// Rules, matched the same way.
type Selection struct {
	Sources, Tags    []string
	Include, Exclude []string
}

// Selector is a compiled Selection. It is safe for concurrent use. A nil
// *Selector selects every item.
type Selector struct {
	sources map[string]bool
	tags    []string // lower-cased
	rules   ruleSet
	lits    *literalIndex
}

// NewSelector compiles sel. An error names the pattern.
func NewSelector(sel Selection) (*Selector, error) {
	rs, err := compileRules(Rules{Include: sel.Include, Exclude: sel.Exclude})
	if err != nil {
		return nil, err
	}
	s := &Selector{rules: rs, lits: newLiteralIndex()}
	if len(sel.Sources) > 0 {
		s.sources = make(map[string]bool, len(sel.Sources))
		for _, name := range sel.Sources {
			s.sources[name] = true
		}
	}
	for _, t := range sel.Tags {
		if err := checkTag(t); err != nil {
			return nil, fmt.Errorf("selection: %w", err)
		}
		s.tags = append(s.tags, strings.ToLower(t))
	}
	s.rules.index(s.lits)
	s.lits.build()
	return s, nil
}

// Selects reports whether item it, which the outputs show with tags (as
// Filter.Tags gives them), belongs to the selection. Tags compare ignoring
// case, as ?tag= does.
func (s *Selector) Selects(it *feeds.Item, tags []string) bool {
	if s == nil {
		return true
	}
	if s.sources != nil && !slices.ContainsFunc(carriers(it), func(name string) bool { return s.sources[name] }) {
		return false
	}
	if s.tags != nil && !slices.ContainsFunc(tags, func(t string) bool { return slices.Contains(s.tags, strings.ToLower(t)) }) {
		return false
	}
	if s.rules.include == nil && s.rules.exclude == nil {
		return true
	}
	return s.rules.pass(&subject{it: it, index: s.lits})
}
