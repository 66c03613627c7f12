package article

import "math/bits"

// wordSet finds which of a list of words a text holds in one pass over it,
// where hasAny makes a pass per word. The rules ask it of most elements'
// text, and most of that text is Chinese, whose lead bytes make
// strings.Contains stop at nearly every character.
type wordSet struct {
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
		w.byFirst[s[0]] = append(w.byFirst[s[0]], uint8(i))
	}
	return w
}

// in reports whether s holds any of the words: hasAny(s, words).
func (w *wordSet) in(s string) bool {
	for i := 0; i < len(s); i++ {
		for _, k := range w.byFirst[s[i]] {
			if x := w.words[k]; len(s)-i >= len(x) && s[i:i+len(x)] == x {
				return true
			}
		}
	}
	return false
}

// count is how many of the words s holds, each counted once.
func (w *wordSet) count(s string) int {
	var seen uint64
	for i := 0; i < len(s); i++ {
		for _, k := range w.byFirst[s[i]] {
			if x := w.words[k]; len(s)-i >= len(x) && s[i:i+len(x)] == x {
				seen |= 1 << k
			}
		}
	}
	return bits.OnesCount64(seen)
}
