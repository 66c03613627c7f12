package clean

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The text helpers have quick paths for the common case (Chinese text that
// needs no change). These tests hold each to the plain version it
// replaced, kept here as the reference.

func refFold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || isSpaceLike(r) {
			space = b.Len() > 0
			continue
		}
		if isZeroWidth(r) {
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

func refCountRunes(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

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

func refFlatten(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r == utf8.RuneError, r == '\ufffe', r == '\uffff', unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func refCollapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\f' || r == '\v' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

func refRunesAreClean(s string) bool {
	for i, r := range s {
		if r == '\r' || isSpaceLike(r) || isZeroWidth(r) || xmlForbidden(r) {
			return false
		}
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		}
	}
	return true
}

func refPlainLines(s string) string {
	var lines []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

func refJoinLines(text string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(strings.ReplaceAll(text, "\r", "\n"), "\n") {
		line = refFlatten(line)
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			first, _ := utf8.DecodeRuneInString(line)
			if !wideEnd(b.String()) || !isWide(first) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(line)
	}
	return b.String()
}

func refSummary(text string, max int) string {
	if max <= 0 {
		max = defaultSummaryRunes
	}
	s := defuse(refJoinLines(text))
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	rs := []rune(s)
	room := max - 1
	if end := sentenceEnd(rs, room); end > 0 {
		return string(rs[:end]) + "…"
	}
	cut := strings.TrimRightFunc(string(rs[:wordEnd(rs, room)]), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",，、:：-–—(（[【《“‘…", r)
	})
	if strings.HasSuffix(cut, "..") {
		cut = strings.TrimRight(cut, ".")
	}
	if cut == "" {
		cut = string(rs[:room])
	}
	return cut + "…"
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

// TestRuneClasses checks the quick rune tests on every rune.
func TestRuneClasses(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isSpace(r) != unicode.IsSpace(r) {
			t.Errorf("isSpace(%U)", r)
		}
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
		if !unicode.IsSpace(r) && !isSpaceLike(r) && foldRune(r) != unicode.ToLower(f) {
			t.Errorf("foldRune(%U) = %U", r, foldRune(r))
		}
		if r >= 0x4000 && r <= 0x9fff {
			// What the three-byte quick paths take for granted.
			if unicode.IsSpace(r) || isSpaceLike(r) || isZeroWidth(r) || xmlForbidden(r) || isDecoration(r) ||
				unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.ToLower(r) != r {
				t.Errorf("%U is not plain", r)
			}
			var b [4]byte
			if n := utf8.EncodeRune(b[:], r); n != 3 || !cjk3(string(b[:n]), 0) || decode3(string(b[:n]), 0) != r {
				t.Errorf("cjk3 misses %U", r)
			}
		}
	}
}

var textSeeds = []string{
	"", " ", "a  b", " 教育部 召开\u3000会议。", "责任编辑：王五", "【打印】【关闭】", "字体：大 中 小", "当前位置：首页 > 新闻",
	"首页 > 新闻中心 > 教育动态", "相关阅读", "【相关新闻】更多>>", "Like Loading...", "the post x appeared first on y",
	"關閉視窗", "ＡＢＣ１２３：", "a\u200bb\u00a0c\u2028d", "\xff\xfe教\xe6\x95", "a\r\nb\rc\n\n d \t", "x\x00y\x7f\u0085z",
	"分享到：微信 微博", "\ufffd\ufeff\u00ad", "(编辑：李四)", "7月23日,教育部召开年中推进会。会上，机关司局作了汇报！",
	strings.Repeat("改革学生本科考试高等教育，", 30), "關 閉  視\u200b 窗 ", " \u200b a", "a \u200b b", "ａ　ｂ \xff 關", "教 \xff\t字号",
}

func FuzzTextHelpers(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s, 12)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		key := refFold(s)
		if got := fold(s); got != key {
			t.Errorf("fold(%q) = %q, want %q", s, got, key)
		}
		if got, want := foldStatsOf(s), refStats(key); got != want {
			t.Errorf("foldStatsOf(%q) = %+v, want %+v", s, got, want)
		}
		for _, text := range []string{s, key} {
			b := block{text: text, stats: foldStatsOf(text)}
			if want := refChromeLine(refFold(text)); b.chromeLine() != want {
				t.Errorf("chromeLine of %q = %v, want %v", text, !want, want)
			}
			if want := refMatchMarker(refFold(text)); b.marker() != want {
				t.Errorf("marker of %q = %v, want %v", text, !want, want)
			}
		}
		for i := 0; i < len(s); i++ {
			r, size := nextRune(s, i)
			if wr, wsize := utf8.DecodeRuneInString(s[i:]); r != wr || size != wsize {
				t.Errorf("nextRune(%q, %d) = %U, %d", s, i, r, size)
			}
		}
		if n := countRunes(s); n != refCountRunes(s) {
			t.Errorf("countRunes(%q) = %d", s, n)
		}
		want := strings.Join(strings.Fields(s), " ")
		if got, n := joinFieldsCount(s); got != want || n != refCountRunes(want) {
			t.Errorf("joinFieldsCount(%q) = %q, %d", s, got, n)
		}
		if got := plainLines(s); got != refPlainLines(s) {
			t.Errorf("plainLines(%q) = %q, want %q", s, got, refPlainLines(s))
		}
		if got := flatten(s); got != refFlatten(s) {
			t.Errorf("flatten(%q) = %q, want %q", s, got, refFlatten(s))
		}
		if got := collapseSpace(s); got != refCollapseSpace(s) {
			t.Errorf("collapseSpace(%q) = %q", s, got)
		}
		if runesAreClean(s) != refRunesAreClean(s) {
			t.Errorf("runesAreClean(%q) = %v", s, runesAreClean(s))
		}
		clean := cleanRunes(s)
		if normalText(s, true) != (clean == s) || normalText(s, false) != (refCollapseSpace(clean) == s) {
			t.Errorf("normalText(%q) = %v, %v", s, normalText(s, true), normalText(s, false))
		}
		max %= 300
		if got, want := Summary(s, max), refSummary(s, max); got != want {
			t.Errorf("Summary(%q, %d) = %q, want %q", s, max, got, want)
		}
	})
}
