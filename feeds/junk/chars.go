package junk

import (
	"strings"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

// traditionalSet marks, one bit per ideograph, the keys of traditional that
// are ideographs: a bit test instead of a map lookup for each rune fold
// reads.
var traditionalSet = func() *[(chars.CJKLast - chars.CJKFirst + 64) / 64]uint64 {
	var set [(chars.CJKLast - chars.CJKFirst + 64) / 64]uint64
	for r := range traditional {
		if r >= chars.CJKFirst && r <= chars.CJKLast {
			set[(r-chars.CJKFirst)/64] |= 1 << ((r - chars.CJKFirst) % 64)
		}
	}
	return &set
}()

// isTraditional reports whether r is a key of traditional.
func isTraditional(r rune) bool {
	if r >= chars.CJKFirst && r <= chars.CJKLast {
		return traditionalSet[(r-chars.CJKFirst)/64]&(1<<((r-chars.CJKFirst)%64)) != 0
	}
	_, ok := traditional[r]
	return ok
}

// isDecoration reports the runes of decoration. They are ASCII or lie
// below U+3100.
func isDecoration(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		switch r {
		case '[', ']', '(', ')', '<', '>', '*', '-', '_', '=', '|', '/', '\\', '~', '#', '+', ':', ' ', '.':
			return true
		}
		return false
	case r >= 0x3100:
		return false
	}
	return strings.ContainsRune(decoration, r)
}

// runeSet is a set of runes read once per block (the first runes of
// bylines, breadcrumbs and markers): a bit test for the runes up to the
// end of the ideographs, which are nearly all a block starts with, and a
// map for the rest, instead of a map lookup for each.
type runeSet struct {
	bits [chars.CJKLast/64 + 1]uint64
	rest map[rune]bool
}

func newRuneSet(runes ...rune) *runeSet {
	s := &runeSet{rest: map[rune]bool{}}
	for _, r := range runes {
		s.add(r)
	}
	return s
}

func (s *runeSet) add(r rune) {
	if r >= 0 && r <= chars.CJKLast {
		s.bits[r/64] |= 1 << (r % 64)
	} else {
		s.rest[r] = true
	}
}

// has reports whether r is in the set; -1, the lead of a block with no
// text, never is.
func (s *runeSet) has(r rune) bool {
	if r >= 0 && r <= chars.CJKLast {
		return s.bits[r/64]&(1<<(r%64)) != 0
	}
	return s.rest[r]
}
