package page

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// dateForm is one way list pages write an item's date.
type dateForm struct {
	re       *regexp.Regexp
	yearless bool
	// needs is what the text must hold for the form to be tried: regular
	// expressions cost more than the list finder's every other step.
	needs func(textTraits) bool
}

// textTraits are the cheap facts about a text that rule out forms.
type textTraits struct{ year, letter, month, relative bool }

func traitsOf(s string) textTraits {
	var t textTraits
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			run++
			if run >= 4 {
				t.year = true
			}
			continue
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			t.letter = true
		}
		run = 0
	}
	t.month = strings.Contains(s, "月")
	t.relative = strings.Contains(s, "前") || strings.Contains(s, "天") || strings.Contains(s, "刚")
	return t
}

// clockPart is the time of day some lists give after the date.
const clockPart = `(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?`

// englishMonth matches a month name or its abbreviation with a dot.
const englishMonth = `(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?`

// dateForms are the date forms of list pages: 2025-01-10, 2025/01/10,
// 2025.01.10 and 2025年1月10日 (brackets around them do not matter, as the
// match starts inside), English "January 10, 2025" and "10 Jan 2025", and
// the year-less 01-10, 01/10 and 1月10日 of ministry home columns, and the
// relative 3小时前, 昨天 08:30 and 刚刚 of portals.
var dateForms = []dateForm{
	{re: regexp.MustCompile(`\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]?` + clockPart),
		needs: func(t textTraits) bool { return t.year && t.month }},
	{re: regexp.MustCompile(`\d{4}[-/.]\d{1,2}[-/.]\d{1,2}` + clockPart),
		needs: func(t textTraits) bool { return t.year }},
	{re: regexp.MustCompile(`(?i)\b` + englishMonth + `\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}`),
		needs: func(t textTraits) bool { return t.year && t.letter }},
	{re: regexp.MustCompile(`(?i)\b\d{1,2}(?:st|nd|rd|th)?\s+` + englishMonth + `,?\s+\d{4}`),
		needs: func(t textTraits) bool { return t.year && t.letter }},
	{re: regexp.MustCompile(`\d{1,2}\s*月\s*\d{1,2}\s*[日号]`), yearless: true,
		needs: func(t textTraits) bool { return t.month }},
	{re: regexp.MustCompile(`\d{1,2}[-/]\d{1,2}` + clockPart), yearless: true,
		needs: func(textTraits) bool { return true }},
	{re: regexp.MustCompile(`\d+\s*(?:分钟|小时|个小时|天)前|(?:今天|昨天|前天)(?:\s*\d{1,2}:\d{2})?|刚刚`),
		needs: func(t textTraits) bool { return t.relative }},
}

// foundDate is a date as a list writes it.
type foundDate struct {
	raw      string
	yearless bool
}

// findDate returns the first date written in s. A match glued to more
// digits or to another separator is part of something else: a phone
// number, a score, a file number.
func findDate(s string) (foundDate, bool) {
	best, bestEnd := -1, -1
	var out foundDate
	if !strings.ContainsAny(s, "0123456789") && !strings.Contains(s, "天") && !strings.Contains(s, "刚刚") {
		return out, false
	}
	traits := traitsOf(s)
	for _, f := range dateForms {
		if !f.needs(traits) {
			continue
		}
		for _, m := range f.re.FindAllStringIndex(s, 4) {
			if glued(s, m[0], m[1]) {
				continue
			}
			if best < 0 || m[0] < best || m[0] == best && m[1] > bestEnd {
				best, bestEnd = m[0], m[1]
				out = foundDate{raw: s[m[0]:m[1]], yearless: f.yearless}
			}
			break
		}
	}
	return out, best >= 0
}

func glued(s string, start, end int) bool {
	if start > 0 && (isDigit(s[start-1]) || strings.ContainsRune("-/.", rune(s[start-1])) && start > 1 && isDigit(s[start-2])) {
		return true
	}
	if end < len(s) && (isDigit(s[end]) || end+1 < len(s) && strings.ContainsRune("-/", rune(s[end])) && isDigit(s[end+1])) {
		return true
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// ordinal drops the suffix of "10th", which the date parser does not read.
var ordinal = regexp.MustCompile(`(?i)(\d)(?:st|nd|rd|th)\b`)

// monthDot drops the dot of "Jan.".
var monthDot = regexp.MustCompile(`(?i)\b(` + `jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec` + `)\.`)

// readDate turns a found date into a time. A year-less date takes the
// year that makes it the most recent date not after now (so 12-31 read on
// 2025-01-15 is 2024-12-31, and 02-29 is the last leap day), and is marked
// inferred. A date that is not valid at now (before 1995, or after now's
// day) is no date.
func readDate(d foundDate, loc *time.Location, now time.Time) (t time.Time, inferred, ok bool) {
	s := monthDot.ReplaceAllString(ordinal.ReplaceAllString(d.raw, "$1"), "$1")
	if !d.yearless {
		t, ok = parseDate(s, loc, now)
		if !ok || !validDate(t, now) || !now.IsZero() && t.After(now) && !sameDay(t, now, loc) {
			return time.Time{}, false, false
		}
		return t, false, true
	}
	if now.IsZero() {
		return time.Time{}, false, false
	}
	join := "-"
	if strings.Contains(s, "月") {
		join = "年"
	} else if strings.Contains(s, "/") {
		join = "/"
	}
	y := now.In(zoneOr(loc)).Year()
	for year := y; year >= y-4; year-- { // four years back reaches a leap day
		t, ok := parseDate(fmt.Sprintf("%d%s%s", year, join, s), loc, now)
		if ok && (!t.After(now) || sameDay(t, now, loc)) && validDate(t, now) {
			return t, true, true
		}
	}
	return time.Time{}, false, false
}

// zoneOr is loc, or the zone naive dates default to.
func zoneOr(loc *time.Location) *time.Location {
	if loc == nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// sameDay reports whether a and b fall on one calendar day in loc.
func sameDay(a, b time.Time, loc *time.Location) bool {
	if loc == nil {
		loc = a.Location()
	}
	ya, ma, da := a.In(loc).Date()
	yb, mb, db := b.In(loc).Date()
	return ya == yb && ma == mb && da == db
}
