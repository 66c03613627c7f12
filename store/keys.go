package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"time"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

// The keys bucket holds one kind of key per prefix byte:
//
//	a + candidate id            -> stored id   (an item saved under another story's id)
//	g + source + 0 + guid       -> stored id   (a source's own GUID)
//	l + canonical link          -> stored id
//	t + title hash + stored id  -> sortable published time (8 bytes)
//	f + band + 16 bits + id     -> fingerprint (8 bytes)
//
// Exact keys (a, g, l) point at one id, the first one recorded. Title and
// fingerprint keys carry the id in the key, so that many stories may share a
// title or a band and a prefix scan lists them all.
const (
	prefixAlias       = 'a'
	prefixGUID        = 'g'
	prefixLink        = 'l'
	prefixTitle       = 't'
	prefixFingerprint = 'f'
)

// fingerprintBands splits a 64-bit fingerprint into four 16-bit bands: two
// fingerprints within Hamming distance 3 agree on at least one band, so
// looking up each band finds every candidate.
const fingerprintBands = 4

// maxBandDistance is the largest distance the band index finds every match for.
const maxBandDistance = fingerprintBands - 1

// matchPolicy is how SavePoll recognises one story across sources.
type matchPolicy struct {
	titleWindow time.Duration
	maxDistance int // -1: fingerprints off
}

func newMatchPolicy(opts Options) matchPolicy {
	p := matchPolicy{titleWindow: opts.TitleWindow, maxDistance: opts.MaxDistance}
	if p.titleWindow <= 0 {
		p.titleWindow = DefaultTitleWindow
	}
	switch {
	case opts.MaxDistance == 0:
		p.maxDistance = DefaultMaxDistance
	case opts.MaxDistance < 0:
		p.maxDistance = -1
	case opts.MaxDistance > maxBandDistance:
		p.maxDistance = maxBandDistance
	}
	return p
}

func aliasKey(candidate string) []byte {
	return append([]byte{prefixAlias}, candidate...)
}

func guidKey(source, guid string) []byte {
	k := make([]byte, 0, 2+len(source)+len(guid))
	k = append(k, prefixGUID)
	k = append(k, source...)
	k = append(k, 0)
	return append(k, guid...)
}

func linkKey(link string) []byte {
	return append([]byte{prefixLink}, link...)
}

// titlePrefix is the scan prefix of every story with the title key title.
func titlePrefix(title string) []byte {
	sum := sha256.Sum256([]byte(title))
	return append([]byte{prefixTitle}, sum[:8]...)
}

func titleKey(title, id string) []byte {
	return append(titlePrefix(title), id...)
}

// bandPrefix is the scan prefix of band b of fingerprint fp.
func bandPrefix(fp uint64, b int) []byte {
	v := uint16(fp >> (16 * b))
	return []byte{prefixFingerprint, byte(b), byte(v >> 8), byte(v)}
}

func bandKey(fp uint64, b int, id string) []byte {
	return append(bandPrefix(fp, b), id...)
}

// match is an item found for an incoming one.
type match struct {
	id string
	// exact is true for the item's own id, an alias, its GUID or its link:
	// keys that say "this very item", which a tombstone answers too.
	exact bool
	// tombstoned is true when the id was pruned.
	tombstoned bool
}

