package article

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The date forms of the visible date line that the text date reader does
// not know, rewritten as 2006-01-02 before it reads them: English month
// names ("March 4, 2025", "6 May 2025"), Taiwan's ROC years ("113-12-11",
// year 113 being 2024) and day-first dates ("23/01/2025").

var (
	monthFirst = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	dayFirst   = regexp.MustCompile(`(?i)\b(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\b`)
	rocDate    = regexp.MustCompile(`(^|[^\d])(1[0-4]\d)\s*([-/.年])\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})`)
	slashDate  = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})/(\d{4})\b`)
)

var months = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7,
	"aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}

func iso(y, m, d int) string {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return ""
	}
	return strconv.Itoa(y) + "-" + two(m) + "-" + two(d)
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// isoDates rewrites the forms above in s. Slash dates are read day first
// where the zone's people write them so (Hong Kong, Europe, Australia…) or
// where the first number cannot be a month.
func isoDates(s string, loc *time.Location) string {
	if !hasDigit(s) {
		return s
	}
	if fourDigits(s) && hasMonth(s) { // English dates have years and months
		// English text is full of month-like words (may, march, dec…):
		// the patterns are run only where one stands as they need it.
		if monthThenDay(s) {
			s = replaceFrom(monthFirst, s, monthStart(s), func(m string) string {
				g := monthFirst.FindStringSubmatch(m)
				return or(iso(atoi(g[3]), months[strings.ToLower(g[1])], atoi(g[2])), m)
			})
		}
		if dayThenMonth(s) {
			s = replaceFrom(dayFirst, s, dayStart(s), func(m string) string {
				g := dayFirst.FindStringSubmatch(m)
				return or(iso(atoi(g[3]), months[strings.ToLower(g[2])], atoi(g[1])), m)
			})
		}
	}
	if rocYear(s) {
		s = rocDate.ReplaceAllStringFunc(s, func(m string) string {
			g := rocDate.FindStringSubmatch(m)
			return g[1] + or(iso(atoi(g[2])+1911, atoi(g[4]), atoi(g[5])), m)
		})
	}
	if !strings.Contains(s, "/") || !fourDigits(s) { // slashDate's year
		return s
	}
	dmy := dayFirstZone(loc)
	return replaceFrom(slashDate, s, slashStart(s), func(m string) string {
		g := slashDate.FindStringSubmatch(m)
		a, b, y := atoi(g[1]), atoi(g[2]), atoi(g[3])
		if dmy || a > 12 {
			return or(iso(y, b, a), m)
		}
		return or(iso(y, a, b), m)
	})
}

// replaceFrom is re.ReplaceAllStringFunc(s, f) for a pattern that matches
// nothing that starts before at and reads what is before a match only
// through \b. The pattern runs from the start of the word at is in, where
// \b reads as it does in s: most of a long text before its first date is
// not scanned.
func replaceFrom(re *regexp.Regexp, s string, at int, f func(string) string) string {
	for at > 0 && isWordByte(s[at-1]) {
		at--
	}
	if at == 0 {
		return re.ReplaceAllStringFunc(s, f)
	}
	return s[:at] + re.ReplaceAllStringFunc(s[at:], f)
}

// isWordByte reports the bytes \b counts as a word's.
func isWordByte(c byte) bool { return isASCIILetter(c) || isDigit(c) || c == '_' }

// monthStart is where monthFirst's first match may start in s: the first
// English month's name, or an ſ before it, which (?i) reads as an s (the
// patterns' only other fold, K, starts no month).
func monthStart(s string) int {
	at := strings.Index(s, "ſ")
	if at < 0 {
		at = len(s)
	}
	for i := 0; i+3 <= at; i++ {
		if monthAt(s, i) {
			return i
		}
	}
	return at
}

// dayStart is where dayFirst's first match may start in s: at most two
// digits before the spaces before the first English month's name (or ſ,
// which (?i) reads as the s of sep) that has spaces and a digit before it.
func dayStart(s string) int {
	for i := 1; i+2 <= len(s); i++ {
		if (i+3 > len(s) || !monthAt(s, i)) && !strings.HasPrefix(s[i:], "ſ") {
			continue
		}
		j := i
		for j > 0 && isSpaceRE(s[j-1]) {
			j--
		}
		if j < i && j > 0 && isDigit(s[j-1]) {
			return max(j-2, 0)
		}
	}
	return len(s)
}

// slashStart is where slashDate's first match may start in s: at most two
// digits before the first slash.
func slashStart(s string) int {
	return max(strings.IndexByte(s, '/')-2, 0)
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// dayFirstZone reports a zone whose people write 23/01/2025.
func dayFirstZone(loc *time.Location) bool {
	if loc == nil {
		return false
	}
	name := loc.String()
	switch name {
	case "Asia/Hong_Kong", "Asia/Macau", "Asia/Singapore", "Asia/Kolkata", "Asia/Kuala_Lumpur":
		return true
	}
	return strings.HasPrefix(name, "Europe/") || strings.HasPrefix(name, "Australia/") ||
		strings.HasPrefix(name, "Pacific/Auckland") || strings.HasPrefix(name, "Africa/")
}

// fourDigits reports a run of four ASCII digits in s.
func fourDigits(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			run = 0
		} else if run++; run == 4 {
			return true
		}
	}
	return false
}

// rocYear reports what rocDate's year needs: 100 to 149, not preceded by
// a digit. Most date lines have none, and the regexp is spared.
func rocYear(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '1' && s[i+1] >= '0' && s[i+1] <= '4' && isDigit(s[i+2]) && (i == 0 || !isDigit(s[i-1])) {
			return true
		}
	}
	return false
}

// monthThenDay reports whether s may hold what monthFirst matches: a
// month's name, the letters and the dot after it, space and a digit. A
// byte past ASCII after the name may be a letter to the pattern's (?i),
// and so may start a match.
func monthThenDay(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if !monthAt(s, i) {
			continue
		}
		j := i + 3
		for j < len(s) && isASCIILetter(s[j]) {
			j++
		}
		if j < len(s) && s[j] >= 0x80 {
			return true
		}
		if j < len(s) && s[j] == '.' {
			j++
		}
		k := j
		for k < len(s) && isSpaceRE(s[k]) {
			k++
		}
		if k > j && k < len(s) && isDigit(s[k]) {
			return true
		}
	}
	return false
}

// dayThenMonth reports whether s may hold what dayFirst matches: a digit,
// space and a month's name.
func dayThenMonth(s string) bool {
	for i := 1; i+3 <= len(s); i++ {
		if !monthAt(s, i) {
			continue
		}
		j := i
		for j > 0 && isSpaceRE(s[j-1]) {
			j--
		}
		if j < i && j > 0 && isDigit(s[j-1]) {
			return true
		}
	}
	return false
}

// monthAt reports the start of an English month's name at s[i], in any
// case (see hasMonth).
func monthAt(s string, i int) bool {
	if c := s[i] | 0x20; c < 'a' || c > 's' {
		return false
	}
	_, ok := months[string([]byte{s[i] | 0x20, s[i+1] | 0x20, s[i+2] | 0x20})]
	return ok
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// isSpaceRE reports the bytes \s matches in a regexp.
func isSpaceRE(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// hasMonth reports the start of an English month's name in s, in any
// case. The patterns' (?i) also folds ſ into s, but months has no key
// for "ſep", so such a match changes nothing.
func hasMonth(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if monthAt(s, i) {
			return true
		}
	}
	return false
}
