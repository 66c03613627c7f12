package dates

import (
	"cmp"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

// This file reads the written forms of dates, one family at a time; see
// Parse for the list.

// dateText puts a date string in the one form the parsers expect:
// full-width digits and punctuation made ASCII, Latin letters lower case,
// every space one plain space, invisible characters gone.
func dateText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		if c := s[i]; chars.CJK3(s, i) || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			// Ideographs, small letters and digits, most of a date line,
			// stay as they are.
			j := keptRun(s, i)
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r >= '！' && r <= '～': // full-width ASCII forms
			r -= '！' - '!'
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r == utf8.RuneError, unicode.Is(unicode.Cf, r), unicode.IsControl(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// keptRun is where the run of ideographs, small letters and digits that
// starts at i ends: dateText copies the run at once.
func keptRun(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			i++
		} else if chars.CJK3(s, i) {
			i += 3
		} else {
			break
		}
	}
	return i
}

// unwrap takes a date out of the brackets around it: "[2024-07-23]".
func unwrap(s string) string {
	for _, p := range [][2]string{{"[", "]"}, {"(", ")"}, {"【", "】"}} {
		if strings.HasPrefix(s, p[0]) && strings.HasSuffix(s, p[1]) && len(s) > len(p[0])+len(p[1]) {
			return strings.TrimSpace(s[len(p[0]) : len(s)-len(p[1])])
		}
	}
	return s
}

// day is a calendar date as written; a year-less date gets its year later.
type day struct {
	year, month, day int
	hasYear          bool
}

// clock is a time of day as written, with its zone if one was given.
type clock struct {
	hour, min, sec, nsec int
	zone                 *time.Location // nil: naive
}

var (
	ymdCN     = regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?`)
	ymd       = regexp.MustCompile(`^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})`)
	ymdPacked = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})(?:t?(\d{2})(\d{2})(\d{2})?)?`)
	mdyUS     = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})`)
	dmyDots   = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{4})`)
	mdCN      = regexp.MustCompile(`^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?`)
	md        = regexp.MustCompile(`^(\d{1,2})[-/](\d{1,2})(?:$|[t ])`)
	dMonY     = regexp.MustCompile(`^(?:([a-z]+)(?:\.?,\s*|\.?\s+))?(\d{1,2})[ -]([a-z]+)\.?,?[ -](\d{4}|\d{2})\b`)
	monDY     = regexp.MustCompile(`^(?:([a-z]+)(?:\.?,\s*|\.?\s+))?([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b`)
	ansic     = regexp.MustCompile(`^([a-z]{3}) ([a-z]{3}) +(\d{1,2}) (\d{1,2}:\d{2}(?::\d{2})?)(?: ([a-z]{1,5}))? (\d{4})$`)
)

