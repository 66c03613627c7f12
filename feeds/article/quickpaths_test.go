package article

import (
	"math/rand/v2"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/edufeed/edufeed/feeds/urls"
)

// The quick paths of the text around the container and of links, each
// held to what it stands for.

// randomLine joins fewer than most of parts picked at random.
func randomLine(rng *rand.Rand, parts []string, most int) string {
	var sb strings.Builder
	for range rng.IntN(most) {
		sb.WriteString(parts[rng.IntN(len(parts))])
	}
	return sb.String()
}

// refLabelAt is labelAt as it looked at every byte for a colon (what it
// does at a colon is labelBefore).
func refLabelAt(s string, labels []string) int {
	for c := 0; c < len(s); c++ {
		if s[c] != ':' && (s[c] != "："[0] || !strings.HasPrefix(s[c:], "：")) {
			continue
		}
		if at := labelBefore(s, c, labels); at >= 0 {
			return at
		}
	}
	return -1
}

// TestLabelAt holds labelAt, which searches for each kind of colon, to
// the look at every byte, on random lines of labels, both colons, the
// bytes of a full-width colon apart, spaces and text.
func TestLabelAt(t *testing.T) {
	parts := append(append([]string{":", "：", " ", "\n", "\xef", "\xef\xbc", "\xbc\x9a", "，", "教育部", "2025-01-09",
		"来源于", "By", "Source"}, sourceLabel...), authorLabel...)
	rng := rand.New(rand.NewPCG(16, 6))
	found := 0
	for range 300000 {
		s := randomLine(rng, parts, 10)
		for _, labels := range [][]string{sourceLabel, authorLabel} {
			got, want := labelAt(s, labels), refLabelAt(s, labels)
			if got != want {
				t.Fatalf("labelAt(%q) = %d, want %d", s, got, want)
			}
			if got >= 0 {
				found++
			}
		}
	}
	if found < 10000 {
		t.Fatalf("%d labels found, want lines that hold them", found)
	}
}

