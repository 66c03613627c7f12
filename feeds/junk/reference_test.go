package junk

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds/internal/chars"
	"github.com/edufeed/edufeed/feeds/sanitise"
)

// The rules have quick paths for the common case (Chinese text that needs
// no change). These tests hold each to the plain version it replaced, kept
// here as the reference.

func refFold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || chars.IsSpaceLike(r) {
			space = b.Len() > 0
			continue
		}
		if chars.IsZeroWidth(r) {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		switch {
		case r >= '！' && r <= '～':
			r -= '！' - '!'
		case r == '﹕' || r == '∶':
			r = ':'
		}
		if t, ok := traditional[r]; ok {
			r = t
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// refCountRunes counts the runes that are not space, plainly.
func refCountRunes(s string) int { return utf8.RuneCountInString(strings.Join(strings.Fields(s), "")) }

func refWithoutDecoration(key string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(decoration, r) {
			return -1
		}
		return r
	}, key)
}

func refIsToolbar(key string) bool {
	s := refWithoutDecoration(key)
	n := refCountRunes(s)
	switch {
	case n == 0:
		return false
	case n <= 120 && (strings.Contains(s, "字体") || strings.Contains(s, "字号")) && fontBar.MatchString(s):
		return true
	case n > 60:
		return false
	case strings.HasPrefix(s, "分享到") || strings.HasPrefix(s, "分享至"):
		return n <= 40
	}
	return onlyToolbarWords(s)
}

func refTrimmed(key string) string {
	return squeeze(strings.TrimLeftFunc(key, func(r rune) bool { return strings.ContainsRune(decoration, r) }))
}

func refIsByline(key string) bool {
	s := refTrimmed(key)
	if refCountRunes(s) > maxByline {
		return false
	}
	for _, w := range bylineWords {
		if rest, ok := strings.CutPrefix(s, w); ok && strings.HasPrefix(rest, ":") {
			return true
		}
	}
	return false
}

func refIsBreadcrumb(key string) bool {
	s := refTrimmed(key)
	if refCountRunes(s) > 100 {
		return false
	}
	for _, w := range positionWords {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	if !startsWithHome(s) {
		return false
	}
	parts := crumbSplit.Split(s, -1)
	if len(parts) < 2 || !homeWords[trimDecoration(parts[0])] {
		return false
	}
	for _, p := range parts[1:] {
		if refCountRunes(p) > 20 {
			return false
		}
	}
	return true
}

func refChromeLine(key string) bool {
	return refIsToolbar(key) || refIsByline(key) || refIsBreadcrumb(key) || englishChrome.MatchString(key)
}

func refMatchMarker(key string) bool {
	s := strings.TrimLeftFunc(key, isDecoration)
	for _, m := range trailingMarkers {
		rest, ok := cutWord(s, m.word)
		if !ok {
			continue
		}
		if trimDecoration(rest) == "" || moreLink(rest) {
			return true
		}
		sep, size := utf8.DecodeRuneInString(rest)
		if !strings.ContainsRune(markerSeparators, sep) {
			continue
		}
		if m.english && sep != ':' && !m.spaced {
			continue
		}
		if tailFits(trimDecoration(rest[size:]), m.tail) {
			return true
		}
	}
	return false
}

// refStats reads the foldStats of a key from the key.
func refStats(key string) foldStats {
	st := foldStats{chromeCounts: countChrome(key), first: -1, lead: -1, last: -1}
	if key != "" {
		st.first, _ = utf8.DecodeRuneInString(key)
		st.last, _ = utf8.DecodeLastRuneInString(key)
	}
	if s := strings.TrimLeftFunc(key, isDecoration); s != "" {
		st.lead, _ = utf8.DecodeRuneInString(s)
	}
	return st
}

// TestRuneClasses checks the quick rune tests of the rules on every rune.
func TestRuneClasses(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isDecoration(r) != strings.ContainsRune(decoration, r) {
			t.Errorf("isDecoration(%U)", r)
		}
		if tr, ok := traditional[r]; isTraditional(r) != ok || tr == '字' {
			t.Errorf("isTraditional(%U)", r) // foldStatsOf takes no "字" for folded
		}
		f := r
		if f >= '！' && f <= '～' {
			f -= '！' - '!'
		} else if f == '﹕' || f == '∶' {
			f = ':'
		}
		if tr, ok := traditional[f]; ok {
			f = tr
		}
		if !unicode.IsSpace(r) && !chars.IsSpaceLike(r) && foldRune(r) != unicode.ToLower(f) {
			t.Errorf("foldRune(%U) = %U", r, foldRune(r))
		}
		if r >= 0x4000 && r <= 0x9fff && isDecoration(r) {
			t.Errorf("%U is decoration, which the three-byte quick paths rule out", r)
		}
	}
}

var ruleSeeds = []string{
	"", " ", "a  b", " 教育部 召开\u3000会议。", "责任编辑：王五", "【打印】【关闭】", "字体：大 中 小", "当前位置：首页 > 新闻",
	"首页 > 新闻中心 > 教育动态", "相关阅读", "【相关新闻】更多>>", "Like Loading...", "the post x appeared first on y",
	"關閉視窗", "ＡＢＣ１２３：", "a\u200bb\u00a0c\u2028d", "\xff\xfe教\xe6\x95", "分享到：微信 微博", "(编辑：李四)",
	"關 閉  視\u200b 窗 ", " \u200b a", "ａ　ｂ \xff 關", "教 \xff\t字号",
}

func FuzzRules(f *testing.F) {
	for _, s := range ruleSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key := refFold(s)
		if got := fold(s); got != key {
			t.Errorf("fold(%q) = %q, want %q", s, got, key)
		}
		if got, want := foldStatsOf(s), refStats(key); got != want {
			t.Errorf("foldStatsOf(%q) = %+v, want %+v", s, got, want)
		}
		// What the rules read of a long block: its first and lead runes.
		if got, want := leadOf(s), refStats(key); got.first != want.first || got.lead != want.lead {
			t.Errorf("leadOf(%q) = %+v, want first and lead of %+v", s, got, want)
		}
		for _, text := range []string{s, key} {
			b := block{Block: sanitise.Block{Text: text}, stats: foldStatsOf(text)}
			if want := refChromeLine(refFold(text)); b.chromeLine() != want {
				t.Errorf("chromeLine of %q = %v, want %v", text, !want, want)
			}
			if want := refMatchMarker(refFold(text)); b.marker() != want {
				t.Errorf("marker of %q = %v, want %v", text, !want, want)
			}
			if long := (block{Block: sanitise.Block{Text: text}, stats: leadOf(text)}); long.marker() != b.marker() {
				t.Errorf("marker of %q read from leadOf = %v", text, long.marker())
			}
		}
	})
}
