package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

// stateMemo keeps each source's state as last decoded, with the bytes it
// was decoded from. The status outputs read every state on every request;
// a state that has not changed since is then a byte comparison instead of a
// JSON decode, which keeps a request over many sources cheap even while
// polls keep writing some of them.
type stateMemo struct {
	mu     sync.Mutex
	byName map[string]memoState
}

type memoState struct {
	raw []byte
	st  feeds.SourceState
}

// States returns every source's state, sorted by name, with its item
// count, all read in one transaction.
func (s *Store) States() ([]feeds.SourceState, error) {
	var states []feeds.SourceState
	m := &s.states
	m.mu.Lock()
	defer m.mu.Unlock()
	err := s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketSources)
		states = make([]feeds.SourceState, 0, len(m.byName))
		if m.byName == nil {
			m.byName = make(map[string]memoState)
		}
		// bbolt keeps keys in byte order, which is the order of Go strings.
		return b.ForEach(func(k, v []byte) error {
			if ms, ok := m.byName[string(k)]; ok && bytes.Equal(ms.raw, v) {
				states = append(states, ms.st)
				return nil
			}
			var st feeds.SourceState
			if err := json.Unmarshal(v, &st); err != nil {
				return fmt.Errorf("decode state of source %q: %w", k, err)
			}
			st.Name = string(k)
			// v lives in the memory map only as long as tx does.
			m.byName[st.Name] = memoState{raw: bytes.Clone(v), st: st}
			states = append(states, st)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", s.path, err)
	}
	// Forget the states of sources deleted since.
	if len(m.byName) > len(states) {
		keep := make(map[string]bool, len(states))
		for _, st := range states {
			keep[st.Name] = true
		}
		for name := range m.byName {
			if !keep[name] {
				delete(m.byName, name)
			}
		}
	}
	return states, nil
}
