package notify

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// step sends what target r has waiting, as far as its backoff, its rate
// window and, for a digest, its schedule allow.
func (n *Notifier) step(ctx context.Context, r *runner, cls Classifier) {
	r.lane.mu.Lock()
	defer r.lane.mu.Unlock()
	r.lane.adopt(&r.t)
	now := n.opts.Now()
	if now.Before(r.lane.nextAttempt) {
		return
	}
	log := n.opts.Logger.With("target", r.t.Name, "kind", r.t.Kind)
	if c, ok := n.opts.Store.(Claimer); ok {
		release, mine, err := c.ClaimDelivery(ctx, r.t.Name)
		if err != nil {
			log.Error("notify: claim the target", "err", err)
			return
		}
		if !mine {
			return // another instance is sending for it now
		}
		defer release()
	}
	st, err := n.opts.Store.DeliveryState(r.t.Name, now)
	if err != nil {
		log.Error("notify: read delivery state", "err", err)
		return
	}
	es, last, err := n.pending(r, cls, st)
	if err != nil {
		log.Error("notify: read new stories", "err", err)
		return
	}
	r.setStatus(st, len(es), r.lane.nextAttempt, time.Time{})
	if r.t.Mode == ModeDigest {
		n.digest(ctx, r, st, es, last, now)
		return
	}
	if len(es) == 0 {
		if last > st.Watermark {
			st.Watermark = last
			if err := n.opts.Store.SaveDeliveryState(st); err != nil {
				log.Error("notify: save delivery state", "err", err)
			}
		}
		return
	}
	for _, batch := range plan(es, r.lane.lim.free(now), r.t.Kind) {
		m := newMessage(&r.t, batch, false, 0)
		upto := batch[len(batch)-1].Seq
		if batch[len(batch)-1].Seq == es[len(es)-1].Seq {
			upto = last // the stories not selected after the last one are dealt with too
		}
		if !n.sent(ctx, r, &st, m, batch, upto, now, nil) {
			r.setStatus(st, len(es), r.lane.nextAttempt, time.Time{})
			return
		}
		es = es[len(batch):]
	}
	if len(es) > 0 {
		// The rate window is full: the rest waits for it, in order.
		r.lane.nextAttempt = r.lane.lim.next(now)
	}
	r.setStatus(st, len(es), r.lane.nextAttempt, time.Time{})
}

// digest sends target r's digest when it is due: the newest max_items of
// the selected stories, grouped.
func (n *Notifier) digest(ctx context.Context, r *runner, st feeds.DeliveryState, es []entry, last uint64, now time.Time) {
	due := r.t.Next(cmp.Or(st.LastDigest, st.Added))
	r.setStatus(st, len(es), r.lane.nextAttempt, due)
	if now.Before(due) {
		return
	}
	if len(es) == 0 {
		st.LastDigest, st.Watermark = now, last
		if err := n.opts.Store.SaveDeliveryState(st); err != nil {
			n.opts.Logger.Error("notify: save delivery state", "target", r.t.Name, "err", err)
		}
		r.setStatus(st, 0, r.lane.nextAttempt, r.t.Next(now))
		return
	}
	slices.SortStableFunc(es, func(a, b entry) int {
		return cmp.Or(b.Published.Compare(a.Published), cmp.Compare(b.Seq, a.Seq))
	})
	more := 0
	if max := cmp.Or(r.t.MaxItems, 20); len(es) > max {
		es, more = es[:max], len(es)-max
	}
	done := func(st *feeds.DeliveryState) { st.LastDigest = now }
	if n.sent(ctx, r, &st, newMessage(&r.t, es, true, more), es, last, now, done) {
		r.setStatus(st, 0, r.lane.nextAttempt, r.t.Next(now))
		return
	}
	r.setStatus(st, len(es)+more, r.lane.nextAttempt, due)
}

// plan splits the waiting stories into messages that the rate window
// allows now: one message each when they are few, else batches.
func plan(es []entry, free int, kind string) [][]entry {
	var out [][]entry
	if kind == KindWebhook || len(es) <= min(free, batchAbove) {
		for _, e := range es[:min(len(es), free, singlesMax)] {
			out = append(out, []entry{e})
		}
		return out
	}
	for len(es) > 0 && len(out) < free {
		k := min(len(es), batchMax)
		out = append(out, es[:k])
		es = es[k:]
	}
	return out
}

// sent sends m, carrying batch, and records the outcome: on success the
// delivery log gets the batch and the watermark moves to upto, in one
// write, with what done adds to the state; on failure the target backs
// off. It reports success.
func (n *Notifier) sent(ctx context.Context, r *runner, st *feeds.DeliveryState, m *Message, batch []entry, upto uint64, now time.Time,
	done func(*feeds.DeliveryState)) bool {
	log := n.opts.Logger.With("target", r.t.Name, "kind", r.t.Kind)
	err := n.deliver(ctx, r, m, now)
	if err != nil {
		st.LastError, st.LastErrorAt = err.Error(), now
		st.ConsecutiveErrors++
		wait := n.opts.Backoff(st.ConsecutiveErrors)
		var se *SendError
		if errors.As(err, &se) && se.RateLimited {
			wait = cmp.Or(se.RetryAfter, rateWait)
		}
		r.lane.nextAttempt = now.Add(wait)
		if serr := n.opts.Store.SaveDeliveryState(*st); serr != nil {
			log.Error("notify: save delivery state", "err", serr)
		}
		log.Warn("notify: send failed; will retry", "stories", len(batch), "retry_in", wait, "err", err)
		return false
	}
	var keys []string
	for _, e := range batch {
		keys = append(keys, keysOf(e)...)
	}
	st.Watermark = max(st.Watermark, upto)
	st.LastDelivery = now
	st.Delivered += int64(len(batch))
	st.LastError, st.LastErrorAt, st.ConsecutiveErrors = "", time.Time{}, 0
	if done != nil {
		done(st)
	}
	if err := n.opts.Store.RecordDelivery(*st, keys, now); err != nil {
		// Sent but not recorded: stop, rather than send more that might
		// be sent again.
		log.Error("notify: record delivery", "err", err)
		r.lane.nextAttempt = now.Add(n.opts.Backoff(1))
		return false
	}
	log.Info("notify: sent", "stories", len(batch), "digest", m.Digest)
	return true
}

// setStatus publishes the target's state for Status.
func (r *runner) setStatus(st feeds.DeliveryState, backlog int, next, digest time.Time) {
	r.statusMu.Lock()
	defer r.statusMu.Unlock()
	s := &r.status
	s.LastDelivery, s.Delivered = st.LastDelivery, st.Delivered
	s.LastError, s.LastErrorAt, s.ConsecutiveErrors = st.LastError, st.LastErrorAt, st.ConsecutiveErrors
	s.Backlog, s.NextAttempt = backlog, next
	if !digest.IsZero() {
		s.NextDigest = digest
	}
}
