package emulator

import "time"

// This file holds, in one place, every choice the emulator makes where the
// reference (reference/endor-api.md) leaves the real service's behaviour
// open, each with the reasoning. Code elsewhere refers here.

// Retention (documented, reference §3): 30 days active, 3 years archived.
const activeWindow = 30 * 24 * time.Hour

// archiveCutoff is the oldest creation time the archive keeps at now.
// "Retained for 3 years" is read as three calendar years.
func archiveCutoff(now time.Time) time.Time { return now.AddDate(-3, 0, 0) }

// Decision (open question 1, last-page shape): on the last page both
// cursors are OMITTED, so list.response is `{}`. Endor's SDK stops on a
// response with neither cursor and would take "" for a cursor; the
// documented first page shows both cursors. An empty result is
// `{"list":{"objects":[],"response":{}}}` (objects is emitted in default
// mode, dropped under application/jsoncompact).
//
// A page is the last when no further entry matches: the emulator reads one
// entry past the page to know, so a client never gets a cursor followed by
// an empty page.

// Decision (open question 2, default order): without sort.path entries come
// in ascending uuid order. page_id is documented as "the UUID of last
// message retrieved", which is a keyset cursor on uuid; uuids are
// ObjectId-like (the first 8 hex digits are the creation second), so uuid
// order is creation order to the second. sort.order without sort.path
// orders the uuids. A resume by page_id is `uuid > page_id` on the unique
// uuid index: O(log n), never a rescan.

// Decision (open question 2, page_id with a custom sort): honoured as a
// keyset cursor on (sort key, uuid): the next page starts after the entry
// that page_id names, in the requested order. For meta.create_time (the
// sort the docs show) the store seeks with its (ctime, uuid) index. For
// other paths the matching entries are sorted in memory (documented cost)
// and the page starts after the named entry. A page_id must name an entry
// of the query's namespace scope (issue 9.3), in the queried tier or the
// other (retention may move it while a client pages); any other page_id,
// another tenant's entry or none at all, is answered with the same 400
// code 3, so that a cursor reveals neither another tenant's entry nor its
// creation time. For a custom sort the entry must also match the filter
// (the page starts after it among the matches).
// When both page_id and page_token are sent, page_token skips that many
// entries after the cursor. next_page_token is always the page_token that
// would fetch the next page of the same request: with page_id, it counts
// from that cursor.

// Decision (open question 3, default emission): with application/json the
// envelope always carries its members (`objects` even when empty, `count`
// even when 0); objects are sent exactly as stored, since the stored JSON is
// the log as received (the emulator does not invent unset proto fields).
// With application/jsoncompact (as Endor's SDK sends, even on GET) every
// null, "" and [] member is dropped, in the envelope and inside objects, as
// the docs word it ("null or empty values"). Objects, even empty ones, are
// kept: protojson prints a set message field as {} (so the last page is
// `{"list":{"response":{}}}`), and numbers and booleans are kept because
// they carry meaning even at zero ("enabled": false). Count and group
// responses carry only their own member, never "list":null.

// Decision (open question 4, limits and validation).
const (
	// A page_size above 500 is clamped to 500, not rejected: the docs
	// give 500 as the maximum, and clamping is what list APIs of this kind
	// do; a client that asks for more gets fewer per page and keeps paging.
	maxPageSize = 500
	// A page_size of 0 or below means the default, 100: proto3 cannot
	// tell an unset int32 from 0, so 0 must mean "default", and a negative
	// size has no other sensible reading.
	defaultPageSize = 100
)

// list_parameters.disable_pagination=true answers the first page with no
// cursors ("only the first page will be returned", OpenAPI); ci_run_uuid
// is accepted and ignored, since audit logs carry no scan context.

// A negative page_token is rejected with code 3 (it cannot be an offset).
// Unknown list_parameters.* keys and other query keys are ignored, as
// grpc-gateway ignores unknown query keys; they are logged at debug level.
// A value that does not parse for its type (page_size=abc, count=maybe) is
// code 3, as grpc-gateway answers a query it cannot bind.

// Decision (open question 6, archive): the archive is served both at
// /audit-logs/archived (docs, endorctl) and for list_parameters.archive=true
// on the normal path (Endor's SDK), for list, count and group alike, with
// traverse. A meta.create_time filter without spec.message_kind on the
// archive is ACCEPTED: the docs give the pairing as performance advice
// ("for optimal query performance"), and a rejection would break clients
// written from the other pages; `auditlog filter check` lints it instead.

