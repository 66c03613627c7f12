//go:build !linux

package store

// releaseMapped does nothing off Linux: the kernel reclaims the mapped pages
// under memory pressure anyway.
func releaseMapped(addr uintptr, n int64) {}

// fileResident is not known off Linux; the writer releases nothing there.
func fileResident() (int64, bool) { return 0, false }