// parseDay reads the date at the start of s and returns the rest of s,
// which may hold a time of day and a zone.
func parseDay(s string) (day, string, bool) {
	// Each pattern is tried only when s starts as its matches do.
	digit, letter := startsWithDigit(s), s != "" && s[0] >= 'a' && s[0] <= 'z'
	digits4 := len(s) >= 4 && digits(s[:4]) == 4
	if m := findIf(letter && len(s) > 3 && s[3] == ' ', ansic, s); m != nil {
		// "Tue Jul 23 10:00:00 CST 2024": the year comes after the clock.
		mon, ok := monthNumber(m[2])
		if !ok || !isWeekday(m[1]) {
			return day{}, "", false
		}
		return day{atoi(m[6]), mon, atoi(m[3]), true}, m[4] + " " + m[5], true
	}
	for _, re := range []*regexp.Regexp{ymdCN, ymd} {
		if m := findIndexIf(digits4, re, s); m != nil {
			return day{num(s, m, 1), num(s, m, 2), num(s, m, 3), true}, s[m[1]:], true
		}
	}
	if m := findIf(digits4, ymdPacked, s); m != nil && !startsWithDigit(s[len(m[0]):]) {
		// "20240723", "202407231030", "20240723T103000Z": the clock is
		// spelt out for parseClock.
		rest := s[len(m[0]):]
		if m[4] != "" {
			rest = m[4] + ":" + m[5] + ":" + cmp.Or(m[6], "00") + rest
		}
		return day{atoi(m[1]), atoi(m[2]), atoi(m[3]), true}, rest, true
	}
	if m := findIndexIf(digit, mdyUS, s); m != nil {
		d := day{num(s, m, 3), num(s, m, 1), num(s, m, 2), true}
		if d.month > 12 { // a British 23/07/2024
			d.month, d.day = d.day, d.month
		}
		return d, s[m[1]:], true
	}
	if m := findIndexIf(digit, dmyDots, s); m != nil {
		return day{num(s, m, 3), num(s, m, 2), num(s, m, 1), true}, s[m[1]:], true
	}
	for _, re := range []*regexp.Regexp{mdCN, md} {
		if m := findIndexIf(digit, re, s); m != nil {
			return day{month: num(s, m, 1), day: num(s, m, 2)}, s[m[1]:], true
		}
	}
	if m := findIf(digit || letter, dMonY, s); m != nil {
		mon, ok := monthNumber(m[3])
		if !ok || m[1] != "" && !isWeekday(m[1]) {
			return day{}, "", false
		}
		return day{twoDigitYear(atoi(m[4]), len(m[4])), mon, atoi(m[2]), true}, s[len(m[0]):], true
	}
	if m := findIf(letter, monDY, s); m != nil {
		mon, ok := monthNumber(m[2])
		if !ok || m[1] != "" && !isWeekday(m[1]) {
			return day{}, "", false
		}
		return day{atoi(m[4]), mon, atoi(m[3]), true}, s[len(m[0]):], true
	}
	return day{}, "", false
}

// findIf is re.FindStringSubmatch(s) when ok, which the caller knows to
// be false when s cannot match: regexp has a cost even when it fails.
func findIf(ok bool, re *regexp.Regexp, s string) []string {
	if !ok {
		return nil
	}
	return re.FindStringSubmatch(s)
}

// findIndexIf is findIf for FindStringSubmatchIndex.
func findIndexIf(ok bool, re *regexp.Regexp, s string) []int {
	if !ok {
		return nil
	}
	return re.FindStringSubmatchIndex(s)
}

