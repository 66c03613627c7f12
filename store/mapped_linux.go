package store

import (
	"os"
	"syscall"
)

// releaseMapped drops the process's mapping of the n bytes of a shared file
// map at addr (MADV_DONTNEED): the pages stay in the page cache and fault
// back in when read. It is advice; an error changes nothing that matters.
func releaseMapped(addr uintptr, n int64) {
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, addr, uintptr(n), syscall.MADV_DONTNEED)
}

// fileResident returns the bytes of files mapped into the process that are
// resident: the third field of /proc/self/statm, in pages. It reads the
// file with bare system calls into a buffer on the stack, since the writer
// asks before every transaction (a few microseconds).
func fileResident() (int64, bool) {
	fd, err := syscall.Open("/proc/self/statm", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return 0, false
	}
	var buf [128]byte
	n, err := syscall.Read(fd, buf[:])
	_ = syscall.Close(fd)
	if err != nil || n <= 0 {
		return 0, false
	}
	pages, ok := statmField(buf[:n], 2)
	return pages * int64(os.Getpagesize()), ok
}

// statmField parses the i-th (from 0) space-separated number of statm.
func statmField(b []byte, i int) (int64, bool) {
	var v int64
	field, digits := 0, 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			if field == i {
				v = v*10 + int64(c-'0')
				digits++
			}
		case field == i:
			return v, digits > 0
		default:
			field++
		}
	}
	return v, field == i && digits > 0
}
