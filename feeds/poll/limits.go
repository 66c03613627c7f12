package poll

import (
	"context"
	"net/url"
	"strings"
	"sync"
)

// limits bounds fetches: a global cap and a cap per host, so that one slow
// site cannot take every slot and no site is hammered.
type limits struct {
	global  chan struct{}
	perHost int

	mu    sync.Mutex
	hosts map[string]chan struct{}
}

func newLimits(global, perHost int) *limits {
	return &limits{
		global:  make(chan struct{}, global),
		perHost: perHost,
		hosts:   make(map[string]chan struct{}),
	}
}

func (l *limits) host(key string) chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	sem, ok := l.hosts[key]
	if !ok {
		sem = make(chan struct{}, l.perHost)
		l.hosts[key] = sem
	}
	return sem
}

// acquire takes a slot for host, then a global slot, and returns the function
// that gives both back. Taking the host slot first keeps a poll that waits for
// a busy host from sitting on a global slot other hosts could use. It gives
// up when ctx ends or quit closes (quit may be nil).
func (l *limits) acquire(ctx context.Context, host string, quit <-chan struct{}) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	hs := l.host(host)
	select {
	case hs <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-quit:
		return nil, ErrStopped
	}
	select {
	case l.global <- struct{}{}:
	case <-ctx.Done():
		<-hs
		return nil, ctx.Err()
	case <-quit:
		<-hs
		return nil, ErrStopped
	}
	release = func() {
		<-l.global
		<-hs
	}
	// When a slot frees and quit closes together, select may pick the slot.
	select {
	case <-quit:
		release()
		return nil, ErrStopped
	default:
	}
	return release, nil
}

// hostKey names the host a fetch of raw goes to. Local files share one key.
func hostKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	if u.Scheme == "file" || u.Host == "" {
		return "file:"
	}
	return strings.ToLower(u.Host)
}

// sourceLocks keeps one lock per source name for the life of the scheduler,
// so that a poll started by an entry that a reload has since replaced still
// excludes the new entry's polls.
type sourceLocks struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (s *sourceLocks) get(name string) *sync.Mutex {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.locks == nil {
		s.locks = make(map[string]*sync.Mutex)
	}
	m, ok := s.locks[name]
	if !ok {
		m = new(sync.Mutex)
		s.locks[name] = m
	}
	return m
}
