//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package termquery

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// waitReadable reports whether f has input within d.
func waitReadable(f *os.File, d time.Duration) bool {
	fds := []unix.PollFd{{Fd: int32(f.Fd()), Events: unix.POLLIN}}
	for {
		n, err := unix.Poll(fds, int(d.Milliseconds())+1)
		if err == unix.EINTR {
			continue
		}
		return err == nil && n > 0 && fds[0].Revents&unix.POLLIN != 0
	}
}
