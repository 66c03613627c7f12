package store

import (
	"errors"
	"fmt"

	"go.etcd.io/bbolt"
)

// readSchema is the schema of the file, 0 for a new, empty one. It fails
// for a file that is not an edufeed store or is too new.
func readSchema(tx *bbolt.Tx) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		// A bbolt file that holds someone else's buckets is not ours to change.
		empty := true
		_ = tx.ForEach(func([]byte, *bbolt.Bucket) error {
			empty = false
			return nil
		})
		if !empty {
			return 0, errNotEdufeed
		}
		return 0, nil
	}
	raw := meta.Get(keySchema)
	if raw == nil {
		return 0, errNotEdufeed
	}
	schema, err := decodeUint(raw)
	if err != nil {
		return 0, fmt.Errorf("read schema: %w", err)
	}
	if schema > SchemaVersion {
		return 0, fmt.Errorf("%w: the file has schema %d, this edufeed reads schema %d; upgrade edufeed or use another -store path", ErrNewerSchema, schema, SchemaVersion)
	}
	// An older file read as it is lacks the buckets later schemas add; the
	// read side never needs them.
	need := schema1Buckets
	if schema >= SchemaVersion {
		need = allBuckets[:5]
	}
	for _, name := range need {
		if tx.Bucket(name) == nil {
			return 0, fmt.Errorf("bucket %s is missing", name)
		}
	}
	return schema, nil
}

// hasSchema reports whether the file has everything initSchema makes.
func hasSchema(tx *bbolt.Tx) bool {
	for _, name := range allBuckets {
		if tx.Bucket(name) == nil {
			return false
		}
	}
	meta := tx.Bucket(bucketMeta)
	return meta.Get(keyItems) != nil && meta.Get(keySchema) != nil
}

// initSchema creates the buckets and schema number of a new file, and the
// buckets and item count of a schema 3 one that lacks them.
func initSchema(tx *bbolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	meta := tx.Bucket(bucketMeta)
	if meta.Get(keyItems) == nil {
		if err := meta.Put(keyItems, encodeUint(uint64(tx.Bucket(bucketItems).Stats().KeyN))); err != nil {
			return err
		}
	}
	if meta.Get(keySchema) == nil {
		return meta.Put(keySchema, encodeUint(SchemaVersion))
	}
	return nil
}

var errNotEdufeed = errors.New("the file is a bbolt database but not an edufeed store; use another -store path")

// upgradeInBatches builds the index bucket fresh (emptied first, so that a
// run cut short starts over) in write transactions: batch indexes the
// stories from the by_time key from on (nil: from the first) and returns
// the key to go on from, nil when it is done and has set the schema.
func upgradeInBatches(db *bbolt.DB, fresh []byte, batch func(tx *bbolt.Tx, from []byte) ([]byte, error)) error {
	if err := db.Update(func(tx *bbolt.Tx) error {
		if tx.Bucket(fresh) != nil {
			if err := tx.DeleteBucket(fresh); err != nil {
				return err
			}
		}
		_, err := tx.CreateBucket(fresh)
		return err
	}); err != nil {
		return err
	}
	var from []byte
	for {
		err := db.Update(func(tx *bbolt.Tx) error {
			var err error
			from, err = batch(tx, from)
			return err
		})
		if err != nil || from == nil {
			return err
		}
	}
}

// seekFrom moves c to the key from, or to the first key when from is nil,
// and returns the key it is at.
func seekFrom(c *bbolt.Cursor, from []byte) []byte {
	var k []byte
	if from == nil {
		k, _ = c.First()
	} else {
		k, _ = c.Seek(from)
	}
	return k
}
