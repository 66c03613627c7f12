package merge

import (
	"math/bits"
	"slices"
	"unicode"
	"unicode/utf8"
)

// MaxDistance is the largest Fingerprint distance at which two texts are
// treated as the same story. It is at most 3, so that the store's lookup by
// four 16-bit bands finds every match (two fingerprints within 3 bits agree
// on at least one band). Measured on testdata/pairs.json: see TestPairs and
// TestFingerprintDistances.
const MaxDistance = 3

// minShingles is the fewest distinct shingles a text needs for a
// fingerprint: shorter texts (a one-line summary) collide by chance.
const minShingles = 40

// Fingerprint returns a 64-bit simhash of an article's text, or 0 when the
// text is too short to judge. text may be HTML: tags, scripts and styles
// are dropped and entities decoded, as are byline and toolbar lines. The
// text is NFKC-folded and lower-cased, and punctuation and spaces dropped.
// Its features are shingles of consecutive tokens, where a token is a CJK
// character or a word of other letters and digits: three tokens (character
// trigrams) for mostly CJK text, where words are not written apart, and two
// (word bigrams) otherwise. Each distinct shingle counts once, hashed with
// 64-bit FNV-1a and a final mix. A real hash of 0 is returned as 1.
func Fingerprint(text string) uint64 {
	toks := tokens(storyBlocks(text))
	n := 2
	if cjkShare(toks) >= 0.5 {
		n = 3
	}
	hs := shingleHashes(toks, n)
	if len(hs) < minShingles {
		return 0
	}
	var v [64]int
	for _, h := range hs {
		for i := range 64 {
			v[i] += int(h>>i&1)*2 - 1
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
// letters, digits and marks; everything else separates tokens and is lost.
func tokens(blocks []string) []string {
	var toks []string
	for _, b := range blocks {
		start := -1
		for i, r := range b {
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
		if start >= 0 {
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

// shingleHashes hashes every run of n consecutive tokens and returns the
// distinct hashes, sorted.
func shingleHashes(toks []string, n int) []uint64 {
	if len(toks) < n {
		return nil
	}
	hs := make([]uint64, 0, len(toks)-n+1)
	for i := 0; i+n <= len(toks); i++ {
		hs = append(hs, hashTokens(toks[i:i+n]))
	}
	slices.Sort(hs)
	return slices.Compact(hs)
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
