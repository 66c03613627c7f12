// Package dates reads the dates feeds and web pages write: in feed fields,
// in URL paths and in article text, in the forms Chinese and English sites
// use. It knows no HTML and reads no clock: the fetch time is passed in.
package dates

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// minValidDate is the earliest date taken as real. Epoch zero and CMS
// placeholders fall before it, and next to no news site is older.
var minValidDate = time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)

// maxFuture is how far past the fetch time a date may lie: enough for a
// source's clock or zone being a little off, not for a date that is wrong.
const maxFuture = 24 * time.Hour

// shanghai is the zone naive dates are read in when the caller gives none.
// It is loaded once, on first use; without a zone database China's fixed
// +08:00 serves, as China has had no daylight saving since 1991.
var shanghai = sync.OnceValue(func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*60*60)
})

// Parse reads one date string in any form feeds and Chinese sites use:
// RFC 822/1123 and RFC 3339 with or without weekday, seconds and zone;
// "2024年7月23日 下午3:05", "2024-7-23 9:05", "2024/07/23", "2024.07.23",
// "20240723"; year-less "07-23 10:00" and "7月23日"; relative "刚刚",
// "3小时前", "昨天 08:30"; English "July 23, 2024" and "23 Jul 2024".
//
// Naive times are read in loc (nil: Asia/Shanghai). Zone names are read as
// our sources mean them, so "CST" is China Standard Time. now is the fetch
// time: relative dates count back from it, and a year-less date takes the
// most recent year that does not put it after now (see ReadDate and
// PlaceYear). The result is not checked against now or the epoch: see
// Valid.
func Parse(s string, loc *time.Location, now time.Time) (time.Time, bool) {
	t, _, ok := parse(s, loc, now)
	return t, ok
}

// parse is Parse, and says whether s wrote no year (see ReadDate).
func parse(s string, loc *time.Location, now time.Time) (t time.Time, yearless, ok bool) {
	if loc == nil {
		loc = shanghai()
	}
	s = dateText(s)
	if startsWithAny(s, "发", "更", "时", "日") { // as every label does
		s = dateLabel.ReplaceAllString(s, "")
	}
	s = unwrap(s)
	if s == "" || len(s) > 100 {
		return time.Time{}, false, false
	}
	if t, ok := parseRelative(s, loc, now); ok {
		return t, false, true
	}
	if t, ok := parseUnix(s); ok {
		return t, false, true
	}
	d, rest, ok := parseDay(s)
	if !ok {
		return time.Time{}, false, false
	}
	c, ok := parseClock(rest)
	if !ok {
		return time.Time{}, false, false
	}
	t, ok = d.at(c, loc, now)
	return t, !d.hasYear, ok
}

// Valid reports whether t can be a real publication date: not before
// 1995 and not more than a day after now. A zero now checks only the start.
func Valid(t, now time.Time) bool {
	if t.IsZero() || t.Before(minValidDate) {
		return false
	}
	return now.IsZero() || !t.After(now.Add(maxFuture))
}

// linkDates are the ways sites write an article's date into its URL path,
// most specific first. Each captures year, month and day.
var linkDates = []*regexp.Regexp{
	regexp.MustCompile(`/t(\d{4})(\d{2})(\d{2})_\d`),               // TRS CMS: /202407/t20240723_123.html
	regexp.MustCompile(`/(\d{4})-(\d{2})/(\d{2})/`),                // Xinhua: /2024-07/23/c_123.htm
	regexp.MustCompile(`/(\d{4})-(\d{1,2})-(\d{1,2})(?:[/_.]|$)`),  // /2024-07-23/
	regexp.MustCompile(`/(\d{4})/(\d{2})(\d{2})/`),                 // /2024/0723/
	regexp.MustCompile(`/(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$)`),      // WordPress: /2024/07/23/slug/
	regexp.MustCompile(`/(\d{4})(\d{2})(\d{2})(?:[/_.]|$)`),        // /20240723/, /20240723_1.html
	regexp.MustCompile(`/[a-z]+_(\d{4})(\d{2})(\d{2})(?:[/_.]|$)`), // /content_20240723.html
}

