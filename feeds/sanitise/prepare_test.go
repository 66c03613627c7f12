package sanitise

import (
	"strings"
	"testing"

	"github.com/andybalholm/cascadia"
)

// TestPrepareReadsNormalised holds prepare to reading the tree as
// normalised, although it normalises the tree as it walks it: a chrome
// element is weighed against text counted without the zero-width marks
// normalising drops, both the text the walk has been through and the text
// it has yet to reach, and remove selectors match normalised attributes.
func TestPrepareReadsNormalised(t *testing.T) {
	zw := func(n int) string { return strings.Repeat("\u200b", n) }
	story := strings.Repeat("教", 100)
	removeNBSP, err := cascadia.ParseGroup(`[title="a b"]`)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, in string
		remove   []cascadia.SelectorGroup
		want     string
	}{
		{
			// 120 runes and 120 marks: only 120 count, too few to be the
			// article, so the related block goes.
			name: "chrome padded with marks",
			in:   `<div class="related"><p>` + strings.Repeat("荐", 120) + zw(120) + `</p></div><p>` + story + `</p>`,
			want: story,
		},
		{
			// The wrapper holds 250 of the 350 runes that count: it is the
			// article, whatever the marks in the text after it.
			name: "marks in the text not reached yet",
			in:   `<div class="related"><p>` + strings.Repeat("文", 250) + `</p></div><p>` + story + zw(400) + `</p>`,
			want: strings.Repeat("文", 250) + "\n" + story,
		},
		{
			name: "marks in the text already walked",
			in:   `<p>` + story + zw(400) + `</p><div class="related"><p>` + strings.Repeat("文", 250) + `</p></div>`,
			want: story + "\n" + strings.Repeat("文", 250),
		},
		{
			name:   "remove selector on a normalised attribute",
			in:     `<div title="a&nbsp;b"><p>分享到微博</p></div><p>` + story + `</p>`,
			remove: []cascadia.SelectorGroup{removeNBSP},
			want:   story,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, text := Render(Blocks(tc.in, "https://www.example.edu.cn/", Options{Noise: true, Remove: tc.remove}))
			if text != tc.want {
				t.Errorf("text = %q, want %q", text, tc.want)
			}
		})
	}
}