// Decision (get by uuid): GET /audit-logs/{uuid} answers from the active
// store and, failing that, from the archive, so that a uuid copied from an
// archived listing can be opened. The owning namespace is required (a
// parent namespace gives 404, as the reference says of the real service).

// Decision (group responses): a group or group_by_time answer holds every
// group in one response with no list member, so a client that follows
// list.response.next_page_id stops after it. Group keys are compact JSON
// with key before value; a path an entry lacks groups under null; an array
// value (spec.claims) is the whole array in the key, while unique_counts and
// unique_values count the array's elements. group and group_by_time in one
// request are refused with code 3, and count=true wins over both.
// group_by_time buckets are aligned like MongoDB's $dateTrunc: weeks start
// on Sunday (the docs' example key 2024-01-28 is a Sunday), and group_size
// n groups n intervals counted from 2000-01-01 (for weeks, from Sunday
// 2000-01-02).

// Decision (errors whose wording is unknown): an unknown route is 404 code 5
// "Not Found" (grpc-gateway's wording); an unknown uuid is 404 code 5
// `audit log "<uuid>" not found`; a bad filter is 400 code 3 with the
// parser's message and position as filters.Error prints it (`message
// (line:col)`), HTML-escaped like every message; a bad sort path is 400
// code 3 in the mask error's wording; a failed API key exchange is 401
// code 16 "Invalid API key or secret".

// Decision (tokens): the server's token (fixed by --token or generated)
// never expires; /v1/auth reports an expiration_time four hours ahead of
// the clock (the documented session length), moving with it. Tokens issued
// by POST /v1/auth/api-key expire four hours after issue. The key/secret
// exchange succeeds when the secret equals the server's token (any
// non-empty key), so a script can run with ENDOR_API_CREDENTIALS_KEY and
// _SECRET against the emulator.
const tokenLifetime = 4 * time.Hour

// Decision (meta.name of an AuditLog, open question 8): "AuditLog", the
// value the api package's reference example uses.

// Decision (import and retention): imported entries go to active or archive
// by age against the clock. An import never purges: when a server holds
// imported entries its archive purge is off (an export is evidence), and
// the startup line says so. File mode never purges either.

// Decision (tenant of a database): without --tenant the token belongs to
// the demo tenant with --demo, else to the longest dotted prefix the
// stored namespaces share (acme for acme, acme.prod, acme.dev). A database
// whose entries share no root (acme and globex) gives the token the first
// root in sorted order; --tenant picks another.

// Decision (file mode namespaces): the token of a file-mode server reads
// every namespace of the file. Namespace() is the longest common dotted
// prefix of the file's namespaces (acme for acme.prod and acme.dev). When
// they share none (acme and globex), Namespace() is "*": a list of
// /v1/namespaces/*/audit-logs with traverse covers every entry of the file,
// and each real namespace can still be queried by name. No real namespace
// is called "*", so the stand-in cannot collide with one. An export with no
// entries has no namespace: Namespace() is "" and every list is refused
// (403), so that the caller reports the empty file rather than an empty
// result.

// demoEpoch is the instant demo data is generated up to: the clock
// truncated to the hour. The generator is deterministic for a seed and an
// instant, so every --demo run within the same hour serves the same entries
// and uuids: a uuid found in one run (auditlog list --demo) is still there
// in the next (auditlog history --demo UUID). The newest entries are then
// up to an hour older than the clock, which the demo's density (a few
// entries an hour) hides.
func demoEpoch(now time.Time) time.Time { return now.UTC().Truncate(time.Hour) }

