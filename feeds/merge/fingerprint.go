package merge

import (
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// MaxDistance is the largest Fingerprint distance at which two texts are
// taken for one story. The store finds candidates by four 16-bit bands,
// which is complete only up to 3 (two fingerprints within 3 bits agree on
// at least one band). On testdata/pairs.json 36 of 37 fingerprinted
// duplicates lie at distance 0 (one with a rewritten lead at 11) and
// distinct stories at 15 or more: see TestFingerprintDistances.
const MaxDistance = 3

// Fingerprint parameters, chosen by measurement on testdata/pairs.json.
const (
	// minShingles is the fewest distinct shingles a text needs for a
	// fingerprint: shorter texts (a one-line summary) collide by chance.
	minShingles = 40
	// leadTokens is how much of the text is fingerprinted: the first 120
	// CJK characters, or the first 60 words of other text.
	leadTokens = 120
	// digitWeight is how much more a shingle with a digit counts: dates,
	// counts and amounts are what template siblings (this year's notice
	// and last year's, two cities' recruitment notices) differ by.
	digitWeight = 3
)

// Fingerprint returns a 64-bit simhash of the lead of an article, or 0 when
// the text is too short to judge (never 0 otherwise).
//
// text is plain text with a block a line, as clean.Item leaves it in
// feeds.Item.Text: clean has already dropped markup, captions, bylines and
// toolbars. Salutations and a leading dateline, which differ between
// copies of one story, are dropped here (see storyBlocks). The text is
// NFKC-folded and lower-cased, and split into tokens: CJK
// characters, and words of other letters and digits; punctuation and spaces
// are dropped.
//
// Only the lead is used (see leadTokens): copies of a story differ most at
// the end (credits, "read more", cut paragraphs), and many feeds carry only
// a summary, which is the lead. Whole-text fingerprints missed every such
// pair in testdata/pairs.json.
//
// Features are shingles: three consecutive tokens (character trigrams) for
// mostly CJK text, where words are not written apart, two (word bigrams)
// otherwise. Each distinct shingle counts once (digitWeight times if it has
// a digit), hashed with 64-bit FNV-1a and a final mix.
func Fingerprint(text string) uint64 {
	var (
		s   = story{maxTokens: leadTokens}
		arr [1024]byte
	)
	buf := s.read(arr[:0], text)
	toks := s.tokens()
	n := 3
	if cjkShare(toks) < 0.5 {
		n = 2
		toks = toks[:min(len(toks), leadTokens/2)]
	}
	var (
		hashes [leadTokens + 1]uint64
		sh     shingleSet
	)
	for i, h := range shingleHashes(hashes[:0], buf, toks, n) {
		digit := false
		for _, t := range toks[i : i+n] {
			digit = digit || t.digit
		}
		sh.add(h, digit)
	}
	if sh.n < minShingles {
		return 0
	}
	fp := sh.simhash()
	if fp == 0 {
		return 1
	}
	return fp
}

// Distance is the number of bits in which two fingerprints differ.
func Distance(a, b uint64) int {
	return bits.OnesCount64(a ^ b)
}

// token is one token of a story's buf: a CJK character, or a word of
// other letters, digits and marks.
type token struct {
	start, end int32
	cjk, digit bool
}

// tokenize splits the story line that starts at buf[start] into tokens,
// up to maxTokens in all; everything but CJK characters and words of
// letters, digits and marks separates tokens and is lost. Tokens do not
// run from one line into the next.
func (s *story) tokenize(buf []byte, start int) {
	line := buf[start:]
	word, digit := -1, false
	flush := func(end int) {
		if word >= 0 {
			s.addToken(token{start: int32(start + word), end: int32(start + end), digit: digit})
			word, digit = -1, false
		}
	}
	for i := 0; i < len(line); {
		if s.ntoks >= s.maxTokens {
			return
		}
		c := line[i]
		if i+2 < len(line) && isHan3(c, line[i+1], line[i+2]) {
			flush(i)
			s.addToken(token{start: int32(start + i), end: int32(start + i + 3), cjk: true})
			i += 3
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(line[i:])
		}
		switch {
		case isCJK(r):
			flush(i)
			// No CJK character is a digit (see TestCJKNoDigit).
			s.addToken(token{start: int32(start + i), end: int32(start + i + size), cjk: true})
		case isWordRune(r):
			if word < 0 {
				word = i
			}
			digit = digit || isDigit(r)
		default:
			flush(i)
		}
		i += size
	}
	if s.ntoks < s.maxTokens {
		flush(len(line))
	}
}

// isWordRune reports whether r belongs in a word: a letter, digit or mark.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

func cjkShare(toks []token) float64 {
	if len(toks) == 0 {
		return 0
	}
	n := 0
	for _, t := range toks {
		if t.cjk {
			n++
		}
	}
	return float64(n) / float64(len(toks))
}

// shingleSet holds the distinct shingles of a text, each counted once
// (digitWeight times if it has a digit), as per-bit sums for simhash.
type shingleSet struct {
	// seen is an open-addressed set of shingle hashes, 0 meaning empty
	// (hasZero stands for the hash 0). Its size is a power of two, and
	// a lead has fewer than leadTokens shingles: it stays under half full.
	seen      [256]uint64
	hasZero   bool
	n         int // distinct shingles
	withDigit int // of which have a digit
	// plain[k] and digits[k] count, in eight 8-bit lanes, the shingles
	// without and with a digit that have bits 8k..8k+7 set: fewer than
	// leadTokens each, within a lane.
	plain, digits [8]uint64
}

// add counts the shingle with hash h if it is new; digit says whether it
// has a digit.
func (sh *shingleSet) add(h uint64, digit bool) {
	if !sh.insert(h) {
		return
	}
	sh.n++
	lanes := &sh.plain
	if digit {
		lanes = &sh.digits
		sh.withDigit++
	}
	for k := range lanes {
		lanes[k] += byteLanes[byte(h>>(8*k))]
	}
}

// insert adds h to the set and reports whether it was new.
func (sh *shingleSet) insert(h uint64) bool {
	if h == 0 {
		added := !sh.hasZero
		sh.hasZero = true
		return added
	}
	mask := uint64(len(sh.seen) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch sh.seen[i] {
		case h:
			return false
		case 0:
			sh.seen[i] = h
			return true
		}
	}
}

// simhash sets each bit that more weight of shingles has set than clear.
func (sh *shingleSet) simhash() uint64 {
	total := sh.n - sh.withDigit + digitWeight*sh.withDigit
	var fp uint64
	for k := range 8 {
		for j := range 8 {
			set := int(sh.plain[k]>>(8*j)&0xff) + digitWeight*int(sh.digits[k]>>(8*j)&0xff)
			if 2*set > total {
				fp |= 1 << (8*k + j)
			}
		}
	}
	return fp
}

// byteLanes spreads the eight bits of a byte over eight 8-bit lanes.
var byteLanes = func() (t [256]uint64) {
	for x := range t {
		for j := range 8 {
			t[x] |= uint64(x>>j&1) << (8 * j)
		}
	}
	return t
}()

// shingleHashes appends to hs the hash of every run of n tokens of buf,
// in order: FNV-1a over the tokens, each followed by a unit separator,
// then the MurmurHash3 finaliser (FNV's high bits mix poorly on short
// inputs, and simhash needs every bit independent).
func shingleHashes(hs []uint64, buf []byte, toks []token, n int) []uint64 {
	if len(toks) < n {
		return hs
	}
	// A shingle's FNV state after its first token depends on that token
	// alone: work it out once for each token, and for each shingle go
	// on from there.
	var first [leadTokens + 1]uint64
	for i, t := range toks[:len(toks)-n+1] {
		first[i] = fnvToken(fnvOffset, buf[t.start:t.end])
	}
	// Two shingles at a time: their chains of multiplications are
	// independent, and side by side they overlap in the CPU.
	last := len(toks) - n
	i := 0
	for ; i+1 <= last; i += 2 {
		h0, h1 := first[i], first[i+1]
		for k := 1; k < n; k++ {
			t0, t1 := toks[i+k], toks[i+1+k]
			h0 = fnvToken(h0, buf[t0.start:t0.end])
			h1 = fnvToken(h1, buf[t1.start:t1.end])
		}
		hs = append(hs, mix(h0), mix(h1))
	}
	if i == last {
		h := first[i]
		for _, t := range toks[i+1 : i+n] {
			h = fnvToken(h, buf[t.start:t.end])
		}
		hs = append(hs, mix(h))
	}
	return hs
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fnvToken goes on from FNV-1a state h over the bytes of a token and a
// unit separator.
func fnvToken(h uint64, b []byte) uint64 {
	if len(b) == 3 { // a CJK character, mostly
		h = (h ^ uint64(b[0])) * fnvPrime
		h = (h ^ uint64(b[1])) * fnvPrime
		h = (h ^ uint64(b[2])) * fnvPrime
	} else {
		for _, c := range b {
			h = (h ^ uint64(c)) * fnvPrime
		}
	}
	return (h ^ 0x1f) * fnvPrime
}

// mix is the MurmurHash3 64-bit finaliser.
func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9f53fe63e49
	h ^= h >> 33
	return h
}