// FromLink finds a date written in a URL path (/t20240723_123.html,
// /2024/0723/, /2024-07-23/, /20240723/, /2024/07/23/) and returns its
// midnight in loc (nil: Asia/Shanghai). Only dates valid at now count.
func FromLink(link string, loc *time.Location, now time.Time) (time.Time, bool) {
	if loc == nil {
		loc = shanghai()
	}
	path := link
	if i := strings.Index(path, "://"); i >= 0 {
		path = path[i+3:]
		if j := strings.IndexByte(path, '/'); j >= 0 {
			path = path[j:]
		} else {
			path = ""
		}
	}
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	for _, re := range linkDates {
		for _, m := range re.FindAllStringSubmatch(path, -1) {
			d := day{year: atoi(m[1]), month: atoi(m[2]), day: atoi(m[3]), hasYear: true}
			if t, ok := d.at(clock{}, loc, now); ok && Valid(t, now) {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// textDates reads a date with a year at the start of a piece of running
// text, with the time of day that may follow it. FromText tries it only
// where four digits stand (see nextYear): unanchored, the regexp tried
// every position of every text.
var textDates = regexp.MustCompile(`^\d{4}(?:\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]|-\d{1,2}-\d{1,2}|/\d{1,2}/\d{1,2}|\.\d{1,2}\.\d{1,2})` +
	`(?:(?:\s*[(（]?(?:星期|周)[一二三四五六日天][)）]?)?\s*(?:上午|下午|晚上|凌晨|中午|早上)?\s*\d{1,2}:\d{2}(?::\d{2})?)?`)

// textDatesEN finds English dates with a year: "July 23, 2024", "Jul. 23
// 2024", "23 July 2024". Stories mention such dates far more often than
// Chinese ones mention theirs in numbers, so FromText takes one only when a
// label ("Posted on", "Published") introduces it.
var textDatesEN = regexp.MustCompile(`\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|` +
	`\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{4})\b`)

// dateLabels are the words that introduce an article's own date, telling it
// from dates the story merely mentions.
var dateLabels = []string{"时间", "日期", "发布", "发表", "時間", "發佈", "發布", "發表", "published", "posted", "date"}

// dateLabel is a label that scraped feeds leave before a date.
var dateLabel = regexp.MustCompile(`^(?:发布|发表|更新)?(?:时间|日期)\s*:?\s*`)

// textWindow is how far into an article a date may sit: datelines and
// "发布时间" lines come first.
const textWindow = 500

// FromText finds a credible date in the start of an article's plain
// text: one with a year (a bare "7月23日" says too little), valid at now,
// and preferably introduced by a label such as "发布时间：". Without a label
// the first such date is taken.
func FromText(text string, loc *time.Location, now time.Time) (time.Time, bool) {
	if i := runeOffset(text, textWindow); i < len(text) {
		text = text[:i]
	}
	if !hasDigit(text) {
		return time.Time{}, false // no date without a year
	}
	text = dateText(text)
	var first time.Time
	for at := nextYear(text, 0); at >= 0; {
		m := textDates.FindStringIndex(text[at : at+dateRun(text[at:])])
		if m == nil {
			at = nextYear(text, at+1)
			continue
		}
		m[0], m[1] = m[0]+at, m[1]+at
		at = nextYear(text, m[1]) // as FindAll goes on after a match
		if m[0] > 0 && isDigit(text[m[0]-1]) || m[1] < len(text) && isDigit(text[m[1]]) {
			continue // part of a longer number
		}
		t, ok := Parse(text[m[0]:m[1]], loc, now)
		if !ok || !Valid(t, now) {
			continue
		}
		if labelled(text[:m[0]]) {
			return t, true
		}
		if first.IsZero() {
			first = t
		}
	}
	if (strings.Contains(text, " 20") || strings.Contains(text, " 19")) && monthName(text) { // every English date has a year and a month
		from, to := englishSpan(text)
		for _, m := range textDatesEN.FindAllStringIndex(text[from:to], -1) {
			m[0], m[1] = m[0]+from, m[1]+from
			if t, ok := Parse(text[m[0]:m[1]], loc, now); ok && Valid(t, now) && labelled(text[:m[0]]) {
				return t, true
			}
		}
	}
	return first, !first.IsZero()
}

// englishSpan is the part of text where textDatesEN's matches lie, so
// that the backtracker is not given the whole window: from three bytes
// before the first month's name (a day before it), backed to a word's
// start so that \b reads there as in the whole text, to one byte past the
// last space and four digits, which end every match (the byte keeps the
// \b after them as it was).
func englishSpan(text string) (from, to int) {
	from = len(text)
	for _, m := range [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if i := strings.Index(text[:min(len(text), from+len(m))], m); i >= 0 && i < from {
			from = i
		}
	}
	from = max(0, from-3)
	for from > 0 && wordByte(text[from-1]) {
		from--
	}
	to = from
	for i := len(text) - 5; i >= from; i-- {
		if text[i] == ' ' && isDigit(text[i+1]) && isDigit(text[i+2]) && isDigit(text[i+3]) && isDigit(text[i+4]) {
			to = min(len(text), i+6)
			break
		}
	}
	return from, to
}

// wordByte is what \b counts as a word's byte.
func wordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// monthName reports whether s, in lower case, holds the start of an
// English month's name, as every textDatesEN match does.
func monthName(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if s[i] < 'a' || s[i] > 's' {
			continue
		}
		switch s[i : i+3] {
		case "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec":
			return true
		}
	}
	return false
}

// labelled reports whether the text just before a date labels it.
func labelled(before string) bool {
	if i := len(before) - runeOffsetFromEnd(before, 12); i > 0 {
		before = before[i:]
	}
	for _, l := range dateLabels {
		if strings.Contains(before, l) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// hasDigit reports an ASCII or a full-width digit (U+FF10–U+FF19, which
// dateText makes ASCII) in s.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) || s[i] == 0xef && i+2 < len(s) && s[i+1] == 0xbc && s[i+2] >= 0x90 && s[i+2] <= 0x99 {
			return true
		}
	}
	return false
}

// nextYear is the first index from i on where four ASCII digits stand, as
// every textDates match starts; -1 if none does.
func nextYear(s string, i int) int {
	for run := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			run = 0
			continue
		}
		if run++; run == 4 {
			return i - 3
		}
	}
	return -1
}

func startsWithDigit(s string) bool { return s != "" && isDigit(s[0]) }

// digits counts the ASCII digits s starts with.
func digits(s string) int { return len(s) - len(strings.TrimLeft(s, "0123456789")) }

// atoi reads a run of ASCII digits that a pattern has already matched.
func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// runeOffset returns the byte offset of the n-th rune of s, or len(s).
func runeOffset(s string, n int) int {
	if len(s) <= n {
		return len(s) // no more runes than bytes
	}
	i := 0
	for ; n > 0 && i < len(s); n-- {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// runeOffsetFromEnd returns how many bytes the last n runes of s take.
func runeOffsetFromEnd(s string, n int) int {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return len(s) - i
}
