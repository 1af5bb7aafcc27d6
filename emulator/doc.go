// Package emulator is a local stand-in for the Endor Labs AuditLog API.
//
// It serves, on loopback, the routes of the real service that auditlog and
// Endor's own clients use (list, get, archived list, count, group, the API
// key exchange, the identity probe, the namespace list and the version
// probe), with the same query parameters, envelopes and error bodies as the
// reference notes document. Data lives in one of two stores behind one
// interface: SQLite (modernc.org/sqlite, pure Go) with an active and an
// archive table and a retention mover, or, for a read-only export opened in
// file mode, an in-memory index over the file's raw bytes.
//
// Filters are parsed by package filters. The parts of a filter that the
// store can answer exactly (time ranges, kind, operation, uuids, namespace)
// are pushed down to SQL or to the memory index; the rest is evaluated by
// filters on each candidate's stored JSON. Where the reference leaves the
// real behaviour open, the choice made here is written down once, in
// decisions.go.
package emulator
