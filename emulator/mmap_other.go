//go:build !unix

package emulator

import "os"

// mapFile reads the file into memory (no mmap on this platform).
func mapFile(path string) (data []byte, release func() error, err error) {
	data, err = os.ReadFile(path)
	return data, func() error { return nil }, err
}
