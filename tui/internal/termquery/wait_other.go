//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package termquery

import (
	"os"
	"time"
)

// waitReadable cannot wait with a timeout here: it says no, so the
// explorer never blocks on a terminal that does not answer.
func waitReadable(*os.File, time.Duration) bool { return false }
