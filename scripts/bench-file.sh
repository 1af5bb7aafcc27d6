#!/usr/bin/env bash
# bench-file.sh: one query on one export, side by side in one run:
#   auditlog list --file (the streaming pass), the same through the
#   in-process emulator (--no-stream), jq, and DuckDB when it is installed
#   (the duckdb CLI, or node with @duckdb/node-api), plus --count and
#   -o parquet of the same query. It checks that all select the same
#   entries, and reports the median wall time and the peak RSS (GNU time's
#   "Maximum resident set size", /usr/bin/time -v) of each.
#
#   scripts/bench-file.sh                   # about 100,000 entries, 5 runs each
#   SIZES="114000 1140000" scripts/bench-file.sh   # also about a million
#   N is a demo size: the demo tenant sees about 88% of the generated entries.
#   RUNS=3 scripts/bench-file.sh
#   DIR=/tmp/bench scripts/bench-file.sh    # keep the binary and the exports
#   DUCKDB_NODE=/tmp/duck scripts/bench-file.sh   # a folder where
#                                           # `npm install @duckdb/node-api` ran
#   PROFILE=1 scripts/bench-file.sh         # also a CPU profile of one list run
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-${N:-114000}}
RUNS=${RUNS:-5}
DIR=${DIR:-$(mktemp -d)}
BIN=$DIR/auditlog
TIME=/usr/bin/time

command -v jq >/dev/null || { echo "jq is needed (apt-get install -y jq)" >&2; exit 2; }
[ -x "$TIME" ] || { echo "GNU time is needed for the RSS (apt-get install -y time)" >&2; exit 2; }
go build -trimpath -o "$BIN" ./cmd/auditlog

# DuckDB: the CLI, or node with @duckdb/node-api (npm install @duckdb/node-api
# in DUCKDB_NODE; it is not a dependency of this project).
DUCK=""
if command -v duckdb >/dev/null; then
	DUCK=cli
elif command -v node >/dev/null && [ -n "${DUCKDB_NODE:-}" ] && [ -d "$DUCKDB_NODE/node_modules/@duckdb/node-api" ]; then
	DUCK=node
	cat >"$DUCKDB_NODE/auditlog-bench.mjs" <<'JS'
import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run(process.argv[2]);
JS
fi

# The same selection in each language: updates or deletes by one user.
FILTER="spec.operation in [OPERATION_UPDATE, OPERATION_DELETE] and spec.claims matches 'email=raj\\.patel@'"
JQ='select((.spec.operation == "OPERATION_UPDATE" or .spec.operation == "OPERATION_DELETE") and any(.spec.claims[]?; test("email=raj\\.patel@")))'
SQLWHERE="spec.operation IN ('OPERATION_UPDATE', 'OPERATION_DELETE') AND len(list_filter(spec.claims, c -> regexp_matches(c, 'email=raj\\.patel@'))) > 0"
printf '%s' "$FILTER" >"$DIR/filter.txt"
printf '%s' "$JQ" >"$DIR/jq.txt"

# Wrapper scripts keep the quoting out of the measured command lines; each
# writes the matching entries to stdout.
wrap() { # name, command (EXPORT is substituted when it runs)
	printf '#!/bin/sh\n%s\n' "$2" >"$DIR/run-$1.sh"
	chmod +x "$DIR/run-$1.sh"
}
wrap stream "exec \"$BIN\" list --file \"\$EXPORT\" --list-all -o ndjson --filter \"\$(cat \"$DIR/filter.txt\")\""
wrap index "exec \"$BIN\" list --file \"\$EXPORT\" --list-all -o ndjson --no-stream --filter \"\$(cat \"$DIR/filter.txt\")\""
wrap count "exec \"$BIN\" list --file \"\$EXPORT\" --count -o ndjson --filter \"\$(cat \"$DIR/filter.txt\")\""
wrap parquet "exec \"$BIN\" list --file \"\$EXPORT\" --list-all -o parquet --filter \"\$(cat \"$DIR/filter.txt\")\""
wrap parquet-all "exec \"$BIN\" list --file \"\$EXPORT\" --list-all -o parquet"
wrap jq "exec jq -c \"\$(cat \"$DIR/jq.txt\")\" \"\$EXPORT\""
SQL="COPY (SELECT * FROM read_ndjson_auto('\$EXPORT') WHERE $SQLWHERE) TO '/dev/stdout' (FORMAT json)"
printf '%s' "$SQL" >"$DIR/duck.sql"
case $DUCK in
cli) wrap duckdb "exec duckdb -c \"\$(sed \"s|\\\$EXPORT|\$EXPORT|\" \"$DIR/duck.sql\")\"" ;;
node) wrap duckdb "cd \"$DUCKDB_NODE\" && exec node auditlog-bench.mjs \"\$(sed \"s|\\\$EXPORT|\$EXPORT|\" \"$DIR/duck.sql\")\"" ;;
esac

