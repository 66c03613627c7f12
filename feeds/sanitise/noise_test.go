package sanitise

import "testing"

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
