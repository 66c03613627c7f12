package store

import (
	"math"
	"time"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/merge"
)

// fingerprintBands splits a 64-bit fingerprint into four 16-bit bands: two
// fingerprints within Hamming distance 3 agree on at least one band, so
// looking up each band finds every candidate.
const fingerprintBands = 4

// maxBandDistance is the largest distance the band index finds every match for.
const maxBandDistance = fingerprintBands - 1

// matchPolicy is how SavePoll recognises one story across sources:
// merge's rule, with the store's thresholds. The store only finds the
// candidates; the rule decides.
type matchPolicy struct {
	rule merge.Rule
}

func newMatchPolicy(opts Options) matchPolicy {
	r := merge.Rule{TitleWindow: opts.TitleWindow, MaxDistance: opts.MaxDistance}
	if r.TitleWindow <= 0 {
		r.TitleWindow = DefaultTitleWindow
	}
	switch {
	case opts.MaxDistance == 0:
		r.MaxDistance = DefaultMaxDistance
	case opts.MaxDistance < 0:
		r.MaxDistance = -1
	case opts.MaxDistance > maxBandDistance:
		// The band index finds no candidate farther off.
		r.MaxDistance = maxBandDistance
	}
	return matchPolicy{rule: r}
}

// match is a story found for an incoming item.
type match struct {
	seq uint64
	// exact is true for the item's own id, an alias, its GUID or its link:
	// keys that say "this very item", which a tombstone answers too.
	exact bool
	// tombstoned is true when the story was pruned.
	tombstoned bool
}

// resolve finds the stored story an incoming item belongs to: by an id it
// is known by (its own, or an alias recorded by a merge), its source's GUID,
// its canonical link, then (only among stories its source has not carried)
// the same title key within the window and a near-identical fingerprint.
// When several stories share the title or fingerprint, the oldest wins. ok
// is false for a new story.
func (s *Store) resolve(tx *bbolt.Tx, it *feeds.Item, h *hashedKeys) (m match, ok bool) {
	items := tx.Bucket(bucketItems)
	tombs := tx.Bucket(bucketTombstones)
	keys := tx.Bucket(bucketKeys)
	idx := s.keys.Load()

	exact := func(k exactKey) (m match, ok bool) {
		idx.stories(k, func(seq uint64) bool {
			key := seqKey(seq)
			switch {
			case !holdsExact(keys.Get(key), k):
				// Another key's tag, or a story forgotten in this
				// transaction.
			case items.Get(key) != nil:
				m, ok = match{seq: seq, exact: true}, true
			case tombs.Get(key) != nil:
				m, ok = match{seq: seq, exact: true, tombstoned: true}, true
			}
			return ok
		})
		return m, ok
	}
	if m, ok := exact(h.id); ok {
		return m, true
	}
	if it.Keys.GUID != "" {
		if m, ok := exact(h.guid); ok {
			return m, true
		}
	}
	if it.Keys.Link != "" {
		if m, ok := exact(h.link); ok {
			return m, true
		}
	}

	// Fuzzy matches join stories of other sources only: within one source,
	// a repeated title or a shared template is a different item. A
	// candidate is looked at once, however many keys it shares.
	var checked []uint64
	best, found := uint64(0), false
	consider := func(seq uint64) {
		if found && seq >= best {
			return
		}
		for _, c := range checked {
			if c == seq {
				return
			}
		}
		checked = append(checked, seq)
		if otherStory(items, seq, it.Source) {
			best, found = seq, true
		}
	}
	if it.Keys.Title != "" {
		want := sortableTime(it.Published)
		idx.titles(h.title, func(seq, from, to uint64) {
			// The entry's time, which the story's key list holds (if it
			// has the title at all), lies between from and to.
			if !s.match.rule.SameTitle(gapTo(want, from, to)) {
				return
			}
			if listHas(keys.Get(seqKey(seq)), func(e keyEntry) bool {
				return e.kind == kindTitle && e.hash == h.title && s.match.rule.SameTitle(gap(e.at, want))
			}) {
				consider(seq)
			}
		})
		if found {
			return match{seq: best}, true
		}
	}
	if fp := it.Keys.Fingerprint; fp != 0 && s.match.rule.MaxDistance >= 0 {
		idx.fingerprints(fp, func(seq, other uint64) {
			if s.match.rule.SameText(fp, other) {
				consider(seq)
			}
		})
		if found {
			return match{seq: best}, true
		}
	}
	return match{}, false
}

