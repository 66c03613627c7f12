package store

import "syscall"

// releaseMapped drops the process's mapping of the n bytes of a shared file
// map at addr (MADV_DONTNEED): the pages stay in the page cache and fault
// back in when read. It is advice; an error changes nothing that matters.
func releaseMapped(addr uintptr, n int64) {
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, addr, uintptr(n), syscall.MADV_DONTNEED)
}
