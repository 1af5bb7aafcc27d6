package common

import "github.com/auditlog/auditlog/safetext"

// Sanitize returns s with every control, escape sequence and format
// character shown escaped; see safetext.Sanitize. Components call it on
// every server string they draw.
func Sanitize(s string) string { return safetext.Sanitize(s) }

// Quote returns s double-quoted with the escapes of Sanitize and `"` and
// `\` escaped too; see safetext.Quote.
func Quote(s string) string { return safetext.Quote(s) }

// IsSafe reports whether Sanitize would return s unchanged.
func IsSafe(s string) bool { return safetext.IsSafe(s) }
