package junk

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds/internal/chars"
	"github.com/edufeed/edufeed/feeds/sanitise"
)

// A byline can run straight into the story, as one-line descriptions do:
// "发布时间：2026年12月01日 发布者：某某中学。学校举办科技节活动。",
// "来源：某某日报 记者张三报道 近日，…", "Posted on July 23, 2024 by Jane
// Doe. The board voted…". The byline is cut and the story kept; Bylines
// hands the byline to whoever wants its date.

const (
	// maxFieldValue is the longest value of a byline field ("某某中学",
	// "2024-07-23 10:30"): longer, it is a sentence.
	maxFieldValue = 30
	// maxName is the longest a person's name runs after 记者： or 作者：.
	// Interviews write "记者：请您谈谈…", a question, not a byline.
	maxName = 6
	// minStory is the least text after a byline for it to be a story.
	minStory = 6
	// bylineWindow is how far into an article Bylines looks.
	bylineWindow = 500
)

// personWords label a person; the others label a date, a source or an
// office.
var personWords = map[string]bool{"记者": true, "作者": true, "通讯员": true, "摄影": true}

// creditWords start a reporter's credit without a colon: "记者张三报道".
var creditWords = []string{"记者", "通讯员"}

// englishByline is WordPress's and newspapers' line: "Posted on July 23,
// 2024 by Jane Doe.", "Published 23 July 2024 |", "Updated: 2024-07-23 —".
var englishByline = regexp.MustCompile(`(?i)^(?:posted|published|updated|last updated)(?:\s+on)?:?\s+` +
	`[^|.—–\n]{4,40}?(?:\s+by\s+[^|.—–\n]{2,40}?)?\s*(?:[|.—–]|\s-\s)\s*`)

// splitByline returns where the story starts in a line that opens with a
// byline, or 0 when it does not open with one followed by a story.
func splitByline(s string) int {
	end := bylineEnd(s)
	if end == 0 || chars.Count(s[end:]) < minStory {
		return 0
	}
	return end
}

// bylineEnd returns where the byline a line starts with ends, the
// separators after it included; 0 when it starts with none.
func bylineEnd(s string) int {
	if m := englishByline.FindStringIndex(s); m != nil {
		return m[1]
	}
	i, fields := 0, 0
	for {
		j, ok := bylineField(s, skipSeparators(s, i))
		if !ok {
			break
		}
		i, fields = j, fields+1
	}
	if fields == 0 {
		return 0
	}
	if j, ok := credit(s, skipSeparators(s, i)); ok {
		i = j
	}
	return skipSeparators(s, i)
}

// bylineField reads one "label：value" field at s[i:] and returns where it
// ends.
func bylineField(s string, i int) (int, bool) {
	label, j := matchWord(s, i, bylineWords)
	if label == "" {
		return 0, false
	}
	j = skipSpace(s, j)
	r, size := utf8.DecodeRuneInString(s[j:])
	if foldRune(r) != ':' {
		return 0, false
	}
	start := skipSpace(s, j+size)
	end, n := start, 0
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		switch {
		case strings.ContainsRune("。；;|｜】]", r):
			if n == 0 || personWords[label] && r == '。' {
				return 0, false
			}
			return end + size, n <= maxFieldValue
		case strings.ContainsRune("，,？?！!", r):
			return 0, false // a sentence
		case chars.IsSpace(r):
			next, _ := utf8.DecodeRuneInString(s[skipSpace(s, end):])
			if next < '0' || next > '9' || personWords[label] {
				return end, n > 0 && n <= maxFieldValue
			}
		default:
			if n > 0 {
				if w, _ := matchWord(s, end, bylineWords); w != "" {
					return end, n <= maxFieldValue // the next field, run on
				}
			}
			n++
		}
		if personWords[label] && n > maxName {
			return 0, false
		}
		end += size
	}
	return end, n > 0 && n <= maxFieldValue
}

// credit reads a reporter's credit without a colon at s[i:]: "记者张三报道".
func credit(s string, i int) (int, bool) {
	w, j := matchWord(s, i, creditWords)
	if w == "" {
		return 0, false
	}
	n := 0
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if chars.IsSpace(r) || strings.ContainsRune("。，,；;|｜", r) {
			break
		}
		if n++; n > maxName+2 { // "张三报道", "张三 摄"
			return 0, false
		}
		j += size
	}
	return j, n > 0
}

// matchWord returns the longest of words that s[i:] starts with, folded as
// fold folds it, and where it ends in s.
func matchWord(s string, i int, words []string) (string, int) {
	best, end := "", 0
	for _, w := range words {
		if len(w) <= len(best) {
			continue
		}
		j, ok := i, true
		for _, wr := range w {
			r, size := utf8.DecodeRuneInString(s[j:])
			if size == 0 || foldRune(r) != wr {
				ok = false
				break
			}
			j += size
		}
		if ok {
			best, end = w, j
		}
	}
	return best, end
}

// skipSeparators skips the spaces and marks between byline fields and
// before the story.
func skipSeparators(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !chars.IsSpace(r) && !strings.ContainsRune("|｜/·•。；;【】[]", r) {
			break
		}
		i += size
	}
	return i
}

func skipSpace(s string, i int) int {
	return len(s) - len(strings.TrimLeftFunc(s[i:], chars.IsSpace))
}

// cutByline cuts the byline a line block (a paragraph, heading or list
// item) starts with when a story follows it. A table or a quote is left
// whole.
func (b *block) cutByline() {
	if b.Tag == "" || !bylineStarts.has(b.stats.lead) {
		return
	}
	if end := splitByline(b.Text); end > 0 {
		b.DropText(chars.Count(b.Text[:end]))
		b.keyed = false
		b.stats = foldStatsOf(b.Text)
	}
}

// Bylines returns the bylines in the opening of an article's blocks, as
// written: the lines Filter cuts as bylines, and the bylines that open a
// paragraph. They hold the article's own date ("发布时间：…", "Posted on
// …"), which the cut leaves out of the text. Call it before Filter, which
// changes the blocks.
func Bylines(blocks []sanitise.Block) []string {
	var out []string
	seen := 0
	for i := range blocks {
		b := &blocks[i]
		if seen >= bylineWindow {
			break
		}
		seen += b.Runes
		if b.Runes == 0 || !bylineStarts.has(leadRune(b.Text)) {
			continue
		}
		if end := bylineEnd(b.Text); end > 0 {
			out = append(out, strings.TrimSpace(b.Text[:end]))
		} else if b.Runes <= maxByline && isByline(fold(b.Text)) {
			out = append(out, b.Text)
		}
	}
	return out
}

// leadRune is the first rune of s that is not decoration, folded.
func leadRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(s, isDecoration))
	return foldRune(r)
}

// bylineStarts are the first runes of bylines, decoration aside: of
// bylineWords, and p and u for English.
var bylineStarts = func() *runeSet {
	m := newRuneSet('p', 'u', 'l')
	for _, w := range bylineWords {
		r, _ := utf8.DecodeRuneInString(w)
		m.add(r)
	}
	return m
}()