// otherStory reports whether an item of source may join the live story seq
// by title or fingerprint (see merge.Joins).
func otherStory(items *bbolt.Bucket, seq uint64, source string) bool {
	v := items.Get(seqKey(seq))
	if v == nil {
		return false // pruned: only exact keys find a tombstone
	}
	head, err := decodeHead(v)
	if err != nil {
		return false
	}
	return merge.Joins(source, head.Source, head.Sources)
}

// gap is how far apart two sortable times are, at most math.MaxInt64.
func gap(a, b uint64) time.Duration {
	if a < b {
		a, b = b, a
	}
	return time.Duration(min(a-b, math.MaxInt64))
}

// gapTo is how far the sortable time at is from the span [from, to].
func gapTo(at, from, to uint64) time.Duration {
	switch {
	case at < from:
		return gap(from, at)
	case at > to:
		return gap(at, to)
	}
	return 0
}

// recordKeys records the keys of an incoming item for the story seq it was
// saved under, adding to the story's list those it lacks: an exact key that
// already points at another story stays with that one.
func (s *Store) recordKeys(tx *bbolt.Tx, it *feeds.Item, h *hashedKeys, seq uint64) error {
	items := tx.Bucket(bucketItems)
	tombs := tx.Bucket(bucketTombstones)
	keys := tx.Bucket(bucketKeys)
	key := seqKey(seq)
	list := keys.Get(key)
	idx := s.keys.Load()
	var add []byte
	putExact := func(kind byte, k exactKey) {
		if holdsExact(list, k) {
			return
		}
		// A key of a story that lives on (or is a tombstone) stays its;
		// one forgotten in this transaction is free again.
		held := false
		idx.stories(k, func(cur uint64) bool {
			key := seqKey(cur)
			held = holdsExact(keys.Get(key), k) && (items.Get(key) != nil || tombs.Get(key) != nil)
			return held
		})
		if held {
			return
		}
		add = appendEntry(add, keyEntry{kind: kind, exact: k})
		idx.addExact(k, seq)
	}
	putExact(kindID, h.id)
	if it.Keys.GUID != "" {
		putExact(kindGUID, h.guid)
	}
	if it.Keys.Link != "" {
		putExact(kindLink, h.link)
	}
	if it.Keys.Title != "" {
		e := keyEntry{kind: kindTitle, hash: h.title, at: sortableTime(it.Published)}
		if !listHas(list, func(o keyEntry) bool { return o.kind == kindTitle && o.hash == e.hash }) {
			add = appendEntry(add, e)
			idx.addTitle(e.hash, seq, e.at)
		}
	}
	if fp := it.Keys.Fingerprint; fp != 0 && !listHas(list, func(e keyEntry) bool { return e.kind == kindFingerprint && e.fp == fp }) {
		add = appendEntry(add, keyEntry{kind: kindFingerprint, fp: fp})
		idx.addFingerprint(fp, seq)
	}
	if len(add) == 0 {
		return nil
	}
	keys.FillPercent = appendOnly
	return keys.Put(key, append(append(make([]byte, 0, len(list)+len(add)), list...), add...))
}

// forgetKeys deletes the key list of the story seq and takes its keys out
// of the index when the transaction commits.
func (s *Store) forgetKeys(tx *bbolt.Tx, seq uint64) error {
	keys := tx.Bucket(bucketKeys)
	key := seqKey(seq)
	if list := keys.Get(key); list != nil {
		s.keys.Load().remove(seq, list)
	}
	return keys.Delete(key)
}
