package merge

import (
	"sync"
	"unicode/utf8"
)

//go:generate go run gen_tschars.go

// Traditional and simplified Chinese copies of one story are one story, so
// the merge keys fold traditional characters to simplified ones with
// OpenCC's character table (tschars.go). The fold is one character at a
// time, as OpenCC's first pass is: its phrase tables (乾隆 stays 乾)
// would matter for reading, not for a key, since both copies fold alike.

// tsTable is the character table made ready for lookups.
type tsTable struct {
	// han has a bit for each rune of the CJK unified ideographs block
	// (U+4E00 to U+9FFF), the bulk of Chinese text, that folds; most runes
	// are simplified already and cost only this test.
	han [(0x9fff - 0x4e00 + 64) / 64]uint64
	to  map[rune]rune
}

// simplified is the table, built on first use (about 4,100 characters).
var simplified = sync.OnceValue(func() *tsTable {
	t := &tsTable{to: make(map[rune]rune, utf8.RuneCountInString(tsPairs)/2)}
	for s := tsPairs; s != ""; {
		trad, n := utf8.DecodeRuneInString(s)
		simp, m := utf8.DecodeRuneInString(s[n:])
		s = s[n+m:]
		t.to[trad] = simp
		if isHan(trad) {
			i := trad - 0x4e00
			t.han[i/64] |= 1 << (i % 64)
		}
	}
	return t
})

// fold is the simplified form of r, if r is a traditional character.
func (t *tsTable) fold(r rune) (rune, bool) {
	if isHan(r) {
		i := r - 0x4e00
		if t.han[i/64]&(1<<(i%64)) == 0 {
			return 0, false
		}
	} else if r < 0x3400 {
		return 0, false // below the ideographs: no Chinese character
	}
	s, ok := t.to[r]
	return s, ok
}

// foldTraditional is s with its traditional characters made simplified;
// bytes that are not UTF-8 stay as they are.
func foldTraditional(s string) string {
	t := simplified()
	var b []byte
	copied := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if f, ok := t.fold(r); ok && size > 1 {
			if b == nil {
				b = make([]byte, 0, len(s)+8)
			}
			b = append(b, s[copied:i]...)
			b = utf8.AppendRune(b, f)
			copied = i + size
		}
		i += size
	}
	if b == nil {
		return s
	}
	return string(append(b, s[copied:]...))
}
