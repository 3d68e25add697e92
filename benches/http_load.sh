#!/usr/bin/env bash
# HTTP load with wrk (Debian package `wrk`) against a store of about 1,000,000 generated GDELT
# events: the one `cargo bench --bench scale` makes under target/bench-data/, or the store given
# as the first argument.
#
#   benches/http_load.sh [STORE] [SECONDS]
#   BASELINE=path/to/other/geokg benches/http_load.sh [STORE] [SECONDS]
#   GEOKG=path/to/geokg benches/http_load.sh ...   (that binary instead of building this one)
#
# For each route (/health, /api/events?actor=PAK&limit=20, two pages of neighbours), wrk with
# 2 threads and 32 connections for SECONDS (default 10): requests per second and latency
# percentiles, first alone, then while a writer posts 10 documents a second to the same server.
# The documents posted go into a copy of the store, which is removed at the end.
#
# Each line is printed beside the same line of the previous run (kept in
# $CARGO_TARGET_DIR/http_load.last, or target/http_load.last). With BASELINE set, that binary
# (for example one built from main) is loaded the same way first, on its own copy of the store,
# and its figures are the ones printed beside: the two runs one after the other, on the same
# machine in the same minutes, which is the fair comparison on a machine shared with others.
set -euo pipefail
cd "$(dirname "$0")/.."
store="${1:-target/bench-data/gdelt-3800000.sqlite}"
seconds="${2:-10}"
[ -f "$store" ] || { echo "no store $store: run cargo bench --bench scale first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
target="${CARGO_TARGET_DIR:-target}"
if [ -n "${GEOKG:-}" ]; then
  binary=$GEOKG
else
  cargo build --release --quiet
  binary="$target/release/geokg"
fi
last="$target/http_load.last"
work=$(mktemp -d)
server=
writer=
cleanup() {
  [ -n "$writer" ] && kill "$writer" 2>/dev/null
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

routes=(
  "/health"
  "/api/events?actor=PAK&limit=20"
  "/api/actors/USA/neighbors?limit=20"
  "/api/actors/USA/neighbors?limit=20&cursor=40"
)

# One wrk run: route, requests/s, p50, p99 and non-2xx answers on one line.
load() {
  wrk -t2 -c32 -d"${seconds}s" --latency "$base$1" > "$work/wrk.txt"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  errors=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
  printf '%-46s %10s req/s  p50 %9s  p99 %9s  non-2xx %s\n' "$1" "$rps" "$p50" "$p99" "${errors:-0}"
}

# Serves a copy of the store with one binary and loads every route, alone and with a writer;
# prints one line per route and mode.
run() {
  local geokg=$1 copy="$work/store-$RANDOM.sqlite"
  cp "$store" "$copy"
  port=$((20000 + RANDOM % 10000))
  base="http://127.0.0.1:$port"
  "$geokg" --db "$copy" serve --addr "127.0.0.1:$port" >/dev/null &
  server=$!
  local started
  started=$(date +%s%N)
  until curl -sf "$base/health" >/dev/null; do sleep 0.05; done
  echo "# server ready in $(( ($(date +%s%N) - started) / 1000000 )) ms" >&2
  for route in "${routes[@]}"; do echo "alone  $(load "$route")"; done
  : > "$work/posts.txt"
  # A writer that posts 10 documents a second, each a new one with a few events: one curl
  # process that keeps its connection (`--rate`), as an ingesting client would, so that what
  # the readers feel is the server's writes, not a process started on this machine per post.
  {
    echo "rate = \"10/s\""
    for n in $(seq 1 $(( (${#routes[@]} * seconds + 10) * 10 ))); do
      [ "$n" -gt 1 ] && echo "next"
      echo "url = \"$base/api/documents\""
      echo "header = \"content-type: application/json\""
      echo "data = \"{\\\"id\\\": \\\"load-$n\\\", \\\"date\\\": \\\"2025-08-12\\\", \\\"text\\\": \\\"Pakistan's army chief Asim Munir visited Washington on day $n. India and Pakistan clashed along the border on day $n.\\\"}\""
      echo "output = \"/dev/null\""
      echo "write-out = \"%{http_code}\\n\""
    done
  } > "$work/posts.conf"
  stdbuf -oL curl -s -K "$work/posts.conf" >> "$work/posts.txt" &
  writer=$!
  for route in "${routes[@]}"; do echo "writer $(load "$route")"; done
  kill "$writer" 2>/dev/null
  writer=
  sleep 1
  echo "# posts: $(wc -l < "$work/posts.txt") in $((${#routes[@]} * seconds)) s, by status: $(sort "$work/posts.txt" | uniq -c | tr -s ' \n' ' ')" >&2
  echo "# $(curl -s "$base/health")" >&2
  echo "# $(grep VmRSS "/proc/$server/status")" >&2
  kill "$server" 2>/dev/null
  wait "$server" 2>/dev/null || true
  server=
  rm -f "$copy" "$copy-wal" "$copy-shm"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${BASELINE:-}" ]; then
  echo "# baseline: $BASELINE" >&2
  run "$BASELINE" > "$work/before.txt"
  before="$work/before.txt"
  heading="baseline ($BASELINE)"
elif [ -f "$last" ]; then
  before="$last"
  heading="previous run ($(date -r "$last" '+%F %T'))"
else
  before=
fi
echo "# this build: $binary" >&2
run "$binary" > "$work/now.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== now (alone: reads only; writer: while a writer posts 10 documents/s)"
cat "$work/now.txt"
if [ -n "$before" ]; then
  echo "== $heading"
  cat "$before"
fi
[ -n "${BASELINE:-}" ] || cp "$work/now.txt" "$last"
