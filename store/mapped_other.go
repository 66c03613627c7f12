//go:build !linux

package store

// releaseMapped does nothing off Linux: the kernel reclaims the mapped pages
// under memory pressure anyway.
func releaseMapped(addr uintptr, n int64) {}
