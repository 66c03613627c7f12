package junk

import (
	"testing"
	"unicode/utf8"
)

// TestRuneSets holds the rune sets the rules read a block's first rune in
// to the words they are built from, for every rune and for -1 (no text).
func TestRuneSets(t *testing.T) {
	want := func(words ...string) map[rune]bool {
		m := map[rune]bool{}
		for _, w := range words {
			r, _ := utf8.DecodeRuneInString(w)
			m[r] = true
		}
		return m
	}
	var markers []string
	for _, mk := range trailingMarkers {
		markers = append(markers, mk.word)
	}
	var crumbs []string
	crumbs = append(crumbs, positionWords...)
	for w := range homeWords {
		crumbs = append(crumbs, w)
	}
	for _, tc := range []struct {
		name string
		set  *runeSet
		want map[rune]bool
	}{
		{"bylineStarts", bylineStarts, want(append([]string{"p", "u", "l"}, bylineWords...)...)},
		{"crumbStarts", crumbStarts, want(crumbs...)},
		{"markerStarts", markerStarts, want(markers...)},
		{"toolbarStarts", toolbarStarts, want(append(append([]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"},
			strongToolbarWords...), weakToolbarWords...)...)},
	} {
		if len(tc.want) < 3 {
			t.Fatalf("%s: %d runes, want the words' first runes", tc.name, len(tc.want))
		}
		for r := rune(-1); r <= utf8.MaxRune; r++ {
			if got := tc.set.has(r); got != tc.want[r] {
				t.Fatalf("%s.has(%U) = %v, want %v", tc.name, r, got, tc.want[r])
			}
		}
	}
	// foldRune skips the traditional table for the runes it folds to ASCII.
	for r := range traditional {
		if r < utf8.RuneSelf {
			t.Errorf("traditional has the ASCII key %q", r)
		}
	}
}
