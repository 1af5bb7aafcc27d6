//go:build !unix

package client

import "time"

// cpuTime is not measured here; the CPU metrics then read as zero.
func cpuTime() time.Duration { return 0 }
