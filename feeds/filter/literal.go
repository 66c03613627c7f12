package filter

import (
	"regexp/syntax"
	"slices"
	"strings"
)

// maxLiterals bounds the strings one pattern may stand for and still be
// matched as literals.
const maxLiterals = 64

// analyse reads pattern p as compiled with foldPrefix. When p matches
// nothing but a few fixed strings anywhere in a text, exact holds them
// case-folded (see foldRune): p matches a text if and only if one of them is in
// the folded text. Otherwise need, if not nil, holds folded strings of which
// every match of p contains one: a text whose fold contains none of them
// cannot match, and the regexp need not run.
func analyse(p string) (exact, need []string) {
	re, err := syntax.Parse(foldPrefix+p, syntax.Perl)
	if err != nil {
		return nil, nil
	}
	if lits, ok := literalSet(re); ok && len(lits) > 0 {
		return shortest(lits), nil
	}
	if lits, ok := required(re); ok && !slices.Contains(lits, "") {
		return nil, shortest(lits)
	}
	return nil, nil
}

// literalSet returns the folded strings re matches, if it matches only
// fixed strings, and no more than maxLiterals of them.
func literalSet(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return []string{""}, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase == 0 && slices.ContainsFunc(re.Rune, hasCase) {
			return nil, false // case-sensitive: folding would match more
		}
		return []string{foldRunes(re.Rune)}, true
	case syntax.OpCharClass:
		return classSet(re.Rune)
	case syntax.OpCapture:
		return literalSet(re.Sub[0])
	case syntax.OpQuest:
		sub, ok := literalSet(re.Sub[0])
		if !ok || len(sub) >= maxLiterals {
			return nil, false
		}
		return append(sub, ""), true
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			next, ok := literalSet(sub)
			if !ok || len(out)*len(next) > maxLiterals {
				return nil, false
			}
			var prod []string
			for _, a := range out {
				for _, b := range next {
					prod = append(prod, a+b)
				}
			}
			out = prod
		}
		return out, true
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			next, ok := literalSet(sub)
			if !ok || len(out)+len(next) > maxLiterals {
				return nil, false
			}
			out = append(out, next...)
		}
		return out, true
	}
	return nil, false
}

// classSet returns the folded runes of a character class as strings, when
// the class is small and holds every case of each of its letters (as under
// (?i)); a class such as (?-i)[A] is left to the regexp.
func classSet(ranges []rune) ([]string, bool) {
	runes, ok := classRunes(ranges)
	if !ok {
		return nil, false
	}
	var out []string
	for _, r := range runes {
		for f := next(r); f != r; f = next(f) {
			if !inClass(ranges, f) {
				return nil, false
			}
		}
		out = append(out, string(foldRune(r)))
	}
	return out, true
}

// inClass reports whether r is in the sorted ranges of a character class.
func inClass(ranges []rune, r rune) bool {
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] <= r && r <= ranges[i+1] {
			return true
		}
	}
	return false
}

// shortest sorts lits and drops those that contain another: wherever one
// is found, the one it contains is found too.
func shortest(lits []string) []string {
	slices.Sort(lits)
	lits = slices.Compact(lits)
	var out []string
	for _, a := range lits {
		if !slices.ContainsFunc(lits, func(b string) bool { return len(b) < len(a) && strings.Contains(a, b) }) {
			out = append(out, a)
		}
	}
	return out
}

// required returns folded strings of which every match of re contains one,
// when there are at most maxLiterals of them. Folding drops case, which
// matters only for telling texts apart, not for ruling them out.
func required(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{foldRunes(re.Rune)}, true
	case syntax.OpCharClass:
		runes, ok := classRunes(re.Rune)
		if !ok {
			return nil, false
		}
		out := make([]string, len(runes))
		for i, r := range runes {
			out[i] = string(foldRune(r))
		}
		return out, true
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min < 1 {
			return nil, false
		}
		return required(re.Sub[0])
	case syntax.OpConcat:
		// Every part of a match is needed: take the part whose strings
		// are longest, as they rule out the most texts.
		var best []string
		bestLen := 0
		for _, sub := range re.Sub {
			lits, ok := required(sub)
			if !ok {
				continue
			}
			if n := len(slices.MinFunc(lits, func(a, b string) int { return len(a) - len(b) })); n > bestLen {
				best, bestLen = lits, n
			}
		}
		return best, best != nil
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			lits, ok := required(sub)
			if !ok || len(out)+len(lits) > maxLiterals {
				return nil, false
			}
			out = append(out, lits...)
		}
		return out, true
	}
	return nil, false
}

// classRunes lists the runes of a character class, if it has at most
// maxLiterals of them.
func classRunes(ranges []rune) ([]rune, bool) {
	var runes []rune
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		if hi-lo >= maxLiterals || len(runes)+int(hi-lo+1) > maxLiterals {
			return nil, false
		}
		for r := lo; r <= hi; r++ {
			runes = append(runes, r)
		}
	}
	return runes, true
}
