package merge

import (
	"math/bits"
	"slices"
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
// text may be HTML: tags, scripts and styles are dropped and entities
// decoded, as are byline, toolbar and salutation lines and a leading
// dateline, which differ between copies of one story (see storyBlocks). The
// text is NFKC-folded and lower-cased, and split into tokens: CJK
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
	toks := tokens(storyBlocks(text), leadTokens)
	n := 3
	if cjkShare(toks) < 0.5 {
		n = 2
		toks = toks[:min(len(toks), leadTokens/2)]
	}
	fs := shingles(toks, n)
	if len(fs) < minShingles {
		return 0
	}
	var v [64]int
	for _, f := range fs {
		for i := range 64 {
			if f.hash>>i&1 == 1 {
				v[i] += f.weight
			} else {
				v[i] -= f.weight
			}
		}
	}
	var fp uint64
	for i, c := range v {
		if c > 0 {
			fp |= 1 << i
		}
	}
	if fp == 0 {
		return 1
	}
	return fp
}

// Distance is the number of bits in which two fingerprints differ.
func Distance(a, b uint64) int {
	return bits.OnesCount64(a ^ b)
}

// tokens splits normalised blocks into CJK characters and words of other
// letters, digits and marks, up to max tokens; everything else separates
// tokens and is lost.
func tokens(blocks []string, max int) []string {
	var toks []string
	for _, b := range blocks {
		start := -1
		for i, r := range b {
			if len(toks) >= max {
				return toks
			}
			switch {
			case isCJK(r):
				if start >= 0 {
					toks = append(toks, b[start:i])
					start = -1
				}
				toks = append(toks, b[i:i+utf8.RuneLen(r)])
			case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
				if start < 0 {
					start = i
				}
			default:
				if start >= 0 {
					toks = append(toks, b[start:i])
					start = -1
				}
			}
		}
		if start >= 0 && len(toks) < max {
			toks = append(toks, b[start:])
		}
	}
	return toks
}

func cjkShare(toks []string) float64 {
	if len(toks) == 0 {
		return 0
	}
	n := 0
	for _, t := range toks {
		if r, _ := utf8.DecodeRuneInString(t); isCJK(r) {
			n++
		}
	}
	return float64(n) / float64(len(toks))
}

// feature is one distinct shingle: its hash and how much it counts.
type feature struct {
	hash   uint64
	weight int
}

// shingles hashes every run of n consecutive tokens and returns the
// distinct ones, sorted by hash.
func shingles(toks []string, n int) []feature {
	if len(toks) < n {
		return nil
	}
	digits := make([]bool, len(toks))
	for i, t := range toks {
		digits[i] = hasDigit(t)
	}
	fs := make([]feature, 0, len(toks)-n+1)
	for i := 0; i+n <= len(toks); i++ {
		w := 1
		if slices.Contains(digits[i:i+n], true) {
			w = digitWeight
		}
		fs = append(fs, feature{hash: hashTokens(toks[i : i+n]), weight: w})
	}
	slices.SortFunc(fs, func(a, b feature) int {
		switch {
		case a.hash < b.hash:
			return -1
		case a.hash > b.hash:
			return 1
		}
		return 0
	})
	return slices.CompactFunc(fs, func(a, b feature) bool { return a.hash == b.hash })
}

// hashTokens is FNV-1a over the tokens, each followed by a unit separator,
// then the MurmurHash3 finaliser: FNV's high bits mix poorly on short
// inputs, and simhash needs every bit independent.
func hashTokens(toks []string) uint64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	for _, t := range toks {
		for i := 0; i < len(t); i++ {
			h ^= uint64(t[i])
			h *= prime
		}
		h ^= 0x1f
		h *= prime
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9f53fe63e49
	h ^= h >> 33
	return h
}
