//go:build unix

package emulator

import (
	"os"
	"syscall"
)

// mapFile maps the file read-only into memory: its pages are loaded on
// first touch and stay file-backed (the OS may drop and reload them), so a
// large export costs little heap. release unmaps it; nothing may use the
// bytes afterwards. An empty file is read normally (it cannot be mapped).
// A page of a file truncated while it is mapped faults when read (SIGBUS);
// the readers (loadFile, the file-mode handler) set debug.SetPanicOnFault
// and turn the fault into an error with faultError.
func mapFile(path string) (data []byte, release func() error, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := fi.Size()
	if size == 0 || !fi.Mode().IsRegular() || int64(int(size)) != size {
		data, err := os.ReadFile(path)
		return data, func() error { return nil }, err
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		data, err := os.ReadFile(path)
		return data, func() error { return nil }, err
	}
	return data, func() error { return syscall.Munmap(data) }, nil
}