// startsWithAny reports whether s starts with one of the prefixes.
func startsWithAny(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// num reads submatch i of a FindStringSubmatchIndex result.
func num(s string, m []int, i int) int { return atoi(s[m[2*i]:m[2*i+1]]) }

// twoDigitYear reads RFC 822's two-digit years the way RFC 2822 says.
func twoDigitYear(y, digits int) int {
	switch {
	case digits > 2:
		return y
	case y < 50:
		return 2000 + y
	default:
		return 1900 + y
	}
}

var (
	weekdayCN  = regexp.MustCompile(`^[(（]?(?:星期|礼拜|周)[一二三四五六日天][)）]?\s*`)
	dayHalf    = regexp.MustCompile(`^(上午|下午|晚上|凌晨|中午|早上|早晨|傍晚|夜间|夜里)\s*`)
	clockColon = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9})\d*)?)?`)
	clockCN    = regexp.MustCompile(`^(\d{1,2})\s*[时点](?:\s*(\d{1,2})\s*分(?:\s*(\d{1,2})\s*秒)?)?`)
	meridiem   = regexp.MustCompile(`^\s*([ap])\.?m\.?`)
	zoneNum    = regexp.MustCompile(`^(?:gmt|utc|ut)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$`)
	zoneNote   = regexp.MustCompile(`\s*\([^()]*\)$`)
)

// parseClock reads what follows a date: nothing, or a time of day with an
// optional 上午/下午 or am/pm and an optional zone.
func parseClock(s string) (clock, bool) {
	s = strings.TrimLeft(s, " ,")
	s = strings.TrimPrefix(s, "t")
	s = strings.TrimPrefix(s, "at ")
	if startsWithAny(s, "(", "（", "星", "礼", "周") {
		s = weekdayCN.ReplaceAllString(s, "")
	}
	var c clock
	if s == "" {
		return c, true
	}
	half := ""
	if m := findIf(startsWithAny(s, "上", "下", "晚", "凌", "中", "早", "傍", "夜"), dayHalf, s); m != nil {
		half, s = m[1], s[len(m[0]):]
	}
	if m := findIf(startsWithDigit(s), clockColon, s); m != nil {
		c.hour, c.min = atoi(m[1]), atoi(m[2])
		if m[3] != "" {
			c.sec = atoi(m[3])
		}
		if m[4] != "" {
			c.nsec = atoi((m[4] + "00000000")[:9])
		}
		s = s[len(m[0]):]
	} else if m := findIf(startsWithDigit(s), clockCN, s); m != nil {
		c.hour = atoi(m[1])
		if m[2] != "" {
			c.min = atoi(m[2])
		}
		if m[3] != "" {
			c.sec = atoi(m[3])
		}
		s = s[len(m[0]):]
	} else {
		return c, false
	}
	if m := findIf(startsWithAny(strings.TrimLeft(s, " \t\n\f\r"), "a", "p"), meridiem, s); m != nil {
		half, s = m[1], s[len(m[0]):]
	}
	if !c.afternoon(half) {
		return c, false
	}
	zone, ok := parseZone(strings.TrimSpace(s))
	c.zone = zone
	return c, ok
}

// afternoon applies a 上午/下午 or am/pm word to a 12-hour clock, reporting
// whether the hour fits the word.
func (c *clock) afternoon(half string) bool {
	switch half {
	case "":
		return true
	case "下午", "晚上", "傍晚", "夜间", "夜里", "p":
		if c.hour > 12 {
			return half != "p" // 下午15:00 is said; 15:00 pm is not
		}
		if c.hour < 12 {
			c.hour += 12
		}
	case "中午":
		if c.hour < 11 {
			c.hour += 12
		}
	default: // 上午, 凌晨, am ...
		if c.hour > 12 {
			return false
		}
		if c.hour == 12 {
			c.hour = 0
		}
	}
	return true
}

// zoneNames maps the zone abbreviations feeds write to their offsets in
// hours. CST is China's: our sources are Chinese, and a US source writes
// CDT/CST with a numeric offset far more often than bare.
var zoneNames = map[string]float64{
	"z": 0, "gmt": 0, "ut": 0, "utc": 0, "wet": 0, "bst": 1, "cet": 1, "cest": 2, "eet": 2, "eest": 3,
	"msk": 3, "ist": 5.5, "cst": 8, "hkt": 8, "sgt": 8, "awst": 8, "jst": 9, "kst": 9,
	"aest": 10, "aedt": 11, "nzst": 12, "nzdt": 13, "est": -5, "edt": -4, "cdt": -5,
	"mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "akst": -9, "akdt": -8, "hst": -10,
	"北京时间": 8, "beijing time": 8,
}

// parseZone reads a zone: nil for none, an offset for "+0800", "+08:00",
// "GMT+8" or a known name. A trailing comment such as "(CST)" is ignored.
func parseZone(s string) (*time.Location, bool) {
	if strings.HasSuffix(s, ")") {
		s = zoneNote.ReplaceAllString(s, "")
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	if h, ok := zoneNames[s]; ok {
		if h == 0 {
			return time.UTC, true
		}
		return time.FixedZone(strings.ToUpper(s), int(h*3600)), true
	}
	m := zoneNum.FindStringSubmatch(s)
	if m == nil {
		return nil, false
	}
	h, mins := atoi(m[2]), 0
	if m[3] != "" {
		mins = atoi(m[3])
	}
	if h > 14 || mins > 59 {
		return nil, false
	}
	off := h*3600 + mins*60
	if m[1] == "-" {
		off = -off
	}
	if off == 0 {
		return time.UTC, true
	}
	return time.FixedZone("", off), true
}

// at puts a date and a time together, checking every field: time.Date
// would quietly roll 2024-02-30 into March.
func (d day) at(c clock, loc *time.Location, now time.Time) (time.Time, bool) {
	zone := loc
	if c.zone != nil {
		zone = c.zone
	}
	if c.sec == 60 { // a leap second: as good as the one before
		c.sec = 59
	}
	if d.month < 1 || d.month > 12 || d.day < 1 || c.hour > 23 || c.min > 59 || c.sec > 59 {
		return time.Time{}, false
	}
	if !d.hasYear {
		// The most recent year that does not put the date in the future:
		// an item from December read in January is last year's.
		if d.day > daysIn(2024, d.month) {
			return time.Time{}, false
		}
		return latestYear(time.Date(2024, time.Month(d.month), d.day, c.hour, c.min, c.sec, c.nsec, zone), now)
	}
	if d.year < 1 || d.year > 9999 || d.day > daysIn(d.year, d.month) {
		return time.Time{}, false
	}
	return time.Date(d.year, time.Month(d.month), d.day, c.hour, c.min, c.sec, c.nsec, zone), true
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

var months = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

func monthNumber(s string) (int, bool) {
	m, ok := months[s]
	return m, ok
}

// isWeekday accepts an English weekday name, full or short. Its value is
// not checked against the date: feeds get it wrong more often than the date.
func isWeekday(s string) bool {
	for _, w := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		if s == w || len(s) >= 3 && strings.HasPrefix(w, s) {
			return true
		}
	}
	return false
}

var (
	relAgoCN  = regexp.MustCompile(`^(\d{1,4}|半|一|两|几)\s*(秒钟?|分钟?|个?小时|天|日|周|个?星期|个?礼拜|个?月)(?:之|以)?前$`)
	relAgoEN  = regexp.MustCompile(`^(\d{1,4}|an?|one) (seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?) ago$`)
	relDayRe  = regexp.MustCompile(`^(今天|今日|昨天|昨日|前天|today|yesterday)\s*(.*)$`)
	relUnits  = map[string]time.Duration{"秒": time.Second, "分": time.Minute, "小时": time.Hour, "天": 24 * time.Hour, "日": 24 * time.Hour, "周": 7 * 24 * time.Hour, "星期": 7 * 24 * time.Hour, "礼拜": 7 * 24 * time.Hour, "s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour}
	relDaysBy = map[string]int{"今天": 0, "今日": 0, "today": 0, "昨天": 1, "昨日": 1, "yesterday": 1, "前天": 2}
)

// parseRelative reads dates written relative to now: "刚刚", "3小时前",
// "昨天 08:30", "2 hours ago".
func parseRelative(s string, loc *time.Location, now time.Time) (time.Time, bool) {
	switch s {
	case "刚刚", "刚才", "just now", "now":
		return now.In(loc), true
	}
	n, unit := 0, ""
	if m := findIf(strings.HasSuffix(s, "前"), relAgoCN, s); m != nil {
		n, unit = agoCount(m[1]), strings.TrimPrefix(strings.TrimSuffix(m[2], "钟"), "个")
	} else if m := findIf(strings.HasSuffix(s, " ago"), relAgoEN, s); m != nil {
		n, unit = agoCount(m[1]), m[2][:1]
		if strings.HasPrefix(m[2], "mo") {
			unit = "月"
		} else if strings.HasPrefix(m[2], "mi") {
			unit = "m"
		}
	} else if m := findIf(startsWithAny(s, "今", "昨", "前", "t", "y"), relDayRe, s); m != nil {
		c, ok := parseClock(m[2])
		if !ok {
			return time.Time{}, false
		}
		y, mon, d := now.In(loc).AddDate(0, 0, -relDaysBy[m[1]]).Date()
		return day{y, int(mon), d, true}.at(c, loc, now)
	} else {
		return time.Time{}, false
	}
	if unit == "月" {
		return now.In(loc).AddDate(0, -n, 0), true
	}
	if n < 0 { // 半小时前
		return now.Add(-relUnits[unit] / 2).In(loc), true
	}
	return now.Add(-time.Duration(n) * relUnits[unit]).In(loc), true
}

// agoCount reads the count in "3小时前": digits, 一/两/a for one, 几 ("a
// few") as three, and 半 (half) as -1.
func agoCount(s string) int {
	switch s {
	case "半":
		return -1
	case "一", "a", "an", "one":
		return 1
	case "两":
		return 2
	case "几":
		return 3
	}
	return atoi(s)
}

// parseUnix reads Unix timestamps in seconds or milliseconds, as some JSON
// feeds write them.
func parseUnix(s string) (time.Time, bool) {
	if (len(s) != 10 && len(s) != 13) || strings.Trim(s, "0123456789") != "" {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	if len(s) == 13 {
		return time.UnixMilli(n).UTC(), true
	}
	return time.Unix(n, 0).UTC(), true
}
