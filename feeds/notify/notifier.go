package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// Options configure a Notifier.
type Options struct {
	Store Store
	// Classifier is the outputs' filter; nil shows every story with its
	// stored tags.
	Classifier Classifier
	Observer   Observer
	Logger     *slog.Logger
	// Client posts to robots and webhooks; default: a client with a 20 s
	// timeout.
	Client *http.Client
	// Interval is how often new stories are looked for; default 5 s.
	Interval time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
	// SourceTitle gives a source's display name; default: the name.
	SourceTitle func(name string) string
	// FeedLink is where a test message links to.
	FeedLink string
	// Backoff is the wait after the n-th failure in a row (n >= 1);
	// default 30 s doubling up to 30 minutes.
	Backoff func(n int) time.Duration
	// SMTPTLS, if set, is the base of STARTTLS's configuration (RootCAs
	// for a private CA); the server name is set per target.
	SMTPTLS *tls.Config
}

// Tuning of sending.
const (
	// batchAbove: more new stories than this at once go out batched.
	batchAbove = 3
	// batchMax stories go in one batched message at most.
	batchMax = 10
	// readMax bounds the stories one step reads.
	readMax = 1000
	// singlesMax bounds the messages one step sends to a target without
	// rate limits (webhooks), so that a step stays short.
	singlesMax = 100
	// rateWait is the wait after a platform's "too fast" without a Retry-After.
	rateWait = time.Minute
)

// Notifier sends new stories to its targets. Run is its loop; Update
// replaces the targets on a reload.
type Notifier struct {
	opts Options
	wake chan struct{}

	mu      sync.Mutex
	runners []*runner
	cls     Classifier
}

// runner is one target and what sending to it remembers in memory.
type runner struct {
	t    Target
	sel  *selector
	send func(ctx context.Context, c *http.Client, t *Target, m *Message, now time.Time) error

	// lane is shared by the runners that reloads make of one target name.
	lane *lane

	statusMu sync.Mutex
	status   feeds.NotifyStatus
}

// New builds a notifier for targets; nothing runs until Run.
func New(opts Options, targets []Target) (*Notifier, error) {
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 20 * time.Second}
	}
	if opts.Interval <= 0 {
		opts.Interval = 5 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.SourceTitle == nil {
		opts.SourceTitle = func(name string) string { return name }
	}
	if opts.Backoff == nil {
		opts.Backoff = func(n int) time.Duration {
			return min(30*time.Second<<min(n-1, 10), 30*time.Minute)
		}
	}
	n := &Notifier{opts: opts, wake: make(chan struct{}, 1), cls: opts.Classifier}
	if err := n.Update(targets, opts.Classifier); err != nil {
		return nil, err
	}
	return n, nil
}

func senderOf(kind string, smtpTLS *tls.Config) (func(context.Context, *http.Client, *Target, *Message, time.Time) error, error) {
	switch kind {
	case KindWeCom:
		return sendWeCom, nil
	case KindDingTalk:
		return sendDingTalk, nil
	case KindFeishu:
		return sendFeishu, nil
	case KindSlack:
		return sendSlack, nil
	case KindWebhook:
		return sendWebhook, nil
	case KindEmail:
		return func(ctx context.Context, _ *http.Client, t *Target, m *Message, now time.Time) error {
			return sendEmail(ctx, t, m, now, smtpTLS)
		}, nil
	}
	return nil, fmt.Errorf("unknown kind %q", kind)
}

// Update replaces the targets and the classifier, as a reload does. A
// target kept under the same name, kind and URL keeps its rate window and
// backoff; its delivery log lives in the store whatever happens here.
func (n *Notifier) Update(targets []Target, cls Classifier) error {
	runners := make([]*runner, 0, len(targets))
	for _, t := range targets {
		sel, err := compileSelection(t.Select)
		if err != nil {
			return fmt.Errorf("notify target %q: %w", t.Name, err)
		}
		send, err := senderOf(t.Kind, n.opts.SMTPTLS)
		if err != nil {
			return fmt.Errorf("notify target %q: %w", t.Name, err)
		}
		if t.Mode == "" {
			t.Mode = ModeEach
		}
		if t.Mode == ModeDigest && t.Next == nil {
			return fmt.Errorf("notify target %q: a digest needs a schedule", t.Name)
		}
		r := &runner{t: t, sel: sel, send: send, lane: &lane{}}
		r.status = feeds.NotifyStatus{Name: t.Name, Kind: t.Kind, Mode: t.Mode, Endpoint: t.Endpoint()}
		runners = append(runners, r)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, r := range runners {
		for _, old := range n.runners {
			if old.t.Name != r.t.Name {
				continue
			}
			r.lane = old.lane
			if old.t.Kind == r.t.Kind && old.t.URL == r.t.URL {
				old.statusMu.Lock()
				r.status = old.status
				r.status.Mode = r.t.Mode
				old.statusMu.Unlock()
			}
		}
	}
	n.runners, n.cls = runners, cls
	return nil
}

func (n *Notifier) current() ([]*runner, Classifier) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.runners, n.cls
}

// Wake asks Run to look for new stories now rather than at the next tick.
func (n *Notifier) Wake() {
	select {
	case n.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx ends, then waits for the sends under way. Each
// target steps in its own goroutine, so a slow one holds back no other.
func (n *Notifier) Run(ctx context.Context) {
	tick := time.NewTicker(n.opts.Interval)
	defer tick.Stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		runners, cls := n.current()
		for _, r := range runners {
			if r.lane.busy.CompareAndSwap(false, true) {
				wg.Go(func() {
					defer r.lane.busy.Store(false)
					n.step(ctx, r, cls)
				})
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-n.wake:
		}
	}
}

// Step runs one step of every target in turn and returns when they are
// done: what Run does each tick, for tests and one-off runs.
func (n *Notifier) Step(ctx context.Context) {
	runners, cls := n.current()
	for _, r := range runners {
		n.step(ctx, r, cls)
	}
}

// Status returns what operators see of each target, in config order.
func (n *Notifier) Status() []feeds.NotifyStatus {
	runners, _ := n.current()
	out := make([]feeds.NotifyStatus, len(runners))
	for i, r := range runners {
		r.statusMu.Lock()
		out[i] = r.status
		r.statusMu.Unlock()
	}
	return out
}

// ErrNoTarget: Test was asked for a target that is not configured.
var ErrNoTarget = errors.New("no such notify target")

// Test sends target name one test message now, outside its backlog and
// its delivery log.
func (n *Notifier) Test(ctx context.Context, name string) error {
	runners, _ := n.current()
	i := slices.IndexFunc(runners, func(r *runner) bool { return r.t.Name == name })
	if i < 0 {
		return fmt.Errorf("%w: %q", ErrNoTarget, name)
	}
	r := runners[i]
	r.lane.mu.Lock()
	defer r.lane.mu.Unlock()
	r.lane.adopt(&r.t)
	now := n.opts.Now()
	return n.deliver(ctx, r, testMessage(&r.t, n.opts.FeedLink, now), now)
}

// deliver sends m and counts the outcome; it does not touch the log.
func (n *Notifier) deliver(ctx context.Context, r *runner, m *Message, now time.Time) error {
	r.lane.lim.note(now)
	err := r.send(ctx, n.opts.Client, &r.t, m, now)
	stories := len(m.entries())
	result := ResultSent
	if err != nil {
		result = ResultFailed
		var se *SendError
		if errors.As(err, &se) && se.RateLimited {
			result = ResultRateLimited
		}
	}
	if n.opts.Observer != nil {
		n.opts.Observer.Notified(r.t.Name, result, stories)
	}
	return err
}
