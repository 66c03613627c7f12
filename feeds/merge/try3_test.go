package merge

import (
	"math/bits"
	"os"
	"strings"
	"testing"
)

func simhashOf(hs []uint64) uint64 {
	var v [64]int
	for _, h := range hs {
		for i := range 64 {
			v[i] += int(h>>i&1)*2 - 1
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

func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9f53fe63e49
	h ^= h >> 33
	return h
}

func minhashOf(hs []uint64) uint64 {
	var fp uint64
	for i := range 64 {
		seed := mix(uint64(i+1) * 0x9e3779b97f4a7c15)
		best, bh := ^uint64(0), uint64(0)
		for _, h := range hs {
			x := mix(h ^ seed)
			if x < best {
				best, bh = x, h
			}
		}
		fp |= (mix(bh^seed*3) & 1) << i
	}
	return fp
}

func feats(text string, n int) []uint64 {
	toks := tokens(storyBlocks(text))
	return shingleHashes(toks, n)
}

func TestTry3(t *testing.T) {
	a, _ := os.ReadFile("testdata/article.txt")
	b, _ := os.ReadFile("testdata/article2.txt")
	A, B := string(a), string(b)
	paras := strings.Split(strings.TrimSpace(A), "\n")
	variants := []struct{ name, base, text string }{
		{"extra sentence", A, A + "\n会议还对下半年安全稳定工作作了专门部署。"},
		{"extra lead", A, "新华社北京7月23日电 " + A},
		{"drop last para", A, strings.Join(paras[:len(paras)-1], "\n")},
		{"drop first para", A, strings.Join(paras[1:], "\n")},
		{"unrelated", A, B},
		{"b extra sentence", B, B + "\n典礼在雄壮的校歌声中落下帷幕。"},
	}
	for _, n := range []int{2, 3, 4} {
		for _, v := range variants {
			f1, f2 := feats(v.base, n), feats(v.text, n)
			t.Logf("n=%d %-18s sim=%2d min=%2d", n, v.name,
				bits.OnesCount64(simhashOf(f1)^simhashOf(f2)), bits.OnesCount64(minhashOf(f1)^minhashOf(f2)))
		}
	}
}
