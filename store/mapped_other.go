//go:build !linux

package store

// dropMapped does nothing here: the pages a pass read stay mapped until the
// system needs the memory (see mapped_linux.go).
func (s *Store) dropMapped() {}
