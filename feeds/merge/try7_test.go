package merge

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"testing"
	"unicode"
)

type wf struct {
	h uint64
	w int
}

func featsWW(text string, w, dw int) []wf {
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
	m := map[uint64]int{}
	for i := 0; i+n <= len(toks); i++ {
		h := hashTokens(toks[i : i+n])
		wt := 1
		if strings.IndexFunc(strings.Join(toks[i:i+n], ""), unicode.IsDigit) >= 0 {
			wt = dw
		}
		m[h] = wt
	}
	var out []wf
	for h, w := range m {
		out = append(out, wf{h, w})
	}
	return out
}

func wsim(fs []wf) uint64 {
	var v [64]int
	for _, f := range fs {
		for i := range 64 {
			v[i] += (int(f.h>>i&1)*2 - 1) * f.w
		}
	}
	var fp uint64
	for i, c := range v {
		if c > 0 {
			fp |= 1 << i
		}
	}
	return fp
}

func TestTry7(t *testing.T) {
	ps := loadPairs(t)
	for _, dw := range []int{1, 2, 3, 4} {
		for _, w := range []int{0, 104, 120, 136} {
			var dup, dis []int
			tp := 0
			var close []string
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
				fa, fb := featsWW(ca, w, dw), featsWW(cb, w, dw)
				d := -1
				if len(fa) >= minShingles && len(fb) >= minShingles {
					d = bits.OnesCount64(wsim(fa) ^ wsim(fb))
					if p.Duplicate {
						dup = append(dup, d)
					} else {
						dis = append(dis, d)
						if d <= 12 {
							close = append(close, fmt.Sprintf("%s:%d", p.ID, d))
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
			fmt.Printf("dw=%d w=%d tp=%d close %v\n  dup: %s\n  dis: %s\n", dw, w, tp, close, histogram(dup), histogram(dis))
		}
	}
}
