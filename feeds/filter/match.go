package filter

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
)

// foldPrefix makes a pattern case-insensitive. A pattern may switch it off
// for a part of itself with (?-i).
const foldPrefix = "(?i)"

// matcher reports whether any of a list of patterns matches an item.
//
// Go's regexp scans a text slowly once alternatives or case folding take
// away its literal prefix, and this runs for every item of every render. So
// most patterns, keywords or alternatives of keywords (高考|招生), become
// literals looked for with strings.Contains in the case-folded text; a
// regexp that needs one of a few strings runs only on texts that have one;
// the other patterns are combined into one regexp, scanned once per list.
type matcher struct {
	lits    []string // folded
	guarded []guarded
	res     []*regexp.Regexp
	litIDs  []int // of lits in the filter's literalIndex
}

// guarded is a regexp that can match only texts whose fold contains one of need.
type guarded struct {
	need    []string
	needIDs []int
	re      *regexp.Regexp
}

// match reports whether any pattern matches s. A nil matcher matches nothing.
func (m *matcher) match(s *subject) bool {
	if m == nil {
		return false
	}
	if s.foundAny(m.litIDs) {
		return true
	}
	for _, g := range m.guarded {
		if s.foundAny(g.needIDs) && g.re.MatchString(s.matchText()) {
			return true
		}
	}
	for _, re := range m.res {
		if re.MatchString(s.matchText()) {
			return true
		}
	}
	return false
}

// index registers the literals of m with x.
func (m *matcher) index(x *literalIndex) {
	if m == nil {
		return
	}
	m.litIDs = addAll(x, m.lits)
	for i := range m.guarded {
		m.guarded[i].needIDs = addAll(x, m.guarded[i].need)
	}
}

func addAll(x *literalIndex, lits []string) []int {
	ids := make([]int, len(lits))
	for i, lit := range lits {
		ids[i] = x.add(lit)
	}
	return ids
}

// compileList compiles patterns into a matcher; nil for no patterns.
func compileList(patterns []string) (*matcher, error) {
	if len(patterns) == 0 {
		return nil, nil
	}
	m := &matcher{}
	var joint []string
	var alone []*regexp.Regexp
	for _, p := range patterns {
		re, err := compileFold(p)
		if err != nil {
			return nil, fmt.Errorf("pattern %q: %w", p, err)
		}
		exact, need := analyse(p)
		switch {
		case exact != nil:
			m.lits = append(m.lits, exact...)
		case need != nil:
			m.guarded = append(m.guarded, guarded{need: need, re: re})
		case strings.Contains(p, `\Q`):
			// A quoted run may end at the end of the pattern without \E,
			// which would swallow what follows it in a combined regexp.
			m.res = append(m.res, re)
		default:
			joint = append(joint, p)
			alone = append(alone, re)
		}
	}
	m.lits = shortest(m.lits)
	if len(joint) < 2 {
		m.res = append(m.res, alone...)
		return m, nil
	}
	// Each pattern compiled alone above, so in a group of its own it means
	// the same: flags such as (?-i) end with the group.
	re, err := regexp.Compile(foldPrefix + "(?:" + strings.Join(joint, ")|(?:") + ")")
	if err != nil {
		// Too large together for RE2's limits: keep them apart.
		m.res = append(m.res, alone...)
		return m, nil
	}
	m.res = append(m.res, re)
	return m, nil
}

// compileFold compiles one pattern case-insensitively. An empty pattern is
// refused: it would match every item. An error quotes the pattern as
// written, without the prefix its author never wrote.
func compileFold(p string) (*regexp.Regexp, error) {
	if p == "" {
		return nil, errEmptyPattern
	}
	re, err := regexp.Compile(foldPrefix + p)
	var se *syntax.Error
	if errors.As(err, &se) {
		return nil, &syntax.Error{Code: se.Code, Expr: strings.TrimPrefix(se.Expr, foldPrefix)}
	}
	return re, err
}

var errEmptyPattern = errors.New("empty pattern would match everything")
