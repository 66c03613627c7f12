package poll

import (
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/edufeed/edufeed/feeds"
)

// MinInterval is the shortest interval an "@every" schedule may ask for;
// cron would silently turn anything below a second into every second.
const MinInterval = time.Minute

// ErrInvalidSchedule is wrapped by every schedule validation error.
var ErrInvalidSchedule = errors.New("invalid schedule")

// specParser accepts standard 5-field specs, descriptors (@hourly, @every 15m)
// and a CRON_TZ= or TZ= prefix.
var specParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// reference is a fixed instant for checking that a schedule ever fires, so
// that validation does not depend on the clock.
var reference = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

// CheckSchedule reports whether spec is a schedule edufeed accepts: a 5-field
// cron spec or a descriptor, optionally prefixed with CRON_TZ=Zone, that fires
// at least once and, for "@every", no more often than MinInterval.
func CheckSchedule(spec string) error {
	_, err := parseSchedule(spec)
	return err
}

// NextRun returns the first time after now that spec fires. A spec without a
// CRON_TZ= prefix is read in loc (time.Local when nil); the result is in loc.
func NextRun(spec string, loc *time.Location, now time.Time) (time.Time, error) {
	sched, err := parseSchedule(spec)
	if err != nil {
		return time.Time{}, err
	}
	return zoned(sched, loc).Next(now), nil
}

// parseSchedule validates and parses a user's spec. The cron parser panics on
// some inputs (a bare "TZ=Zone"), so it runs under recover.
func parseSchedule(spec string) (sched cron.Schedule, err error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w %q: %s", ErrInvalidSchedule, spec, fmt.Sprintf(format, args...))
	}
	// The cron parser splits the zone prefix on a single space only.
	norm := strings.Join(strings.Fields(spec), " ")
	if norm == "" {
		return nil, bad("empty")
	}
	body := norm
	if strings.HasPrefix(norm, "TZ=") || strings.HasPrefix(norm, "CRON_TZ=") {
		prefix, rest, ok := strings.Cut(norm, " ")
		if !ok {
			return nil, bad("a time zone prefix needs a schedule after it, as in %q", "CRON_TZ=Asia/Shanghai 0 8 * * *")
		}
		if _, zone, _ := strings.Cut(prefix, "="); zone == "" {
			return nil, bad("empty time zone name")
		}
		body = rest
	}
	if d, ok := strings.CutPrefix(body, "@every "); ok {
		if every, err := time.ParseDuration(d); err == nil && every < MinInterval {
			return nil, bad("@every %s is more often than the minimum of %s", d, MinInterval)
		}
	}

	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, bad("%v", r)
		}
	}()
	sched, err = specParser.Parse(norm)
	if err != nil {
		return nil, bad("%v", err)
	}
	if cd, ok := sched.(cron.ConstantDelaySchedule); ok && cd.Delay < MinInterval {
		return nil, bad("runs more often than the minimum of %s", MinInterval)
	}
	if sched.Next(reference).IsZero() {
		return nil, bad("never fires")
	}
	return sched, nil
}

// zonedSchedule reads a spec without its own zone in a source's zone, rather
// than in the process's local zone.
type zonedSchedule struct {
	cron.Schedule
	loc *time.Location
}

func zoned(s cron.Schedule, loc *time.Location) zonedSchedule {
	if loc == nil {
		loc = time.Local
	}
	return zonedSchedule{s, loc}
}

// Next implements cron.Schedule. A spec with its own CRON_TZ converts again,
// so its zone wins.
func (z zonedSchedule) Next(t time.Time) time.Time {
	return z.Schedule.Next(t.In(z.loc))
}

// interval estimates a schedule's period from two consecutive firings after now.
func interval(s cron.Schedule, now time.Time) time.Duration {
	a := s.Next(now)
	if a.IsZero() {
		return 0
	}
	b := s.Next(a)
	if b.IsZero() {
		return 0
	}
	return b.Sub(a)
}

// jitter is a source's fixed delay after each cron tick, in
// [0, min(limit, every/10)), derived from its name so that sources sharing a
// schedule spread out the same way on every tick.
func jitter(name string, every, limit time.Duration) time.Duration {
	bound := min(limit, every/10)
	if bound <= 0 {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(name))
	return time.Duration(h.Sum64() % uint64(bound))
}

// schedules parses the schedule of every enabled source, reporting all
// invalid ones and repeated names at once.
func schedules(srcs []feeds.Source) (map[string]cron.Schedule, error) {
	out := make(map[string]cron.Schedule, len(srcs))
	seen := make(map[string]bool, len(srcs))
	// Sources mostly share a few specs: each is parsed once.
	type parsed struct {
		sched cron.Schedule
		err   error
	}
	bySpec := make(map[string]parsed)
	var errs []error
	for _, src := range srcs {
		if seen[src.Name] {
			errs = append(errs, fmt.Errorf("source %q: name used twice", src.Name))
			continue
		}
		seen[src.Name] = true
		if !src.Enabled {
			continue
		}
		p, ok := bySpec[src.Schedule]
		if !ok {
			p.sched, p.err = parseSchedule(src.Schedule)
			bySpec[src.Schedule] = p
		}
		sched, err := p.sched, p.err
		if err != nil {
			errs = append(errs, fmt.Errorf("source %q: %w", src.Name, err))
			continue
		}
		out[src.Name] = sched
	}
	return out, errors.Join(errs...)
}

// SameSource reports whether b is a as it was: the one definition of "the
// source changed" for a reload, used by the scheduler (a changed source gets
// a new entry) and by the reload report. Zones compare by name, since
// loading a zone twice gives two equal but distinct values, and a nil slice
// equals an empty one.
func SameSource(a, b feeds.Source) bool {
	return a.Name == b.Name && a.Title == b.Title && a.URL == b.URL && a.Schedule == b.Schedule &&
		slices.Equal(a.Tags, b.Tags) && a.Location.String() == b.Location.String() &&
		a.Enabled == b.Enabled && a.Timeout == b.Timeout && a.UserAgent == b.UserAgent &&
		a.AllowPrivate == b.AllowPrivate && sameRules(a.CleanRules(), b.CleanRules()) &&
		a.Type == b.Type && a.Robots == b.Robots && a.ListRules() == b.ListRules() && sameArticles(a.ArticleRules(), b.ArticleRules())
}

// sameArticles reports whether two sources fetch and read article pages alike.
func sameArticles(a, b feeds.ArticleRules) bool {
	return a.ForLists == b.ForLists && a.ForFeeds == b.ForFeeds && a.Max == b.Max &&
		a.Content == b.Content && slices.Equal(a.Remove, b.Remove)
}
