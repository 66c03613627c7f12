package store

import (
	"crypto/sha256"
	"encoding/binary"

	"github.com/edufeed/edufeed/feeds"
)

// A story's merge keys are a list of entries, a kind byte and a fixed-width
// payload each, kept in the keys bucket under the story's sequence number:
//
//	i + hash(id)               an id the story is known by: its own, and the
//	                           ids of items from other sources merged into it
//	g + hash(source, 0, guid)  a source's own GUID
//	l + hash(canonical link)
//	t + title hash + time      the title key, and the sortable published
//	                           time of the item that brought it
//	f + fingerprint
//
// Hashes are the first 16 bytes of SHA-256 (the title hash, its first 8), so
// entries are short and fixed-width; two different keys share one with a
// chance of about 2^-128, far below a disk's own error rate. Exact keys (i, g,
// l) point at one story, the first that recorded them. Title and fingerprint
// entries may be shared by many stories.
//
// The lookup table of all stories' keys is keyIndex, in memory: looking a
// key up in a bbolt bucket is cheap, but inserting one dirties a page at a
// random place, and seven keys per story made those pages most of what a
// commit wrote. The list is kept for as long as the story or its tombstone
// lives, and the table is built from the lists before the first write.
const (
	kindID          = 'i'
	kindGUID        = 'g'
	kindLink        = 'l'
	kindTitle       = 't'
	kindFingerprint = 'f'
)

// exactKey is the hash of an exact key (kind included).
type exactKey [16]byte

// entryLen is the length of a key list entry of kind, kind byte included,
// or 0 for an unknown kind.
func entryLen(kind byte) int {
	switch kind {
	case kindID, kindGUID, kindLink:
		return 1 + len(exactKey{})
	case kindTitle:
		return 1 + 8 + 8
	case kindFingerprint:
		return 1 + 8
	}
	return 0
}

// hashExact is the exact key of kind for parts, which are joined by zero
// bytes (a GUID is only matched within its source).
func hashExact(kind byte, parts ...string) exactKey {
	h := sha256.New()
	h.Write([]byte{kind})
	for i, p := range parts {
		if i > 0 {
			h.Write([]byte{0})
		}
		h.Write([]byte(p))
	}
	var k exactKey
	copy(k[:], h.Sum(nil))
	return k
}

// hashedKeys are an incoming item's keys as the index holds them, hashed
// once for both resolve and recordKeys.
type hashedKeys struct {
	id, guid, link exactKey
	title          uint64
}

func hashKeys(it *feeds.Item) hashedKeys {
	h := hashedKeys{id: idKey(it.ID)}
	if it.Keys.GUID != "" {
		h.guid = guidKey(it.Source, it.Keys.GUID)
	}
	if it.Keys.Link != "" {
		h.link = linkKey(it.Keys.Link)
	}
	if it.Keys.Title != "" {
		h.title = titleHash(it.Keys.Title)
	}
	return h
}

func idKey(id string) exactKey             { return hashExact(kindID, id) }
func guidKey(source, guid string) exactKey { return hashExact(kindGUID, source, guid) }
func linkKey(link string) exactKey         { return hashExact(kindLink, link) }

// titleHash is the hash stories with the same title key share.
func titleHash(title string) uint64 {
	sum := sha256.Sum256([]byte(title))
	return binary.BigEndian.Uint64(sum[:8])
}

// keyEntry is one decoded entry of a key list.
type keyEntry struct {
	kind  byte
	exact exactKey // i, g, l
	hash  uint64   // t: the title hash
	at    uint64   // t: the sortable published time
	fp    uint64   // f
}

func appendEntry(list []byte, e keyEntry) []byte {
	list = append(list, e.kind)
	switch e.kind {
	case kindTitle:
		list = binary.BigEndian.AppendUint64(list, e.hash)
		return binary.BigEndian.AppendUint64(list, e.at)
	case kindFingerprint:
		return binary.BigEndian.AppendUint64(list, e.fp)
	}
	return append(list, e.exact[:]...)
}

// eachEntry calls fn for the entries of list, stopping at the first it
// cannot read (a damaged list loses its tail, harmlessly: those keys just
// match nothing).
func eachEntry(list []byte, fn func(keyEntry)) {
	for len(list) > 0 {
		n := entryLen(list[0])
		if n == 0 || len(list) < n {
			return
		}
		e := keyEntry{kind: list[0]}
		p := list[1:n]
		switch e.kind {
		case kindTitle:
			e.hash, e.at = binary.BigEndian.Uint64(p), binary.BigEndian.Uint64(p[8:])
		case kindFingerprint:
			e.fp = binary.BigEndian.Uint64(p)
		default:
			copy(e.exact[:], p)
		}
		fn(e)
		list = list[n:]
	}
}

func isExact(e keyEntry) bool { return isExactKind(e.kind) }

func isExactKind(kind byte) bool { return kind == kindID || kind == kindGUID || kind == kindLink }

// holdsExact reports whether a key list has the exact key k.
func holdsExact(list []byte, k exactKey) bool {
	// A plain walk: this runs for every exact hit.
	for len(list) > 0 {
		n := entryLen(list[0])
		if n == 0 || len(list) < n {
			return false
		}
		if isExactKind(list[0]) && exactKey(list[1:n]) == k {
			return true
		}
		list = list[n:]
	}
	return false
}

// listHas reports whether a key list has an entry for which match is true.
func listHas(list []byte, match func(keyEntry) bool) bool {
	has := false
	eachEntry(list, func(e keyEntry) { has = has || match(e) })
	return has
}
