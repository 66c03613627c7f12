package clean

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds/sanitise"
)

// The text helpers have quick paths for the common case (Chinese text that
// needs no change). These tests hold each to the plain version it
// replaced, kept here as the reference.

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
	s := sanitise.Defuse(refJoinLines(text))
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
		if got := flatten(s); got != refFlatten(s) {
			t.Errorf("flatten(%q) = %q, want %q", s, got, refFlatten(s))
		}
		max %= 300
		if got, want := Summary(s, max), refSummary(s, max); got != want {
			t.Errorf("Summary(%q, %d) = %q, want %q", s, max, got, want)
		}
	})
}
