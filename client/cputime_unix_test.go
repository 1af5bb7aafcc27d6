//go:build unix

package client

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user and system) this process has used:
// unlike wall time, it does not grow when other processes take the CPU.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
