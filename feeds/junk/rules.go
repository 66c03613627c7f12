// Package junk cuts page junk from sanitised article blocks: toolbars,
// bylines, breadcrumbs, trailing "related" lists and their markers, link
// tails, and what a source's own rules name. Filter is its entry point; the
// feed cleaner and the article extractor both call it. Pure: no I/O.
package junk

import (
	"fmt"
	"regexp"

	"github.com/andybalholm/cascadia"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/sanitise"
)

// Rules are a source's compiled cleaning rules. A nil *Rules means the
// built-in rules only.
type Rules struct {
	builtin    bool
	cutAfter   []*regexp.Regexp
	drop       []*regexp.Regexp
	remove     []cascadia.SelectorGroup
	titleStrip []*regexp.Regexp
}

// NewRules compiles a source's rules. The error names the rule that does not
// compile, by its config key and position.
func NewRules(r feeds.CleanRules) (*Rules, error) {
	out := &Rules{builtin: r.Builtin}
	var err error
	if out.cutAfter, err = compileAll("cut_after", r.CutAfter); err != nil {
		return nil, err
	}
	if out.drop, err = compileAll("drop", r.Drop); err != nil {
		return nil, err
	}
	if out.titleStrip, err = compileAll("title_strip", r.TitleStrip); err != nil {
		return nil, err
	}
	for i, s := range r.Remove {
		g, err := cascadia.ParseGroup(s)
		if err != nil {
			return nil, fmt.Errorf("clean rules: remove[%d] %q: %w", i, s, err)
		}
		out.remove = append(out.remove, g)
	}
	return out, nil
}

// CheckSelector reports whether sel is a CSS selector the remove rule accepts.
func CheckSelector(sel string) error {
	if _, err := cascadia.ParseGroup(sel); err != nil {
		return fmt.Errorf("css selector %q: %w", sel, err)
	}
	return nil
}

func compileAll(key string, exprs []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for i, s := range exprs {
		re, err := regexp.Compile(s)
		if err != nil {
			return nil, fmt.Errorf("clean rules: %s[%d] %q: %w", key, i, s, err)
		}
		out = append(out, re)
	}
	return out, nil
}

// Builtin reports whether the built-in boilerplate rules apply. They do for a
// nil *Rules, so that callers without per-source rules get the defaults.
func (r *Rules) Builtin() bool { return r == nil || r.builtin }

// TitleStrip returns the source's title patterns, for Title.
func (r *Rules) TitleStrip() []*regexp.Regexp {
	if r == nil {
		return nil
	}
	return r.titleStrip
}

// Options are what sanitise.Blocks must drop for these rules: the remove
// selectors' elements, and, with the built-in rules, page chrome named by
// class or id.
func (r *Rules) Options() sanitise.Options {
	if r == nil {
		return sanitise.Options{Noise: true}
	}
	return sanitise.Options{Remove: r.remove, Noise: r.builtin}
}

// cutAfterAt returns the index of the first block a cut_after rule matches,
// or len(blocks).
func (r *Rules) cutAfterAt(blocks []block) int {
	if r == nil || len(r.cutAfter) == 0 {
		return len(blocks)
	}
	for i, b := range blocks {
		if matchAny(r.cutAfter, b.Text) {
			return i
		}
	}
	return len(blocks)
}

// dropped reports whether a drop rule matches the block.
func (r *Rules) dropped(b block) bool {
	return r != nil && matchAny(r.drop, b.Text)
}

func matchAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}
