package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds/sanitise"
)

// defaultSummaryRunes is the summary length when the caller gives none.
const defaultSummaryRunes = 200

// Summary cuts plain text to at most max runes (200 when max <= 0), the
// "…" it appends when it cuts included, so that a summary of a summary is
// the same summary. It cuts after a sentence end (。！？.!?；;) if one lies
// in the last 40% of the room, else at a space when that would split a
// Latin word, else exactly at the limit. Whitespace is normalised first;
// lines are joined with a space, or with nothing between Chinese text. A
// "<" that would open a tag gets a space after it (see defuse), because
// RSS readers take a description for HTML.
func Summary(text string, max int) string {
	if max <= 0 {
		max = defaultSummaryRunes
	}
	// The cut looks at the first max+1 runes at most; joining two runes
	// more than that and defusing gives them as they are in the whole.
	s, n := joinLines(text, max+2)
	if strings.IndexByte(s, '<') >= 0 {
		s = sanitise.Defuse(s)
		n = utf8.RuneCountInString(s)
	}
	if n <= max {
		return s
	}
	rs := make([]rune, 0, max+1)
	for _, r := range s {
		if len(rs) > max {
			break
		}
		rs = append(rs, r)
	}
	// s is valid UTF-8 (flatten saw to it): its first k runes are
	// s[:prefixLen(rs[:k])].
	room := max - 1 // for the ellipsis
	if end := sentenceEnd(rs, room); end > 0 {
		return s[:prefixLen(rs[:end])] + "…"
	}
	// Mid-sentence: no dangling comma, opening bracket or ellipsis before
	// the one we add.
	cut := strings.TrimRightFunc(s[:prefixLen(rs[:wordEnd(rs, room)])], func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",，、:：-–—(（[【《“‘…", r)
	})
	if strings.HasSuffix(cut, "..") {
		cut = strings.TrimRight(cut, ".")
	}
	if cut == "" { // nothing but punctuation before the limit
		cut = s[:prefixLen(rs[:room])]
	}
	return cut + "…"
}

// prefixLen is how many bytes of UTF-8 the runes take.
func prefixLen(rs []rune) int {
	n := 0
	for _, r := range rs {
		n += utf8.RuneLen(r)
	}
	return n
}

// joinLines makes one line of text, without the space a line break would
// leave between two Chinese characters. It stops after the line that
// brings it to enough runes: what it returns starts every longer join. n
// counts the runes of what it returns.
func joinLines(text string, enough int) (joined string, n int) {
	var b strings.Builder
	b.Grow(min(len(text), 4*enough+8))
	for line := range strings.SplitSeq(text, "\n") {
		if strings.Contains(line, "\r") {
			// "\r" ends a line too, as "\n" does.
			for l := range strings.SplitSeq(line, "\r") {
				n += joinLine(&b, l)
			}
		} else {
			n += joinLine(&b, line)
		}
		if n >= enough {
			break
		}
	}
	return b.String(), n
}

// joinLine adds a line to b and returns how many runes it added.
func joinLine(b *strings.Builder, line string) int {
	n, ok := flatCount(line)
	if !ok {
		line = flatten(line)
		n = utf8.RuneCountInString(line)
	}
	if line == "" {
		return 0
	}
	if b.Len() > 0 {
		first, _ := utf8.DecodeRuneInString(line)
		if !wideEnd(b.String()) || !isWide(first) {
			b.WriteByte(' ')
			n++
		}
	}
	b.WriteString(line)
	return n
}

// sentenceEnd returns the rune index just after the last sentence end in
// rs[:room] that lies in the last 40% of it, closing quotes included; 0 if
// there is none.
func sentenceEnd(rs []rune, room int) int {
	for i := room - 1; i >= room*6/10 && i >= 0; i-- {
		if !endsSentence(rs, i) {
			continue
		}
		end := i + 1
		for end < room && strings.ContainsRune(`"'”’」』）)`, rs[end]) {
			end++
		}
		return end
	}
	return 0
}

// endsSentence reports whether rs[i] ends a sentence. A Latin full stop,
// "!" or "?" must be followed by a space or the end, which tells "3.5" and
// "edufeed.org" from a sentence end.
func endsSentence(rs []rune, i int) bool {
	switch rs[i] {
	case '。', '！', '？', '；':
		return true
	case '.', '!', '?', ';':
		return i+1 == len(rs) || unicode.IsSpace(rs[i+1]) || isWide(rs[i+1]) || strings.ContainsRune(`"'”’)`, rs[i+1])
	}
	return false
}

// wordEnd returns where to cut without a sentence end: at the last space
// in the last 40% of the room when the limit falls inside a Latin word,
// else at the limit.
func wordEnd(rs []rune, room int) int {
	if !isWordRune(rs[room]) || room == 0 || !isWordRune(rs[room-1]) {
		return room
	}
	for i := room - 1; i >= room*6/10; i-- {
		if unicode.IsSpace(rs[i]) {
			return i
		}
		if !isWordRune(rs[i]) {
			return i + 1 // a word's start after punctuation: "edu/feed"
		}
	}
	return room
}

// isWordRune reports letters and digits of scripts that space their words.
func isWordRune(r rune) bool {
	return !isWide(r) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// isWide reports the characters of Chinese, Japanese and Korean text and
// their full-width punctuation, which are written without spaces.
func isWide(r rune) bool {
	return r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7af ||
		r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f ||
		r >= 0xff00 && r <= 0xffef || r >= 0x20000 && r <= 0x3ffff
}

// wideEnd reports whether s ends in Chinese text, looking past closing
// quotes and brackets: "……会议。”".
func wideEnd(s string) bool {
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		if !strings.ContainsRune(`"'”’)`, r) {
			return isWide(r)
		}
		s = s[:len(s)-size]
	}
	return false
}
