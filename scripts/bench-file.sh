#!/usr/bin/env bash
# bench-file.sh: `auditlog list --file` against jq selecting the same entries
# from the same export, side by side in one run (hyperfine when installed,
# else a loop with `time`). It checks that both select the same entries.
#
#   scripts/bench-file.sh                 # about 100,000 entries, 5 runs each
#   N=20000 RUNS=3 scripts/bench-file.sh  # N is the demo size: the demo tenant
#                                         # sees about 88% of the generated entries
#   DIR=/tmp/bench scripts/bench-file.sh  # keep the binary and the export
#   PROFILE=1 scripts/bench-file.sh       # also write a CPU profile of one list run
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-114000}
RUNS=${RUNS:-5}
DIR=${DIR:-$(mktemp -d)}
BIN=$DIR/auditlog
EXPORT=$DIR/export-$N.ndjson

command -v jq >/dev/null || { echo "jq is needed (apt-get install -y jq)" >&2; exit 2; }
go build -trimpath -o "$BIN" ./cmd/auditlog
if [ ! -s "$EXPORT" ]; then
	echo "generating $EXPORT (demo size $N, both tiers)…" >&2
	"$BIN" list --demo --demo-size "$N" --list-all -o ndjson --tier both >"$EXPORT"
fi

# The same selection in both languages: updates or deletes by one user.
FILTER="spec.operation in [OPERATION_UPDATE, OPERATION_DELETE] and spec.claims matches 'email=raj\\.patel@'"
JQ='select((.spec.operation == "OPERATION_UPDATE" or .spec.operation == "OPERATION_DELETE") and any(.spec.claims[]?; test("email=raj\\.patel@")))'

# Wrapper scripts keep the quoting out of hyperfine's command lines.
cat >"$DIR/run-auditlog.sh" <<SCRIPT
#!/bin/sh
exec "$BIN" list --file "$EXPORT" --list-all -o ndjson --filter "\$(cat "$DIR/filter.txt")"
SCRIPT
cat >"$DIR/run-jq.sh" <<SCRIPT
#!/bin/sh
exec jq -c "\$(cat "$DIR/jq.txt")" "$EXPORT"
SCRIPT
printf '%s' "$FILTER" >"$DIR/filter.txt"
printf '%s' "$JQ" >"$DIR/jq.txt"
chmod +x "$DIR/run-auditlog.sh" "$DIR/run-jq.sh"

total=$(wc -l <"$EXPORT")
size=$(du -h "$EXPORT" | cut -f1)
"$DIR/run-auditlog.sh" | jq -r .uuid | sort >"$DIR/auditlog.uuids"
"$DIR/run-jq.sh" | jq -r .uuid | sort >"$DIR/jq.uuids"
a=$(wc -l <"$DIR/auditlog.uuids")
b=$(wc -l <"$DIR/jq.uuids")
echo "export: $total entries, $size; filter: $FILTER"
echo "selected: auditlog $a, jq $b"
if [ "$a" != "$b" ] || ! cmp -s "$DIR/auditlog.uuids" "$DIR/jq.uuids"; then
	echo "MISMATCH: auditlog and jq selected different entries" >&2
	diff "$DIR/auditlog.uuids" "$DIR/jq.uuids" | head >&2
	exit 1
fi
if [ "$a" = 0 ]; then
	echo "the filter selected nothing: not a useful comparison" >&2
	exit 1
fi

if command -v hyperfine >/dev/null; then
	hyperfine --warmup 1 --runs "$RUNS" --output null \
		-n "auditlog list --file" "$DIR/run-auditlog.sh" \
		-n "jq" "$DIR/run-jq.sh"
else
	for cmd in run-auditlog run-jq; do
		echo "$cmd:"
		time (for _ in $(seq "$RUNS"); do "$DIR/$cmd.sh" >/dev/null; done)
	done
fi

if [ -n "${PROFILE:-}" ]; then
	"$BIN" list --file "$EXPORT" --list-all -o ndjson --filter "$FILTER" --cpuprofile "$DIR/list.pprof" >/dev/null
	echo "profile: go tool pprof -top $BIN $DIR/list.pprof"
fi
echo "kept in $DIR"
