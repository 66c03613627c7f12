package store

import (
	"context"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/merge"
)

// Backend is the store as the daemon uses it: the poller writes through it,
// the publisher, prune and the status pages read through it. *Store (one
// bbolt file) and store/postgres's Store (shared by several instances) are
// the implementations; store/storetest holds the contract both pass.
type Backend interface {
	// State returns a source's state, or a zero state with only Name set.
	State(name string) (feeds.SourceState, error)
	// States returns every source's state, by name.
	States() ([]feeds.SourceState, error)
	// StatesOf returns the states of the named sources, in the order of
	// names, as State would one by one (a zero state with only Name set for
	// a source not stored), read at once.
	StatesOf(names []string) ([]feeds.SourceState, error)
	// SaveState writes a source's state alone, keeping its ItemCount.
	SaveState(st feeds.SourceState) error
	// SavePoll writes one poll's items and the source's state all-in or
	// all-out, merging each item into the story it belongs to.
	SavePoll(items []feeds.Item, st feeds.SourceState, now time.Time) (feeds.PollResult, error)
	// Get returns the story stored under its own id.
	Get(id string) (feeds.Item, bool, error)
	// Items returns stories newest first.
	Items(q Query) ([]feeds.Item, error)
	// Version returns a counter bumped by every change of items and its time.
	Version() (uint64, time.Time, error)
	// Stats reports counts and size; Path never holds a password.
	Stats() (Stats, error)
	// Prune removes old stories, leaving tombstones, and forgets old tombstones.
	Prune(ctx context.Context, opts PruneOptions, now time.Time) (PruneResult, error)
	// Known returns what the store holds of each of ids it knows: as a
	// story (its title and updated date), as a copy merged into another
	// story, or as a pruned item's tombstone (both empty values).
	Known(ids []string) (map[string]feeds.Known, error)
	// SetSourceOrder replaces the config's source order, which breaks the
	// ties of a merge, for a config reload.
	SetSourceOrder(names []string)
	// Path names the store for messages: the file, or the database's DSN
	// without its password.
	Path() string
	// Close releases the store.
	Close() error
}

var _ Backend = (*Store)(nil)

// EncodeItem is the stored form of an item, the same bytes for the same
// item in every backend, so that "unchanged" means the same everywhere.
func EncodeItem(it *feeds.Item) []byte { return encodeItem(nil, it) }

// DecodeItem reads what EncodeItem wrote.
func DecodeItem(v []byte) (feeds.Item, error) { return decodeItem(v) }

// MatchKeys are an item's merge keys as a store indexes them: fixed-width
// hashes of the exact keys (a GUID within its source), the title key's hash
// and the published time in sortable form.
type MatchKeys struct {
	ID, GUID, Link []byte // nil when the item has no such key
	Title          uint64 // 0 when the item has no title key
	At             int64  // the published time, unix ns, clamped
}

// MatchKeysOf hashes an item's keys the way the bbolt store does.
func MatchKeysOf(it *feeds.Item) MatchKeys {
	h := hashKeys(it)
	k := MatchKeys{ID: h.id[:], Title: h.title, At: int64(sortableTime(it.Published) ^ (1 << 63))}
	if it.Keys.GUID != "" {
		k.GUID = h.guid[:]
	}
	if it.Keys.Link != "" {
		k.Link = h.link[:]
	}
	return k
}

// FingerprintBands splits a fingerprint into the four 16-bit bands a store
// indexes: two fingerprints within distance 3 share at least one.
func FingerprintBands(fp uint64) [fingerprintBands]uint16 {
	var b [fingerprintBands]uint16
	for i := range b {
		b[i] = uint16(fp >> (16 * i))
	}
	return b
}

// MatchRule is the merge rule with the store's thresholds applied, as
// SavePoll of every backend uses it.
func MatchRule(opts Options) merge.Rule { return newMatchPolicy(opts).rule }
