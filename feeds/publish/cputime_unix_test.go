//go:build unix

package publish

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used, user and system, so that
// a loopback benchmark can report CPU per request, which other load on the
// machine disturbs far less than wall time.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
