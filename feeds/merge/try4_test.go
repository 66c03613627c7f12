package merge

import (
	"fmt"
	"math/bits"
	"slices"
	"testing"
)

func featsN(text string, n int) []uint64 {
	toks := tokens(storyBlocks(text))
	if n == 0 {
		n = 2
		if cjkShare(toks) >= 0.5 {
			n = 3
		}
	}
	return shingleHashes(toks, n)
}

func TestTry4(t *testing.T) {
	ps := loadPairs(t)
	for _, alg := range []string{"sim", "min"} {
		for _, n := range []int{0, 1, 2, 3, 4, 5} {
			var dup, dis []int
			tp := 0
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
				fa, fb := featsN(ca, n), featsN(cb, n)
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
					}
				}
				same := (ka.Link != "" && ka.Link == kb.Link) || (ka.Title != "" && ka.Title == kb.Title && p.A.Published.Sub(p.B.Published).Abs() <= TitleWindow) || (d >= 0 && d <= 3)
				if same && p.Duplicate {
					tp++
				}
			}
			slices.Sort(dup)
			slices.Sort(dis)
			fmt.Printf("%s n=%d tp=%d\n  dup: %s\n  dis: %s\n", alg, n, tp, histogram(dup), histogram(dis))
		}
	}
}
