package sanitise

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestIsNoiseToken(t *testing.T) {
	for tok, want := range map[string]bool{
		"share": true, "share-buttons": true, "post-footer": true, "social_links": true, "ad": true,
		"ad-slot": true, "top-ads": true, "newsletter-signup": true, "feedflare": true,
		"adult": false, "header": false, "shared-content-x": false, "reading": false, "loaded": false,
		"free-navigation-text": false, "footnote": false, "x-ad-y": false,
	} {
		if got := noiseToken(tok); got != want {
			t.Errorf("noiseToken(%q) = %v, want %v", tok, got, want)
		}
	}
}

// TestNoiseTokenParts holds noiseToken to the split it stands for, on
// random tokens of noise words, other words and separators.
func TestNoiseTokenParts(t *testing.T) {
	split := func(tok string) bool {
		if noiseWords[tok] {
			return true
		}
		parts := strings.FieldsFunc(tok, func(r rune) bool { return r == '-' || r == '_' })
		return len(parts) > 1 && (noiseWords[parts[0]] || noiseWords[parts[len(parts)-1]])
	}
	pieces := []string{"-", "_", "share", "ad", "nav", "header", "x", "广告", "\xff", "footer"}
	rng := rand.New(rand.NewPCG(16, 7))
	for range 300000 {
		var sb strings.Builder
		for range rng.IntN(6) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if tok := sb.String(); noiseToken(tok) != split(tok) {
			t.Fatalf("noiseToken(%q) = %v, the split gives %v", tok, noiseToken(tok), split(tok))
		}
	}
}
