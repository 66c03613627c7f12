package junk

import (
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

// The built-in rules read a block's key, its text folded (see fold). Most
// blocks are article text that no rule takes; what the rules need to know
// to rule them out is counted from the text in one pass, and the key is
// folded only for the blocks still in doubt.

// foldStats are what the built-in rules look at in a block's key before
// they need the key itself, read from the text without folding all of it.
type foldStats struct {
	chromeCounts
	first rune // the key's first rune, -1 for none
	lead  rune // its first rune that is not decoration, -1 for none
	last  rune // its last rune, -1 for none
}

// foldStatsOf returns the foldStats of fold(s).
func foldStatsOf(s string) foldStats { return foldStatsUpTo(s, false) }

// leadOf returns the first and lead runes of fold(s), the rest of its
// foldStats left unset: all the rules read of a block longer than
// maxChrome, and most of an article's text is in such blocks.
func leadOf(s string) foldStats { return foldStatsUpTo(s, true) }

// foldStatsUpTo is foldStatsOf, which with leadOnly stops at the lead.
func foldStatsUpTo(s string, leadOnly bool) foldStats {
	st := foldStats{first: -1, lead: -1, last: -1}
	lastRead := rune(-1) // the rune last is folded from
	for i := 0; i < len(s); {
		if chars.CJK3(s, i) {
			// An ideograph is neither space nor decoration; only where
			// the rules look at it does it need folding.
			r := chars.Decode3(s, i)
			if st.lead < 0 {
				st.lead = foldRune(r)
				if st.first < 0 {
					st.first = st.lead
				}
				if leadOnly {
					return st
				}
			}
			lastRead = r
			st.zi = st.zi || r == '字' // no traditional character folds to it
			st.plain++
			st.trimmed++
			i += 3
			continue
		}
		r, size := chars.Next(s, i)
		i += size
		if chars.IsSpace(r) || chars.IsSpaceLike(r) || chars.IsZeroWidth(r) {
			continue
		}
		lastRead = r // an invalid byte is read as utf8.RuneError, as fold writes it
		f := foldRune(r)
		if st.first < 0 {
			st.first = f
		}
		if isDecoration(f) {
			if st.lead >= 0 {
				st.trimmed++
			}
			continue
		}
		if st.lead < 0 {
			st.lead = f
			if leadOnly {
				return st
			}
		}
		st.plain++
		st.trimmed++
	}
	if lastRead >= 0 {
		st.last = foldRune(lastRead)
	}
	return st
}

// chromeLine reports the lines that are page furniture wherever they
// stand: toolbars, bylines, breadcrumbs and English blog chrome. The rules
// read the block's key (see fold); the stats (see foldStatsOf) rule most
// lines out before it is folded.
func (b *block) chromeLine() bool {
	st := b.stats
	c := st.chromeCounts
	switch {
	case c.mayBeToolbar() && (c.zi || toolbarStarts.has(st.lead)) && toolbar(b.keyOf(), c):
	case c.trimmed <= maxByline && bylineStarts.has(st.lead) && byline(b.keyOf(), c.trimmed):
	case c.trimmed <= 100 && crumbStarts.has(st.lead) && breadcrumb(b.keyOf(), c.trimmed):
	case (st.first == 'l' || st.first == 'c' || st.first == 't') && isEnglishChrome(b.keyOf()):
	default:
		return false
	}
	return true
}

// toolbarStarts are the runes a toolbar starts with, decoration aside:
// the first runes of the toolbar words and the digits of their counts. A
// toolbar that starts otherwise holds a font-size bar, and so a "字".
var toolbarStarts = func() *runeSet {
	m := newRuneSet('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')
	for _, words := range [][]string{strongToolbarWords, weakToolbarWords} {
		for _, w := range words {
			r, _ := utf8.DecodeRuneInString(w)
			m.add(r)
		}
	}
	return m
}()

// marker reports whether the block is a trailing-block heading (see
// matchMarker).
func (b *block) marker() bool {
	// Every marker starts with one of markerStarts, decoration aside.
	return markerStarts.has(b.stats.lead) && matchMarker(b.keyOf())
}

// crumbStarts are the runes breadcrumbs start with, decoration aside.
var crumbStarts = func() *runeSet {
	m := newRuneSet()
	for _, w := range positionWords {
		r, _ := utf8.DecodeRuneInString(w)
		m.add(r)
	}
	for w := range homeWords {
		r, _ := utf8.DecodeRuneInString(w)
		m.add(r)
	}
	return m
}()

// chromeCounts are what the chrome rules count in a line, counted once.
type chromeCounts struct {
	plain   int  // runes neither space nor decoration
	trimmed int  // runes not space, after the decoration the line starts with
	zi      bool // a "字", which font-size bars have
}

// mayBeToolbar reports whether a line so counted may be a toolbar: a
// longer line is none, nor one of more than 60 runes without a "字" (a
// font-size bar's).
func (c chromeCounts) mayBeToolbar() bool {
	return c.plain > 0 && c.plain <= 120 && (c.plain <= 60 || c.zi)
}

// countChrome counts what the chrome rules count in a key.
func countChrome(key string) chromeCounts {
	var c chromeCounts
	lead := true // in the decoration the line starts with
	for i := 0; i < len(key); {
		if chars.CJK3(key, i) { // the common case: an ideograph
			c.zi = c.zi || chars.Decode3(key, i) == '字'
			c.plain++
			c.trimmed++
			lead = false
			i += 3
			continue
		}
		r, size := chars.Next(key, i)
		i += size
		dec := isDecoration(r)
		lead = lead && dec
		if chars.IsSpace(r) {
			continue
		}
		if !dec {
			c.plain++
		}
		if !lead {
			c.trimmed++
		}
	}
	return c
}

// markerStarts are the first runes of the trailing markers.
var markerStarts = func() *runeSet {
	m := newRuneSet()
	for _, mk := range trailingMarkers {
		r, _ := utf8.DecodeRuneInString(mk.word)
		m.add(r)
	}
	return m
}()
