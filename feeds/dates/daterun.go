package dates

import (
	"strings"
	"unicode/utf8"
)

// dateRunes are the characters past ASCII that a textDates match holds.
const dateRunes = "年月日号(（)）星期周一二三四五六天上午下晚凌晨中早"

// dateRun is the length of the start of s made only of what a textDates
// match may hold: ASCII digits, the spaces \s stands for, "-", "/", ".",
// ":" and dateRunes. The pattern cannot read past it, and runs on it
// alone: the regexp's backtracker clears state for every byte of the text
// it is given, and FromText gives it the rest of the text at each year.
func dateRun(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !isDigit(c) && !strings.ContainsRune(" \t\n\f\r-/.:()", rune(c)) {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !strings.ContainsRune(dateRunes, r) {
			return i
		}
		i += size
	}
	return len(s)
}
