package store

// The by_source index (schema 4): for every source that carried a story, one
// key naming the source, the story's published time and its number, so that
// a feed of a few sources (?source=, a channel's sources) reads their newest
// stories directly, and prune finds each source's newest stories, instead
// of either walking every story in the store. At a million stories a
// channel of one source in 2,000 read 400,000 stories' heads to find its
// 200 newest (0.7 s of CPU per render); an hourly prune read a million.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

// bucketBySource holds length-prefixed source name + by_time key -> empty.
var bucketBySource = []byte("by_source")

// seqSchema is the first schema that keys stories by sequence number;
// bySourceSchema (4) adds by_source to it.
const seqSchema = 3

// sourcePrefix is the part of a by_source key that names the source: its
// length first, so that no name's prefix is another's.
func sourcePrefix(name string) []byte {
	p := make([]byte, 0, binary.MaxVarintLen64+len(name)+timeKeyLen+seqLen)
	p = binary.AppendUvarint(p, uint64(len(name)))
	return append(p, name...)
}

// sourceKey is the by_source key of the story whose by_time key is tk,
// under source name.
func sourceKey(name string, tk []byte) []byte {
	return append(sourcePrefix(name), tk...)
}

// storySources are the names a story is indexed under: its sources and
// the source it is credited to, once each, without empty names.
func storySources(source string, sources []string) []string {
	out := make([]string, 0, len(sources)+1)
	for _, name := range union(sources, []string{source}) {
		if name != "" && !contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// indexSources puts the story tk under each of names.
func indexSources(b *bbolt.Bucket, names []string, tk []byte) error {
	for _, name := range names {
		if err := b.Put(sourceKey(name, tk), nil); err != nil {
			return err
		}
	}
	return nil
}

// unindexSources takes the story tk out from under each of names.
func unindexSources(b *bbolt.Bucket, names []string, tk []byte) error {
	for _, name := range names {
		if err := b.Delete(sourceKey(name, tk)); err != nil {
			return err
		}
	}
	return nil
}

// reindexSources moves a story's by_source keys from what old had to what
// merged has, when a merge changed its sources or its published time.
func reindexSources(b *bbolt.Bucket, old, merged *feeds.Item, oldTK, newTK []byte) error {
	was, is := storySources(old.Source, old.Sources), storySources(merged.Source, merged.Sources)
	moved := !bytes.Equal(oldTK, newTK)
	for _, name := range was {
		if moved || !contains(is, name) {
			if err := b.Delete(sourceKey(name, oldTK)); err != nil {
				return err
			}
		}
	}
	for _, name := range is {
		if moved || !contains(was, name) {
			if err := b.Put(sourceKey(name, newTK), nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// sourceCursor walks one source's stories in by_source, newest first.
type sourceCursor struct {
	c      *bbolt.Cursor
	prefix []byte
	tk     []byte // the by_time key of the story it is at; nil when done
}

// sourceEnd is past every key under prefix: after the prefix come exactly
// a time and a sequence number, and none of them is all ones.
func sourceEnd(prefix []byte) []byte {
	return append(bytes.Clone(prefix), bytes.Repeat([]byte{0xff}, timeKeyLen+seqLen)...)
}

// last positions the cursor on the source's newest story.
func (sc *sourceCursor) last() {
	end := sourceEnd(sc.prefix)
	k, _ := sc.c.Seek(end)
	switch {
	case k == nil:
		k, _ = sc.c.Last()
	case !bytes.Equal(k, end):
		k, _ = sc.c.Prev()
	}
	sc.at(k)
}

// prev moves the cursor to the source's next older story.
func (sc *sourceCursor) prev() {
	k, _ := sc.c.Prev()
	sc.at(k)
}

func (sc *sourceCursor) at(k []byte) {
	sc.tk = nil
	if len(k) == len(sc.prefix)+timeKeyLen+seqLen && bytes.HasPrefix(k, sc.prefix) {
		sc.tk = k[len(sc.prefix):]
	}
}

// eachBySource calls fn with the by_time key of every story carried by one
// of names, newest first, once each, until fn returns false. It merges the
// sources' lists; a story of two of them comes up in both at once (its key
// is the same) and is passed once.
func eachBySource(tx *bbolt.Tx, names []string, fn func(tk []byte) (bool, error)) error {
	b := tx.Bucket(bucketBySource)
	cursors := make([]*sourceCursor, 0, len(names))
	for _, name := range names {
		sc := &sourceCursor{c: b.Cursor(), prefix: sourcePrefix(name)}
		sc.last()
		if sc.tk != nil {
			cursors = append(cursors, sc)
		}
	}
	for {
		var newest []byte
		for _, sc := range cursors {
			if sc.tk != nil && (newest == nil || bytes.Compare(sc.tk, newest) > 0) {
				newest = sc.tk
			}
		}
		if newest == nil {
			return nil
		}
		// Keys stay valid while the transaction lasts, cursors moving on
		// or not.
		tk := newest
		for _, sc := range cursors {
			if sc.tk != nil && bytes.Equal(sc.tk, tk) {
				sc.prev()
			}
		}
		more, err := fn(tk)
		if err != nil || !more {
			return err
		}
	}
}

// newestBySource returns the keys (sequence numbers) of the stories that
// are among the keep newest of any of their sources, reading keep entries
// per source from by_source. A source's newest story may be the oldest in
// the store; before schema 4 this walked every story.
func newestBySource(tx *bbolt.Tx, keep int) map[string]struct{} {
	spared := make(map[string]struct{})
	c := tx.Bucket(bucketBySource).Cursor()
	k, _ := c.First()
	for k != nil {
		n, w := binary.Uvarint(k)
		if w <= 0 || len(k) != w+int(n)+timeKeyLen+seqLen {
			k, _ = c.Next() // not a key of ours; step over it
			continue
		}
		sc := &sourceCursor{c: c, prefix: bytes.Clone(k[:w+int(n)])}
		sc.last()
		for i := 0; i < keep && sc.tk != nil; i++ {
			spared[string(sc.tk[timeKeyLen:])] = struct{}{}
			sc.prev()
		}
		// On to the next source's first key.
		end := sourceEnd(sc.prefix)
		if k, _ = c.Seek(end); k != nil && bytes.Equal(k, end) {
			k, _ = c.Next()
		}
	}
	return spared
}

// bySourceBatch is how many stories one transaction of the schema 4
// upgrade indexes (a variable for the tests).
var bySourceBatch = 20000

// addBySource upgrades a schema 3 store in place to schema 4: it indexes
// every story under its sources, in transactions of bySourceBatch stories
// (a million stories take some seconds, once), and then sets the schema. A
// run cut short starts over: the schema is still 3.
func addBySource(db *bbolt.DB) error {
	err := upgradeInBatches(db, bucketBySource, func(tx *bbolt.Tx, from []byte) ([]byte, error) {
		var next []byte
		items := tx.Bucket(bucketItems)
		// Put in key order: each source's keys then go to the same few
		// pages instead of one page per story.
		var keys [][]byte
		c := tx.Bucket(bucketByTime).Cursor()
		k := seekFrom(c, from)
		for n := 0; k != nil; k, _ = c.Next() {
			if n == bySourceBatch {
				next = bytes.Clone(k)
				break
			}
			if len(k) != timeKeyLen+seqLen {
				continue
			}
			v := items.Get(k[timeKeyLen:])
			if v == nil {
				continue
			}
			head, err := decodeHead(v)
			if err != nil {
				return nil, fmt.Errorf("decode item %x: %w", k[timeKeyLen:], err)
			}
			for _, name := range storySources(head.Source, head.Sources) {
				keys = append(keys, sourceKey(name, k))
			}
			n++
		}
		slices.SortFunc(keys, bytes.Compare)
		bySource := tx.Bucket(bucketBySource)
		for _, key := range keys {
			if err := bySource.Put(key, nil); err != nil {
				return nil, err
			}
		}
		if next != nil {
			return next, nil
		}
		return nil, tx.Bucket(bucketMeta).Put(keySchema, encodeUint(bySourceSchema))
	})
	if err != nil {
		return fmt.Errorf("index stories by source: %w", err)
	}
	return nil
}
