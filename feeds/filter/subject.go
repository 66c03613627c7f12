package filter

import "github.com/edufeed/edufeed/feeds"

// subject is an item as the patterns see it; each part is made when first
// needed, and at most once.
type subject struct {
	it    *feeds.Item
	index *literalIndex
	// raw is rawText; text is matchText, what regexps see; folded is
	// what literals are looked for in; found tells, by id, which literals
	// of the index occur in folded.
	raw, text, folded          string
	found                      []bool
	hasRaw, hasText, hasFolded bool
}

func (f *Filter) subject(it *feeds.Item) *subject {
	s := &subject{it: it}
	if f != nil {
		s.index = f.lits
	}
	return s
}

func (s *subject) rawText() string {
	if !s.hasRaw {
		s.raw, s.hasRaw = rawText(s.it), true
	}
	return s.raw
}

func (s *subject) matchText() string {
	if !s.hasText {
		s.text, s.hasText = plainSpaces(s.rawText()), true
	}
	return s.text
}

func (s *subject) foldedText() string {
	if !s.hasFolded {
		s.folded, s.hasFolded = foldString(s.rawText()), true
	}
	return s.folded
}

// foundAny reports whether any of the literals ids occurs in the text.
func (s *subject) foundAny(ids []int) bool {
	if len(ids) == 0 {
		return false
	}
	if s.found == nil {
		s.found = s.index.find(s.foldedText())
	}
	for _, id := range ids {
		if s.found[id] {
			return true
		}
	}
	return false
}
