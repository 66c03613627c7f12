package postgres

// HoldSaves marks the save queue busy, as a save running would, so that
// the polls saved meanwhile wait and are then saved together, in the order
// they arrived (at most maxGroupPolls to a transaction). pending counts
// them; release starts them.
func (s *Store) HoldSaves() (pending func() int, release func()) {
	q := &s.saves
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.busy {
		panic("HoldSaves: a save is running")
	}
	q.busy = true
	pending = func() int {
		q.mu.Lock()
		defer q.mu.Unlock()
		return len(q.pending)
	}
	return pending, q.handOver
}

// MaxGroupPolls is maxGroupPolls, for tests.
const MaxGroupPolls = maxGroupPolls
