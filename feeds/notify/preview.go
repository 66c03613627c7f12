package notify

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Preview is what one target would be sent now: edufeed notify -dry-run.
type Preview struct {
	Target, Kind, Mode string
	// Due is when a digest goes out; zero for mode each.
	Due time.Time
	// Messages are the messages as plain text, in the order they would go.
	Messages []string
}

// Preview renders what each target would be sent if its step ran now,
// its rate window empty and any digest due. It sends and writes nothing
// (on a read-only store, a target not seen before reads as new).
func (n *Notifier) Preview() ([]Preview, error) {
	runners, cls := n.current()
	now := n.opts.Now()
	var out []Preview
	for _, r := range runners {
		st, err := n.opts.Store.DeliveryState(r.t.Name, now)
		if err != nil {
			return nil, err
		}
		es, _, err := n.pending(r, cls, st)
		if err != nil {
			return nil, err
		}
		p := Preview{Target: r.t.Name, Kind: r.t.Kind, Mode: r.t.Mode}
		if r.t.Mode == ModeDigest {
			p.Due = r.t.Next(cmp.Or(st.LastDigest, st.Added))
			if len(es) > 0 {
				slices.SortStableFunc(es, func(a, b entry) int { return cmp.Or(b.Published.Compare(a.Published), cmp.Compare(b.Seq, a.Seq)) })
				more := 0
				if max := cmp.Or(r.t.MaxItems, 20); len(es) > max {
					es, more = es[:max], len(es)-max
				}
				p.Messages = append(p.Messages, newMessage(&r.t, es, true, more).plain())
			}
		} else {
			batches := plan(es, newLimiter(r.t.Kind).free(now), r.t.Kind)
			for _, batch := range batches {
				p.Messages = append(p.Messages, newMessage(&r.t, batch, false, 0).plain())
			}
			if sent := countEntries(batches); sent < len(es) {
				p.Messages = append(p.Messages, fmt.Sprintf("(%d more wait for the rate limit)", len(es)-sent))
			}
		}
		out = append(out, p)
	}
	return out, nil
}

func countEntries(batches [][]entry) int {
	n := 0
	for _, b := range batches {
		n += len(b)
	}
	return n
}
