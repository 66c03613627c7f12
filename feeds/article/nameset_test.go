package article

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestNameSets holds the survey's name sets, which rule names out by
// their first byte and length before they ask a map, to the known
// containers' keys: every key's name is in its sign's set, and random
// names (the keys' names cut, grown and changed among them) are in a set
// exactly when their key is known.
func TestNameSets(t *testing.T) {
	sets := map[byte]*nameSet{'.': classNames, '#': idNames, '[': attrNames}
	names := []string{"h1", "h2", "h3", "div", "span", "font", "hr"}
	for _, k := range knownKeys {
		if k[0] != '.' && k[0] != '#' && k[0] != '[' {
			names = append(names, k)
			if !indexedTags.has(k) {
				t.Errorf("tag %q is not in the tag set", k)
			}
		}
		if set, ok := sets[k[0]]; ok {
			names = append(names, k[1:])
			if !set.has(k[1:]) {
				t.Errorf("%q is not in its set", k)
			}
		}
	}
	if len(names) < 20 {
		t.Fatalf("%d names, want the known containers'", len(names))
	}
	rng := rand.New(rand.NewPCG(16, 2))
	known := map[string]bool{}
	for _, k := range knownKeys {
		known[k] = true
	}
	for range 200000 {
		name := names[rng.IntN(len(names))]
		switch rng.IntN(5) {
		case 0:
			name = name[:rng.IntN(len(name)+1)]
		case 1:
			name += names[rng.IntN(len(names))][:1]
		case 2:
			name = strings.ToUpper(name[:1]) + name[1:]
		case 3:
			name = strings.Repeat(name, 1+rng.IntN(8)) // past 64 bytes too
		}
		if got, want := indexedTags.has(name), known[name] || name == "h1" || name == "h2" || name == "h3"; got != want {
			t.Fatalf("tag set has %q = %v, want %v", name, got, want)
		}
		for sign, set := range sets {
			if got, want := set.has(name), known[string(sign)+name]; got != want {
				t.Fatalf("%c set has %q = %v, want %v", sign, name, got, want)
			}
		}
	}
}

// TestMayName holds the survey's guard to what it guards: a class token
// it passes over is, in lower case, no title token and no author or
// source class, on the words themselves and on random tokens made of
// their letters, others, and characters whose lower case is ASCII (İ, K).
func TestMayName(t *testing.T) {
	words := slices.Concat(authorClasses, sourceClasses, []string{"title", "biaoti", "bt", "tit", "ttl", "News_Title"})
	parts := append([]string{"T", "L", "S", "İ", "K", "ſ", "-", "_", "x", "b", "i", "a", "o", "Q", "9", "é", "标题"}, words...)
	for _, w := range words {
		parts = append(parts, w[:1], w[1:], strings.ToUpper(w))
	}
	rng := rand.New(rand.NewPCG(16, 7))
	checked := 0
	for i := range 300000 {
		tok := randomLine(rng, parts, 5)
		if i < len(words) {
			tok = words[i]
		}
		l := strings.ToLower(tok)
		named := titleToken(l) || slices.Contains(authorClasses, l) || slices.Contains(sourceClasses, l)
		if named && !mayName(tok) {
			t.Fatalf("mayName(%q) = false, but %q names a title, author or source", tok, l)
		}
		if !mayName(tok) {
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no token was passed over: the guard was not tried")
	}
}