// resolve finds the stored story an incoming item belongs to: its own id, an
// alias, its source's GUID, its canonical link, then (only among stories its
// source has not carried) the same title key within the window and a
// near-identical fingerprint. ok is false for a new story.
func (p matchPolicy) resolve(tx *bbolt.Tx, it *feeds.Item) (m match, ok bool) {
	items := tx.Bucket(bucketItems)
	tombs := tx.Bucket(bucketTombstones)
	keys := tx.Bucket(bucketKeys)

	exact := func(id []byte) (match, bool) {
		if id == nil {
			return match{}, false
		}
		if items.Get(id) != nil {
			return match{id: string(id), exact: true}, true
		}
		if tombs.Get(id) != nil {
			return match{id: string(id), exact: true, tombstoned: true}, true
		}
		return match{}, false // a key left behind by a vanished item
	}
	if m, ok := exact([]byte(it.ID)); ok {
		return m, true
	}
	if m, ok := exact(keys.Get(aliasKey(it.ID))); ok {
		return m, true
	}
	if it.Keys.GUID != "" {
		if m, ok := exact(keys.Get(guidKey(it.Source, it.Keys.GUID))); ok {
			return m, true
		}
	}
	if it.Keys.Link != "" {
		if m, ok := exact(keys.Get(linkKey(it.Keys.Link))); ok {
			return m, true
		}
	}

	// Fuzzy matches join stories of other sources only: within one source,
	// a repeated title or a shared template is a different item.
	otherStory := func(id []byte) bool {
		v := items.Get(id)
		if v == nil {
			return false
		}
		var head itemHead
		if err := json.Unmarshal(v, &head); err != nil {
			return false
		}
		return head.Source != it.Source && !contains(head.Sources, it.Source)
	}
	if it.Keys.Title != "" {
		prefix := titlePrefix(it.Keys.Title)
		c := keys.Cursor()
		want := it.Published
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(v) != 8 {
				continue
			}
			id := k[len(prefix):]
			if withinWindow(binary.BigEndian.Uint64(v), sortableTime(want), p.titleWindow) && otherStory(id) {
				return match{id: string(id)}, true
			}
		}
	}
	if fp := it.Keys.Fingerprint; fp != 0 && p.maxDistance >= 0 {
		c := keys.Cursor()
		for b := range fingerprintBands {
			prefix := bandPrefix(fp, b)
			for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
				if len(v) != 8 || bits.OnesCount64(binary.BigEndian.Uint64(v)^fp) > p.maxDistance {
					continue
				}
				if id := k[len(prefix):]; otherStory(id) {
					return match{id: string(id)}, true
				}
			}
		}
	}
	return match{}, false
}

// withinWindow reports whether two sortable times are at most w apart.
func withinWindow(a, b uint64, w time.Duration) bool {
	if a < b {
		a, b = b, a
	}
	return a-b <= uint64(w.Nanoseconds())
}

// recordKeys writes the keys of an incoming item as pointing at id, the
// story it was saved under, and lists new ones in item_keys so that they go
// with the story's tombstone.
func recordKeys(tx *bbolt.Tx, it *feeds.Item, id string) error {
	keys := tx.Bucket(bucketKeys)
	var added [][]byte
	putExact := func(k []byte) error {
		if keys.Get(k) != nil {
			return nil
		}
		added = append(added, k)
		return keys.Put(k, []byte(id))
	}
	if it.ID != id {
		if err := putExact(aliasKey(it.ID)); err != nil {
			return err
		}
	}
	if it.Keys.GUID != "" {
		if err := putExact(guidKey(it.Source, it.Keys.GUID)); err != nil {
			return err
		}
	}
	if it.Keys.Link != "" {
		if err := putExact(linkKey(it.Keys.Link)); err != nil {
			return err
		}
	}
	putValue := func(k, v []byte) error {
		if keys.Get(k) != nil {
			return nil
		}
		added = append(added, k)
		return keys.Put(k, v)
	}
	if it.Keys.Title != "" {
		v := binary.BigEndian.AppendUint64(nil, sortableTime(it.Published))
		if err := putValue(titleKey(it.Keys.Title, id), v); err != nil {
			return err
		}
	}
	if fp := it.Keys.Fingerprint; fp != 0 {
		v := binary.BigEndian.AppendUint64(nil, fp)
		for b := range fingerprintBands {
			if err := putValue(bandKey(fp, b, id), v); err != nil {
				return err
			}
		}
	}
	if len(added) == 0 {
		return nil
	}
	ik := tx.Bucket(bucketItemKeys)
	list := bytes.Clone(ik.Get([]byte(id)))
	for _, k := range added {
		list = binary.AppendUvarint(list, uint64(len(k)))
		list = append(list, k...)
	}
	return ik.Put([]byte(id), list)
}

// forgetKeys deletes the keys recorded for id: exact keys only where they
// still point at id.
func forgetKeys(tx *bbolt.Tx, id string) error {
	ik := tx.Bucket(bucketItemKeys)
	keys := tx.Bucket(bucketKeys)
	list := bytes.Clone(ik.Get([]byte(id)))
	for len(list) > 0 {
		n, w := binary.Uvarint(list)
		if w <= 0 || uint64(len(list)-w) < n {
			break // damaged list: what is left stays behind, harmlessly
		}
		k := list[w : w+int(n)]
		list = list[w+int(n):]
		if len(k) == 0 {
			continue
		}
		switch k[0] {
		case prefixAlias, prefixGUID, prefixLink:
			if string(keys.Get(k)) != id {
				continue
			}
		}
		if err := keys.Delete(k); err != nil {
			return err
		}
	}
	return ik.Delete([]byte(id))
}
