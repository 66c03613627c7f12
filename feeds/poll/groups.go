package poll

import (
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/edufeed/edufeed/feeds"
)

// Sources that share a schedule share one cron entry: a group. Cron keeps an
// entry, its job closures and two times per entry and sorts all of them on
// every wake; with an entry per source that was most of the ~1 KB a source
// the scheduler held at 20,000 sources, nearly all on one schedule (issue
// 18). The group's tick queues each member after the member's own jitter,
// as that member's entry did.

// group is the cron entry of the sources whose schedules read the same in
// the same zone.
type group struct {
	key   string
	id    cron.EntryID
	sched cron.Schedule
	// ticks is what cron was given: it remembers cron's next tick.
	ticks *trackedSchedule
	// every is the schedule's interval when the group was made, which bounds
	// its members' jitter.
	every   time.Duration
	members map[*entry]struct{}
}

// groupKey names a source's group: its spec with spaces normalised, as
// parseSchedule reads it, and the zone a spec without its own is read in.
func groupKey(src feeds.Source) string {
	loc := src.Location
	if loc == nil {
		loc = time.Local
	}
	return strings.Join(strings.Fields(src.Schedule), " ") + "\x00" + loc.String()
}

// join adds e, a new entry of src, to the group of src's schedule, making
// the group and its cron entry if there is none; sched is src's schedule,
// parsed. The caller holds s.mu.
func (s *Scheduler) join(e *entry, src feeds.Source, sched cron.Schedule) {
	key := groupKey(src)
	g := s.groups[key]
	if g == nil {
		z := zoned(sched, src.Location)
		g = &group{
			key:     key,
			sched:   z,
			ticks:   &trackedSchedule{Schedule: z},
			every:   interval(z, s.now()),
			members: make(map[*entry]struct{}),
		}
		g.id = s.cron.Schedule(g.ticks, cron.FuncJob(func() { s.tickGroup(g) }))
		s.groups[key] = g
	}
	g.members[e] = struct{}{}
	e.g = g
}

// leave takes e out of its group, and the group's cron entry out of cron
// once no source is left in it. The caller holds s.mu.
func (s *Scheduler) leave(e *entry) {
	g := e.g
	delete(g.members, e)
	if len(g.members) == 0 {
		s.cron.Remove(g.id)
		delete(s.groups, g.key)
	}
}

// tickGroup is the job cron runs for g: each member's scheduled poll, after
// the member's jitter, queued for a worker (see runQueue). A member that a
// reload removes or changes during its jitter polls nothing (see current).
// Timers, not goroutines, wait out the jitters: a tick of a schedule shared
// by every source waited in 20,000 goroutines. A timer that fires after Stop
// queues nothing.
func (s *Scheduler) tickGroup(g *group) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	var now []queued
	for e := range g.members {
		if e.delay <= 0 {
			now = append(now, queued{e: e})
			continue
		}
		time.AfterFunc(e.delay, func() { s.queue(e) })
	}
	s.queueLocked(now...)
}
