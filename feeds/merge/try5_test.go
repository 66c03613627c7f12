package merge

import (
	"fmt"
	"math/bits"
	"slices"
	"testing"
)

func featsW(text string, w int) []uint64 {
	toks := tokens(storyBlocks(text))
	n := 2
	if cjkShare(toks) >= 0.5 {
		n = 3
	} else {
		w = w / 2
	}
	if w > 0 && len(toks) > w {
		toks = toks[:w]
	}
	return shingleHashes(toks, n)
}

func TestTry5(t *testing.T) {
	ps := loadPairs(t)
	for _, alg := range []string{"sim"} {
		for _, w := range []int{104, 112, 120, 128, 136, 144} {
			var dup, dis []int
			tp := 0
			var missed []string
			for _, p := range ps {
				ta, tb := p.A.item(), p.B.item()
				ka, kb := KeysOf(ta), KeysOf(tb)
				ca, cb := ta.Content, tb.Content
				if ca == "" {
					ca = ta.Summary
				}
				if cb == "" {
					cb = tb.Summary
				}
				fa, fb := featsW(ca, w), featsW(cb, w)
				var d int = -1
				if len(fa) >= minShingles && len(fb) >= minShingles {
					var x, y uint64
					if alg == "sim" {
						x, y = simhashOf(fa), simhashOf(fb)
					} else {
						x, y = minhashOf(fa), minhashOf(fb)
					}
					d = bits.OnesCount64(x ^ y)
					if p.Duplicate {
						dup = append(dup, d)
					} else {
						dis = append(dis, d)
						if d <= 8 {
							missed = append(missed, fmt.Sprintf("%s:%d", p.ID, d))
						}
					}
				}
				same := (ka.Link != "" && ka.Link == kb.Link) || (ka.Title != "" && ka.Title == kb.Title && p.A.Published.Sub(p.B.Published).Abs() <= TitleWindow) || (d >= 0 && d <= 3)
				if same && p.Duplicate {
					tp++
				}
			}
			slices.Sort(dup)
			slices.Sort(dis)
			fmt.Printf("%s w=%d tp=%d close distinct %v\n  dup: %s\n  dis: %s\n", alg, w, tp, missed, histogram(dup), histogram(dis))
		}
	}
}