# measure NAME: RUNS runs; prints "median_seconds peak_rss_MB".
measure() {
	local name=$1 t=() m=0
	for _ in $(seq "$RUNS"); do
		EXPORT=$EXPORT $TIME -v "$DIR/run-$name.sh" >/dev/null 2>"$DIR/time.txt"
		t+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2, p, ":"); s=0; for (i=1; i<=n; i++) s=s*60+p[i]; print s}' "$DIR/time.txt")")
		r=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$DIR/time.txt")
		[ "$r" -gt "$m" ] && m=$r
	done
	printf '%s %s\n' "$(printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" "$((m / 1024))"
}

uuids() { EXPORT=$EXPORT "$DIR/run-$1.sh" | jq -r .uuid | sort; }

for N in $SIZES; do
	EXPORT=$DIR/export-$N.ndjson
	if [ ! -s "$EXPORT" ]; then
		echo "generating $EXPORT (demo size $N, both tiers)…" >&2
		"$BIN" list --demo --demo-size "$N" --list-all -o ndjson --tier both >"$EXPORT"
	fi
	total=$(wc -l <"$EXPORT")
	size=$(du -mL "$EXPORT" | cut -f1)
	echo
	echo "== export: $total entries, $size MB; filter: $FILTER; $RUNS runs each, $(nproc) cores"
	tools="stream index jq"
	[ -n "$DUCK" ] && tools="$tools duckdb"
	uuids stream >"$DIR/stream.uuids"
	want=$(wc -l <"$DIR/stream.uuids")
	[ "$want" -gt 0 ] || { echo "the filter selected nothing: not a useful comparison" >&2; exit 1; }
	for tool in $tools; do
		[ "$tool" = stream ] && continue
		uuids "$tool" >"$DIR/$tool.uuids"
		if ! cmp -s "$DIR/stream.uuids" "$DIR/$tool.uuids"; then
			echo "MISMATCH: $tool selected $(wc -l <"$DIR/$tool.uuids") entries, the stream $want" >&2
			diff "$DIR/stream.uuids" "$DIR/$tool.uuids" | head >&2
			exit 1
		fi
	done
	got=$(EXPORT=$EXPORT "$DIR/run-count.sh")
	[ "$got" = "$want" ] || { echo "MISMATCH: --count says $got, the list $want" >&2; exit 1; }
	echo "selected: $want entries by every tool (uuids compared)"
	ref=""
	[ -n "$DUCK" ] && ref=duckdb
	results=()
	for tool in $tools count parquet parquet-all; do
		read -r secs rss < <(measure "$tool")
		results+=("$tool $secs $rss")
		[ "$tool" = duckdb ] && ref_secs=$secs
	done
	printf '%-14s %9s %9s %s\n' tool seconds "peak MB" "${ref:+vs duckdb}"
	for r in "${results[@]}"; do
		read -r tool secs rss <<<"$r"
		ratio=""
		[ -n "$ref" ] && ratio=$(awk -v a="$secs" -v b="$ref_secs" 'BEGIN {printf "%.2f×", a/b}')
		printf '%-14s %9s %9s %s\n' "$tool" "$secs" "$rss" "$ratio"
	done
done
echo
echo "tools: stream = auditlog list --file --list-all -o ndjson; index = the same with --no-stream"
echo "(in-process emulator); count = --count; parquet = -o parquet of the selection;"
echo "parquet-all = -o parquet of every entry; duckdb = read_ndjson_auto … COPY TO stdout (FORMAT json)"

if [ -n "${PROFILE:-}" ]; then
	"$BIN" list --file "$EXPORT" --list-all -o ndjson --filter "$FILTER" --cpuprofile "$DIR/list.pprof" >/dev/null
	echo "profile: go tool pprof -top $BIN $DIR/list.pprof"
fi
echo "kept in $DIR"
