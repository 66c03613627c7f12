package merge

// The fingerprint as it was before the allocation-free rewrite, and the
// parts of TitleKey and CanonicalLink that were made faster, kept to hold
// the new code to the same output on any text: stored keys must not
// change. Only the regexps, the word lists and notStory are shared.

import (
	"html"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func refFingerprint(text string) uint64 {
	toks := refTokens(refStoryBlocks(text), leadTokens)
	n := 3
	if refCJKShare(toks) < 0.5 {
		n = 2
		toks = toks[:min(len(toks), leadTokens/2)]
	}
	fs := refShingles(toks, n)
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

func refTokens(blocks []string, max int) []string {
	var toks []string
	for _, b := range blocks {
		start := -1
		for i, r := range b {
			if len(toks) >= max {
				return toks
			}
			switch {
			case refIsCJK(r):
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

func refCJKShare(toks []string) float64 {
	if len(toks) == 0 {
		return 0
	}
	n := 0
	for _, t := range toks {
		if r, _ := utf8.DecodeRuneInString(t); refIsCJK(r) {
			n++
		}
	}
	return float64(n) / float64(len(toks))
}

type refFeature struct {
	hash   uint64
	weight int
}

func refShingles(toks []string, n int) []refFeature {
	if len(toks) < n {
		return nil
	}
	digits := make([]bool, len(toks))
	for i, t := range toks {
		digits[i] = hasDigit(t)
	}
	fs := make([]refFeature, 0, len(toks)-n+1)
	for i := 0; i+n <= len(toks); i++ {
		w := 1
		if slices.Contains(digits[i:i+n], true) {
			w = digitWeight
		}
		fs = append(fs, refFeature{hash: refHashTokens(toks[i : i+n]), weight: w})
	}
	slices.SortFunc(fs, func(a, b refFeature) int {
		switch {
		case a.hash < b.hash:
			return -1
		case a.hash > b.hash:
			return 1
		}
		return 0
	})
	return slices.CompactFunc(fs, func(a, b refFeature) bool { return a.hash == b.hash })
}

func refHashTokens(toks []string) uint64 {
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

func refStoryBlocks(text string) []string {
	raw := strings.Split(text, "\n")
	var blocks []string
	kept := 0
	for _, b := range raw {
		if kept >= leadBytes {
			break
		}
		for line := range strings.SplitSeq(b, "\n") {
			line = foldTraditional(norm.NFKC.String(strings.TrimSpace(line)))
			if len(blocks) == 0 {
				line = refTrimDateline(line)
			}
			if strings.Contains(line, ")") { // every credit ends in one; skip the regexp otherwise
				line = trailingCredit.ReplaceAllString(line, "")
			}
			line = strings.ToLower(line)
			if line != "" && !notStory(line) {
				blocks = append(blocks, line)
				kept += len(line)
			}
		}
	}
	return blocks
}

func refTrimDateline(line string) string {
	if loc := cnDateline.FindStringIndex(line); loc != nil && loc[1] < len(line) {
		return line[loc[1]:]
	}
	if loc := enDateline.FindStringIndex(line); loc != nil && loc[1] < len(line) {
		return line[loc[1]:]
	}
	return line
}

func refIsCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func refNormTitle(s string) string {
	for range 2 {
		if !strings.Contains(s, "&") {
			break
		}
		s = html.UnescapeString(s)
	}
	if strings.Contains(s, "<") {
		s = tagInTitle.ReplaceAllString(s, " ")
	}
	s = strings.ToLower(foldTraditional(norm.NFKC.String(s)))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func refKeyChars(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func refCutLabel(t string) string {
	for _, b := range labelBrackets {
		if rest, ok := strings.CutPrefix(t, b[0]); ok {
			if word, after, ok := strings.Cut(rest, b[1]); ok && isChannelWord(word) {
				return after
			}
		}
		if rest, ok := strings.CutSuffix(t, b[1]); ok {
			if i := strings.LastIndex(rest, b[0]); i >= 0 && isChannelWord(rest[i+len(b[0]):]) {
				return rest[:i]
			}
		}
	}
	for _, w := range channelWords {
		rest, ok := strings.CutPrefix(t, w)
		if !ok {
			continue
		}
		rest = strings.TrimLeft(rest, " ")
		for _, sep := range []string{":", "|", "丨", "!"} {
			if after, ok := strings.CutPrefix(rest, sep); ok {
				return after
			}
		}
	}
	return t
}

func refOnlyGenericWords(t string) bool {
	generic := true
	eachRun(t, func(run string, cjk bool) {
		if !generic {
			return
		}
		switch {
		case cjk:
			for _, w := range genericWords {
				run = strings.ReplaceAll(run, w, "")
			}
			generic = allIn(run, dateRunes)
		case strings.IndexFunc(run, unicode.IsLetter) >= 0:
			generic = genericLatin[run]
		}
	})
	return generic
}

func refCanonicalPath(p string) string {
	if i := indexFoldASCII(p, ";jsessionid="); i >= 0 {
		p = p[:i]
	}
	if p != "" {
		// path.Clean also folds "//": servers read those as one slash.
		p = path.Clean("/" + p)
	}
	for changed := true; changed; {
		changed = false
		if s := strings.TrimRight(p, "/"); s != p {
			p, changed = s, true
		}
		dir, file := path.Split(p)
		for _, ix := range indexPages {
			if strings.EqualFold(file, ix) {
				p, changed = dir, true
				break
			}
		}
	}
	return (&url.URL{Path: p}).EscapedPath()
}
