package dates

import "time"

// Year-less dates ("01-10 12:00", "7月23日") are common on Chinese list
// pages and in feeds that copy them. Their year is inferred: at parse
// time from the fetch time alone (the most recent such date that is not in
// the future), and once the whole document is read from its other dates
// (PlaceYear), which is what tells a December item read in January, or an
// archive of 2024 read in 2026, from this year's.

// clockSkew is how far ahead of the fetch time a year-less date may lie
// and still take the current year: a source's clock a few minutes fast,
// not a date in the future.
const clockSkew = 10 * time.Minute

// agreeSpan is how far apart a document's dated items may lie for their
// dates to agree on where its year-less ones belong: a list of news spans
// weeks or months, while one that also pins a notice of years ago spans
// more, and then says nothing about the year.
const agreeSpan = 183 * 24 * time.Hour

// ReadDate is Parse that also says whether s wrote a year. A date without
// one has the most recent year that does not put it in the future; a
// caller that knows the document's other dates revises it with PlaceYear.
// Relative dates ("3小时前", "昨天 08:30") count back from now and are
// taken as written with a year.
func ReadDate(s string, loc *time.Location, now time.Time) (t time.Time, yearless, ok bool) {
	return parse(s, loc, now)
}

// PlaceYear gives t, a date written without a year (in any year: only
// its month, day, time and zone count), the year that puts it nearest the
// dated items of its document, others, when they agree (all within about
// half a year of each other), and otherwise the most recent year. Either
// way the result is never after now (but for a few minutes of a source's
// clock running fast); ok is false when no year can hold the date (29
// February with no leap year near).
func PlaceYear(t time.Time, others []time.Time, now time.Time) (time.Time, bool) {
	latest, ok := latestYear(t, now)
	if len(others) == 0 {
		return latest, ok
	}
	lo, hi := others[0], others[0]
	for _, o := range others[1:] {
		if o.Before(lo) {
			lo = o
		}
		if o.After(hi) {
			hi = o
		}
	}
	if hi.Sub(lo) > agreeSpan {
		return latest, ok
	}
	var best time.Time
	var bestGap time.Duration
	for y := lo.In(t.Location()).Year() - 1; y <= hi.In(t.Location()).Year()+1; y++ {
		c, ok := inYear(t, y)
		if !ok || c.After(now.Add(clockSkew)) {
			continue
		}
		gap := gapTo(c, lo, hi)
		if best.IsZero() || gap < bestGap || gap == bestGap && c.After(best) {
			best, bestGap = c, gap
		}
	}
	if best.IsZero() {
		return latest, ok
	}
	return best, true
}

// latestYear is t in the most recent year that does not put it after now.
func latestYear(t, now time.Time) (time.Time, bool) {
	y := now.In(t.Location()).Year()
	// Eight years back finds a leap year for 29 February.
	for range 9 {
		if c, ok := inYear(t, y); ok && !c.After(now.Add(clockSkew)) {
			return c, true
		}
		y--
	}
	return time.Time{}, false
}

// inYear is t's month, day and time of day in year y, in t's zone; false
// when y has no such day.
func inYear(t time.Time, y int) (time.Time, bool) {
	c := time.Date(y, t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	return c, c.Month() == t.Month() && c.Day() == t.Day()
}

// gapTo is how far t lies outside [lo, hi]; 0 inside.
func gapTo(t, lo, hi time.Time) time.Duration {
	switch {
	case t.Before(lo):
		return lo.Sub(t)
	case t.After(hi):
		return t.Sub(hi)
	}
	return 0
}
