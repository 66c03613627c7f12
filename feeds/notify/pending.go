package notify

import (
	"cmp"
	"sync"
	"sync/atomic"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// keysOf are the delivery log keys of a story: its id and its link, so
// that a copy stored apart from it is not sent again either.
func keysOf(e entry) []string {
	keys := []string{"id:" + e.Item.ID}
	if e.Link != "" {
		keys = append(keys, "link:"+e.Link)
	}
	return keys
}

// pending reads the stories after the target's watermark and keeps those
// it selects and was not sent; last is the newest story read.
func (n *Notifier) pending(r *runner, cls Classifier, st feeds.DeliveryState) (es []entry, last uint64, err error) {
	stories, err := n.opts.Store.StoriesAfter(st.Watermark, readMax)
	if err != nil {
		return nil, st.Watermark, err
	}
	last = st.Watermark
	var keys []string
	seen := map[string]bool{}
	for _, s := range stories {
		last = s.Seq
		it := s.Item
		show, tags := true, it.Tags
		if cls != nil {
			show, tags = cls.Apply(&it)
		}
		if !show {
			continue
		}
		ok, grp := r.sel.pick(&it, tags)
		if !ok || (it.Link != "" && seen[it.Link]) {
			continue
		}
		seen[it.Link] = true
		it.Tags = tags
		carriers := it.Sources
		if len(carriers) == 0 {
			carriers = []string{it.Source}
		}
		names := make([]string, len(carriers))
		for i, c := range carriers {
			names[i] = n.opts.SourceTitle(c)
		}
		e := entry{Seq: s.Seq, Item: it, Title: cmp.Or(it.Title, "(无标题)"), Link: it.Link, Sources: names,
			Published: cmp.Or(it.Published, it.FirstSeen), Summary: clip(it.Summary, summaryRunes), Group: grp}
		es = append(es, e)
		keys = append(keys, keysOf(e)...)
	}
	if len(es) == 0 {
		return nil, last, nil
	}
	done, err := n.opts.Store.Delivered(r.t.Name, keys)
	if err != nil {
		return nil, st.Watermark, err
	}
	out := es[:0]
	k := 0
	for _, e := range es {
		sent := false
		for range keysOf(e) {
			sent = sent || done[k]
			k++
		}
		if !sent {
			out = append(out, e)
		}
	}
	return out, last, nil
}

// lane is what one target name keeps across reloads: an old runner still
// sending and its successor share it, so they never send the same stories
// at once, and the rate window and backoff carry over.
type lane struct {
	// busy: a step is running or about to.
	busy atomic.Bool
	// mu is held while the target sends: its step or a test message. The
	// fields below are used under it.
	mu          sync.Mutex
	kind        string
	url         Secret
	lim         *limiter
	nextAttempt time.Time
}

// adopt starts the lane afresh for t when t posts elsewhere than the lane
// did: another platform's limits, another robot's window.
func (l *lane) adopt(t *Target) {
	if l.lim != nil && l.kind == t.Kind && l.url == t.URL {
		return
	}
	l.kind, l.url, l.lim, l.nextAttempt = t.Kind, t.URL, newLimiter(t.Kind), time.Time{}
}
