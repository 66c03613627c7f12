package poll

import (
	"errors"
	"hash/fnv"
	"strconv"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/fetch"
)

// Defaults for how long a source may be held back.
const (
	// DefaultMaxBackoff caps the wait after failures, and a Retry-After.
	DefaultMaxBackoff = 6 * time.Hour
	// DefaultMaxCacheHint caps the wait a source's <ttl>, Cache-Control
	// max-age or Expires can ask for, so that a bad header cannot park it.
	DefaultMaxCacheHint = 24 * time.Hour
)

// minBackoffBase is the smallest backoff unit, for sources whose schedule
// gives no interval (a manual poll of a source with a bad schedule).
const minBackoffBase = time.Minute

// backoffDelay is how long a source waits after its n-th consecutive
// failure: d = min(limit, base·2^(n-1)), with "equal jitter", a delay in
// [d/2, d). Half of d is kept so that the wait still grows with every
// failure; the other half spreads sources that fail together (one host
// down) apart. The jitter is a hash of the source name and n rather than a
// random draw: restarts reproduce it and tests can check it exactly.
func backoffDelay(name string, n int, base, limit time.Duration) time.Duration {
	base = max(base, minBackoffBase)
	d := base
	// Doubling stops at the cap, so a long failure streak cannot overflow.
	for i := 1; i < n && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	half := d / 2
	if d-half <= 0 {
		return d
	}
	h := fnv.New64a()
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write([]byte(strconv.Itoa(n)))
	return half + time.Duration(h.Sum64()%uint64(d-half))
}

// retryAfter returns the wait a failed fetch's server asked for (a 429 or
// 503 with Retry-After, or any other status carrying one), or zero.
func retryAfter(err error) time.Duration {
	var se *fetch.StatusError
	if errors.As(err, &se) {
		return max(se.RetryAfter, 0)
	}
	return 0
}

// cacheWait is how long a successful fetch asks to be left alone: the
// longest of the feed's <ttl>, the response's max-age and its Expires
// (measured from at), capped at limit.
func cacheWait(ttl time.Duration, resp *fetch.Response, at time.Time, limit time.Duration) time.Duration {
	wait := max(ttl, resp.MaxAge)
	if !resp.Expires.IsZero() {
		wait = max(wait, resp.Expires.Sub(at))
	}
	return min(wait, limit)
}

// ttlOf converts a feed's <ttl> in minutes, capped at limit; a huge value
// would overflow time.Duration.
func ttlOf(minutes int, limit time.Duration) time.Duration {
	if minutes <= 0 {
		return 0
	}
	if int64(minutes) > int64(limit/time.Minute) {
		return limit
	}
	return time.Duration(minutes) * time.Minute
}

// holdUntil is the time before which scheduled ticks of a source do not
// poll it, or the zero time.
func holdUntil(st feeds.SourceState) time.Time {
	if st.NextPollAfter.After(st.BackoffUntil) {
		return st.NextPollAfter
	}
	return st.BackoffUntil
}

// period estimates how often src's schedule fires, or 0 when it has no
// valid schedule.
func period(src feeds.Source, now time.Time) time.Duration {
	sched, err := parseSchedule(src.Schedule)
	if err != nil {
		return 0
	}
	return interval(zoned(sched, src.Location), now)
}

// tickAtOrAfter returns the first firing of sched at or after t, given that
// next is its next firing.
func tickAtOrAfter(sched cron.Schedule, next, t time.Time) time.Time {
	if next.IsZero() || !next.Before(t) {
		return next
	}
	inner := sched
	if z, ok := sched.(zonedSchedule); ok {
		inner = z.Schedule
	}
	// "@every" counts from the last run, not from the clock: step from next.
	if cd, ok := inner.(cron.ConstantDelaySchedule); ok && cd.Delay > 0 {
		k := (t.Sub(next) + cd.Delay - 1) / cd.Delay
		return next.Add(k * cd.Delay)
	}
	// Next gives the first firing strictly after its argument.
	return sched.Next(t.Add(-time.Nanosecond))
}