// TestBeforeQuery holds beforeQuery to strings.IndexAny on random links.
func TestBeforeQuery(t *testing.T) {
	parts := []string{"https://www.example.edu.cn", "/a/b.pdf", "?", "#", "x=1", "&", "附件", "\xff", " ", "?#"}
	rng := rand.New(rand.NewPCG(16, 7))
	for range 100000 {
		s := randomLine(rng, parts, 6)
		want := s
		if i := strings.IndexAny(s, "?#"); i >= 0 {
			want = s[:i]
		}
		if got := beforeQuery(s); got != want {
			t.Fatalf("beforeQuery(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestNextNamesPlain holds nextNames, which writes a plain page URL's next
// pages without net/url, to net/url writing them, on random plain URLs of
// numbered and unnumbered pages.
func TestNextNamesPlain(t *testing.T) {
	parts := []string{"/news", "/2025", "/t20250116_2654321", "_2", "_12", "_a", ".shtml", ".html", "-x", "~y", "/", "index"}
	rng := rand.New(rand.NewPCG(16, 9))
	plain := 0
	for range 50000 {
		page := "https://www.example.edu.cn" + randomLine(rng, parts, 7)
		if !urls.Plain(page) {
			continue
		}
		plain++
		u, err := url.Parse(page)
		if err != nil {
			t.Fatal(err)
		}
		ext := path.Ext(u.Path)
		stem := strings.TrimSuffix(u.Path, ext)
		with := func(p string) string {
			v := *u
			v.Path = p + ext
			return v.String()
		}
		want := []string{with(stem + "_1"), with(stem + "_2")}
		if name, k, ok := pageNumber(path.Base(stem)); ok {
			want = []string{with(strings.TrimSuffix(stem, path.Base(stem)) + name + "_" + strconv.Itoa(k+1))}
		}
		if got := nextNames(page); !slices.Equal(got, want) {
			t.Fatalf("nextNames(%s) = %q, want %q", page, got, want)
		}
	}
	if plain < 10000 {
		t.Fatalf("%d plain URLs, want most", plain)
	}
}

// TestEnglishDateGuards holds the looks isoDates takes before it runs its
// English patterns to the patterns: on random dates and near-dates (each
// part of "on 5 March, 2025" or "March 5th, 2025" left out, doubled or
// changed at random) in random text, where a pattern matches its guard
// holds. (A name spelt with ſ or K, which the patterns' (?i) matches, is
// no key of months and changes nothing.)
func TestEnglishDateGuards(t *testing.T) {
	slots := [][]string{
		{"", "on ", "x", "12", "教育 "},
		{"", "5", "23", "2025"},
		{"", " ", "  ", "\t", "\n", "\u00a0", "-"},
		{"Jan", "march", "MAY", "Sept", "sep", "dec", "foo", ""},
		{"", "ember", "uary", "é", "x1", "ſ", "\u212a"},
		{"", "."},
		{"", ",", " ", "  ", "\u00a0"},
		{"", "1", "23", "x"},
		{"", "th", "st"},
		{"", ",", ", "},
		{"", " ", "\n"},
		{"", "2025", "25", "20251"},
		{"", " the", "教育", "1"},
	}
	rng := rand.New(rand.NewPCG(16, 10))
	matched := [2]int{}
	for range 300000 {
		var sb strings.Builder
		for _, slot := range slots {
			sb.WriteString(slot[rng.IntN(len(slot))])
		}
		s := sb.String()
		if monthFirst.MatchString(s) {
			matched[0]++
			if !monthThenDay(s) {
				t.Fatalf("monthFirst matches %q, monthThenDay says it cannot", s)
			}
		}
		if dayFirst.MatchString(s) {
			matched[1]++
			if !dayThenMonth(s) {
				t.Fatalf("dayFirst matches %q, dayThenMonth says it cannot", s)
			}
		}
	}
	if matched[0] < 2000 || matched[1] < 200 {
		t.Fatalf("matches %v, want many of each pattern", matched)
	}
}

// TestReplaceFrom holds isoDates's month-first and slash patterns, which
// run from where their first match may start, to the patterns run over
// the whole text, on random texts of dates, month names, ſ and K,
// digits, slashes, word and other bytes.
func TestReplaceFrom(t *testing.T) {
	parts := []string{"Jan", "march", "MAY", "sept", "ſep", "ſ", "\u212a", "dec", "x", "_", "5", "23",
		"2025", "/", " ", ", ", ".", "th", "教育", "\u00a0", "-", "March 5, 2025", "ſept 5th 2025",
		"Dec. 23 2025", "5/23/2025", "23/12/2025", "1/2/", "5 March 2025", "23 ſept, 2025", "x23  dec 2025", "7\tMAY 2025"}
	mark := func(m string) string { return "<" + m + ">" }
	rng := rand.New(rand.NewPCG(16, 16))
	matched := 0
	for range 50000 {
		s := randomLine(rng, parts, 14)
		for _, p := range []struct {
			re *regexp.Regexp
			at int
		}{{monthFirst, monthStart(s)}, {slashDate, slashStart(s)}, {dayFirst, dayStart(s)}} {
			want := p.re.ReplaceAllStringFunc(s, mark)
			if got := replaceFrom(p.re, s, p.at, mark); got != want {
				t.Fatalf("%v on %q from %d: %q, want %q", p.re, s, p.at, got, want)
			}
			if want != s {
				matched++
			}
		}
	}
	if matched < 1000 {
		t.Fatalf("%d texts matched, too few to hold anything", matched)
	}
}

// TestCounterStart holds counterLine's guard to its pattern: on random
// keys of the counter words, brackets, colons, digits and text, every key
// the pattern matches passes the guard.
func TestCounterStart(t *testing.T) {
	parts := []string{"浏览", "瀏覽", "点击", "點擊", "阅读", "閱讀", "访问", "次数", "數", "量", "【", "】", "[", "]",
		"(", ")", ":", "：", "12", "0", "浏", "教育", " ", "x"}
	rng := rand.New(rand.NewPCG(16, 20))
	matched := 0
	for range 100000 {
		s := randomLine(rng, parts, 6)
		if counterPattern(s) {
			matched++
			if !counterStart(s) {
				t.Fatalf("counter %q fails the guard", s)
			}
		}
	}
	if matched < 1000 {
		t.Fatalf("%d counters, too few", matched)
	}
}

// TestHasDigit holds hasDigit to strings.ContainsAny on random texts of
// digits, full-width digits, letters and broken characters.
func TestHasDigit(t *testing.T) {
	parts := []string{"0", "9", "５", "a", "/", ":", "年", "\xe5", "\xff", " ", "\x00"}
	rng := rand.New(rand.NewPCG(16, 31))
	for range 50000 {
		s := randomLine(rng, parts, 12)
		if got, want := hasDigit(s), strings.ContainsAny(s, "0123456789"); got != want {
			t.Fatalf("hasDigit(%q) = %v, want %v", s, got, want)
		}
	}
}
