package emulator

import (
	"errors"
	"runtime"
)

// errFileChanged is what a read of a mapped export that faulted reports:
// the file was truncated or replaced while it was served.
var errFileChanged = errors.New("the export file was truncated or changed while it was being served: restart with a complete copy (an export is evidence: keep it unchanged)")

// faultError converts a recovered memory fault (under
// debug.SetPanicOnFault) into errFileChanged; nil for nil; any other panic
// is re-raised.
func faultError(v any) error {
	if v == nil {
		return nil
	}
	if re, ok := v.(runtime.Error); ok {
		if _, fault := re.(interface{ Addr() uintptr }); fault {
			return errFileChanged
		}
	}
	panic(v)
}
