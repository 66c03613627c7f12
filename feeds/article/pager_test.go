package article

import (
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestPageNumber holds pageNumber to the pattern it stands for on random
// names of the bytes that matter to it: '_', digits, line breaks, letters
// and other runes.
func TestPageNumber(t *testing.T) {
	pattern := regexp.MustCompile(`^(.*?)_(\d{1,2})$`)
	pieces := []string{"_", "0", "1", "7", "9", "a", "t2024", "\n", "页", "\xff", ".", "_1", "_12", "_123"}
	rng := rand.New(rand.NewPCG(16, 3))
	names := []string{"", "_", "_1", "a_2", "t20240723_123_1", "a_99", "a_100", "a\n_1", "a_\n1", "a_1\n", "__1"}
	for range 300000 {
		var sb strings.Builder
		for range rng.IntN(6) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		names = append(names, sb.String())
	}
	for _, name := range names {
		stem, k, ok := pageNumber(name)
		m := pattern.FindStringSubmatch(name)
		if ok != (m != nil) {
			t.Fatalf("pageNumber(%q) ok = %v, the pattern matches: %v", name, ok, m != nil)
		}
		if !ok {
			continue
		}
		if want, _ := strconv.Atoi(m[2]); stem != m[1] || k != want {
			t.Fatalf("pageNumber(%q) = %q, %d; the pattern gives %q, %d", name, stem, k, m[1], want)
		}
	}
}
