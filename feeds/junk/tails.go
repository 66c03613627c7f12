package junk

import (
	"regexp"
	"strconv"
	"strings"
)

// linkTail returns where a trailing run of link lines starts (related
// links, "more from"), or len(blocks). Attachments are not link lines: a
// notice ends with its documents.
func linkTail(blocks []block) int {
	i := len(blocks)
	for i > 0 && linkLine(&blocks[i-1]) {
		i--
	}
	if len(blocks)-i < 2 || !hasRealBefore(blocks[:i]) {
		return len(blocks)
	}
	return i
}

func linkLine(b *block) bool {
	return b.Runes > 0 && !b.DocLink && b.LinkRunes*10 >= b.Runes*6 &&
		!strings.HasPrefix(b.keyOf(), "附件")
}

var (
	dateFirst = regexp.MustCompile(`^[\s·•・\-–—*\[(【]*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/]\d{1,2}(?:$|[\s\])】]))`)
	dateLast  = regexp.MustCompile(`(?:^|[\s·•・\-–—\[(【|])(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}-\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?[\s\])】\-–—]*$`)
	signOff   = regexp.MustCompile(`^\d{4} ?年 ?\d{1,2} ?月 ?\d{1,2} ?日$`)
	numbered  = regexp.MustCompile(`^[\s\-–—·•*]*(\d{1,2})(?:[.、)\]]\s*|\s+)\S`)
)

// listTail returns where a trailing list of dated or numbered headlines
// starts ("标题 · 2024-07-23", "- 1 标题"), or len(blocks). It needs three
// dated lines, or items numbered 1, 2, 3, in a run of short lines none of
// which is a sentence, and keeps a list the article itself introduced with
// a colon.
func listTail(blocks []block) int {
	start := len(blocks)
	for start > 0 && listLine(&blocks[start-1]) {
		start--
	}
	dated, next, first := 0, 1, -1
	for i := start; i < len(blocks); i++ {
		s := blocks[i].keyOf()
		evidence := s != "" && trimDecoration(s) == "" // a "-" or "·" line between items
		// dateFirst, dateLast and numbered all need a digit; most lines have
		// none, and the unanchored dateLast would try every position. The
		// dates need two digits with a dash, slash or dot between them.
		if hasASCIIDigit(s) {
			if digitDateSep(s) && (dateFirst.MatchString(s) || dateLast.MatchString(s)) {
				dated++
				evidence = true
			}
			if m := numbered.FindStringSubmatch(s); m != nil && m[1] == strconv.Itoa(next) {
				next++
				evidence = true
			}
		}
		if evidence && first < 0 {
			first = i
		}
	}
	if dated < 3 && next <= 3 {
		return len(blocks)
	}
	// The headlines above the first dated or numbered one belong to the
	// list too, up to a notice's signature date.
	cut := first
	for cut > start && !signOff.MatchString(trimDecoration(blocks[cut-1].keyOf())) {
		cut--
	}
	if cut > 0 && strings.HasSuffix(blocks[cut-1].keyOf(), ":") {
		return len(blocks)
	}
	if !hasRealBefore(blocks[:cut]) {
		return len(blocks)
	}
	return cut
}

// maxListLine is the longest a headline in a recommendation list runs.
const maxListLine = 80

// hasASCIIDigit reports a digit 0-9 in s.
func hasASCIIDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// digitDateSep reports a "-", "/" or "." between two ASCII digits in s,
// which every match of dateFirst and dateLast holds.
func digitDateSep(s string) bool {
	for i := 1; i+1 < len(s); i++ {
		if (s[i] == '-' || s[i] == '/' || s[i] == '.') && isASCIIDigit(s[i-1]) && isASCIIDigit(s[i+1]) {
			return true
		}
	}
	return false
}

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

func listLine(b *block) bool {
	if b.Tag == "" || b.Runes > maxListLine {
		return false
	}
	return !strings.ContainsRune("。;:", b.stats.last) // the key's last rune

}