// Decision (CreateAuditLog, POST /v1/namespaces/{ns}/audit-logs, create.go):
// the body is the AuditLog object (grpc-gateway's body "*" with the path's
// tenant_meta.namespace taken out, hence AuditLogServiceCreateAuditLogBody).
// Only the server's own token may create: the route is internal (x_internal
// in the OpenAPI), so a token from the API-key exchange, a user's session,
// gets 403 code 7 like another tenant's namespace; no or a wrong token 401
// code 16. File mode answers 501 code 12 (the export is read-only). The
// server sets uuid, meta.create_time = meta.update_time (the clock),
// meta.kind ("AuditLog"), meta.version ("v1") and tenant_meta.namespace
// (the path's, as grpc-gateway binds a path parameter over the body); any
// values sent for them are overwritten. meta.name defaults to "AuditLog";
// meta.created_by and updated_by default to the caller but a given value
// is kept, because the internal callers write on behalf of the actor. A
// member v1AuditLog lacks is refused (protojson refuses unknown fields);
// spec is required and spec.operation must be an enum name. Errors are
// 400 code 3 "invalid request body: …". The entry goes to the active tier
// whatever the clock says, and the answer is the stored bytes.
//
// uuids of created entries increase strictly within a server (ObjectId
// layout: creation second, 5 bytes fixed per server like an ObjectId's
// process bytes, a counter; the second never goes back), so a client that
// follows new entries by uuid (page_id) misses none.
//
// serve --demo --live adds one generated entry every 20 s (three a minute)
// through the same create path, from a generator seeded Seed+1, so that the
// demo's own entries stay those of a plain --demo run.

// Decision (pushdown limits, issue 9.2, pushdown.go): every filter the
// parser accepts (filters.MaxSize, 64 KiB, and filters.MaxDepth) is served,
// by both stores alike; a longer one is refused by the parser with 400 code
// 3 "filter is too long: N bytes, the limit is 65536". What SQLite gets is
// bounded (maxSQLDepth, maxSQLVars, well inside its 1,000-deep and
// 32,766-variable limits): or-ed equalities on one field fold into one in
// list, and-ed inequalities into one not in; operand lists are balanced
// trees; a list of 64 or more values is one JSON variable
// (IN (SELECT value FROM json_each(?))). A top-level conjunct that still
// does not fit is evaluated in Go, like any conjunct pushdown cannot
// answer. The pushable operators are the tables stringOps and timeOps;
// TestPushdownTable fails when SQLite, the memory store and filters'
// evaluator disagree on any row (there is no run-time probe).

// Decision (evidence, issue 9.1): a uuid is stored once across both tiers.
// An import (or file mode) that meets a uuid again with other content
// refuses the later entry, naming both lines ("line 9: invalid entry: uuid
// U also on line 2 with other content", "also in FILE line N" for an
// earlier file, "already stored" for a database's earlier import); with
// --skip-invalid the first copy is kept and the later one reported. Where
// the first copy was is found by reading the inputs again on that error
// path, rather than keeping every uuid's line. Retention deletes from the
// active table only entries that the archive holds byte for byte after its
// copy; one whose uuid the archive holds with other content stays active,
// and a warning counts it.

// Decision (bounded work, issue 9.4): connections have read (30 s, headers
// and body), write (2 min) and idle (60 s) timeouts (defaultTimeouts in
// server.go). Group paths (group.aggregation_paths, unique_count_paths,
// unique_value_paths, group_by_time.aggregation_paths and
// aggregation_value_field) are checked as mask and sort.path are, with the
// mask's wording; below spec.payload (an Any) plain field names are also
// accepted, since a group may count or sum a payload field. One entry, in
// an import, an export served in file mode or a create body, is at most
// maxEntryBytes (1 MiB): a longer one is an invalid entry ("larger than
// 1048576 bytes, the limit of one entry") on its line, skipped by
// --skip-invalid (NDJSON and file mode) and read past without keeping its
// bytes.

// Decision (time range, issue 9.5, record.go instant): create times are
// indexed as Unix nanoseconds saturated at the ends of int64's range
// (1677-09-21 to 2262-04-11), so an entry from 1600 or 9999 is tiered by
// its true age, and pushed-down comparisons with a value inside the range
// are exact; a comparison with a value outside it (date(1600-01-01)) is
// evaluated in Go on time.Time. Known limit: in meta.create_time order,
// entries that lie outside the range on the same side tie and come in uuid
// order, in both stores alike (no entry Endor wrote can be from before
// 2021).

// Decision (small ones, issue 9.6): a namespace with an empty segment
// ("acme.", ".acme", "a..b") is an invalid entry in both stores (it was
// skipped by SQLite's traverse and served by file mode). A database file is
// created 0600 (its -wal and -shm follow). In file mode, a read of the
// mapped export that faults (the file truncated while served) is a 500
// code 13 naming the cause, under debug.SetPanicOnFault in the request's
// goroutine and while indexing, instead of SIGBUS ending the process.
// Expired exchanged tokens are deleted when used and whenever a token is
// issued.
