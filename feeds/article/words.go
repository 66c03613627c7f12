package article

import "math/bits"

// wordSet finds which of a list of words a text holds in one pass over it,
// where hasAny makes a pass per word. The rules ask it of most elements'
// text, and most of that text is Chinese, whose lead bytes make
// strings.Contains stop at nearly every character.
type wordSet struct {
	// pairs has a bit for each words' first two bytes, so that most
	// characters are passed over with one test.
	pairs [1 << 16 / 64]uint64
	// byFirst holds each word's index in the list under its first byte.
	byFirst [256][]uint8
	words   []string
}

func newWordSet(words ...string) *wordSet {
	if len(words) > 64 {
		panic("wordSet: more than 64 words")
	}
	w := &wordSet{words: words}
	for i, s := range words {
		if len(s) < 2 {
			panic("wordSet: a word of one byte")
		}
		w.byFirst[s[0]] = append(w.byFirst[s[0]], uint8(i))
		p := uint16(s[0])<<8 | uint16(s[1])
		w.pairs[p/64] |= 1 << (p % 64)
	}
	return w
}

// at reports whether one of the words starts at s[i].
func (w *wordSet) at(s string, i int) bool {
	if i+1 >= len(s) {
		return false
	}
	c := s[i]
	if p := uint16(c)<<8 | uint16(s[i+1]); w.pairs[p/64]&(1<<(p%64)) == 0 {
		return false
	}
	for _, k := range w.byFirst[c] {
		if x := w.words[k]; len(s)-i >= len(x) && s[i:i+len(x)] == x {
			return true
		}
	}
	return false
}

// found is the set of the words (bit i for word i) that s holds; with
// first, it stops at the first one found.
func (w *wordSet) found(s string, first bool) uint64 {
	var seen uint64
	for i := 0; i+1 < len(s); {
		c := s[i]
		if p := uint16(c)<<8 | uint16(s[i+1]); w.pairs[p/64]&(1<<(p%64)) != 0 {
			for _, k := range w.byFirst[c] {
				if x := w.words[k]; len(s)-i >= len(x) && s[i:i+len(x)] == x {
					seen |= 1 << k
					if first {
						return seen
					}
				}
			}
		}
		// A word starts with a whole character, never with a continuation
		// byte, so a three-byte character is passed over whole.
		if c >= 0xe0 && c < 0xf0 && i+2 < len(s) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 {
			i += 3
		} else {
			i++
		}
	}
	return seen
}

// in reports whether s holds any of the words: hasAny(s, words).
func (w *wordSet) in(s string) bool { return w.found(s, true) != 0 }

// count is how many of the words s holds, each counted once.
func (w *wordSet) count(s string) int { return bits.OnesCount64(w.found(s, false)) }
