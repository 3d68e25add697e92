#!/usr/bin/env bash
# HTTP load with wrk (Debian package `wrk`) against a store of about 1,000,000 generated GDELT
# events: the one `cargo bench --bench scale` makes under target/bench-data/, or the store given
# as the first argument.
#
#   benches/http_load.sh [STORE] [SECONDS]
#
# For each route (/health, /api/events?actor=PAK&limit=20, a page of neighbours), wrk with
# 2 threads and 32 connections for SECONDS (default 10): requests per second and latency
# percentiles, first alone, then while a writer posts 10 documents a second to the same server.
# The documents posted go into a copy of the store, which is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
store="${1:-target/bench-data/gdelt-3800000.sqlite}"
seconds="${2:-10}"
[ -f "$store" ] || { echo "no store $store: run cargo bench --bench scale first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet
work=$(mktemp -d)
cp "$store" "$work/store.sqlite"
port=$((20000 + RANDOM % 10000))
base="http://127.0.0.1:$port"
target/release/geokg --db "$work/store.sqlite" serve --addr "127.0.0.1:$port" >/dev/null &
server=$!
writer=
cleanup() {
  [ -n "$writer" ] && kill "$writer" 2>/dev/null
  kill "$server" 2>/dev/null
  wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
started=$(date +%s%N)
until curl -sf "$base/health" >/dev/null; do sleep 0.05; done
echo "server ready in $(( ($(date +%s%N) - started) / 1000000 )) ms"

routes=(
  "/health"
  "/api/events?actor=PAK&limit=20"
  "/api/actors/USA/neighbors?limit=20"
  "/api/actors/USA/neighbors?limit=20&cursor=40"
)

# One wrk run: route, requests/s, p50, p99 on one line.
load() {
  wrk -t2 -c32 -d"${seconds}s" --latency "$base$1" > "$work/wrk.txt"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  errors=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
  printf '%-48s %10s req/s  p50 %9s  p99 %9s  non-2xx %s\n' "$1" "$rps" "$p50" "$p99" "${errors:-0}"
}

echo "== reads alone (32 connections, ${seconds} s each)"
for route in "${routes[@]}"; do load "$route"; done

# A writer that posts 10 documents a second, each a new one with a few events.
(
  n=0
  while :; do
    n=$((n + 1))
    # In the background, so that a slow answer does not slow the rate.
    curl -s -o /dev/null -w '%{http_code}\n' -X POST -H 'content-type: application/json' \
      -d "{\"id\": \"load-$n\", \"date\": \"2025-08-12\", \"text\": \"Pakistan's army chief Asim Munir visited Washington on day $n. India and Pakistan clashed along the border on day $n.\"}" \
      "$base/api/documents" >> "$work/posts.txt" &
    sleep 0.1
  done
) &
writer=$!
echo "== the same reads while a writer posts 10 documents/s"
for route in "${routes[@]}"; do load "$route"; done
kill "$writer" 2>/dev/null; writer=
sleep 1
echo "posts: $(wc -l < "$work/posts.txt") in $((${#routes[@]} * seconds)) s, by status: $(sort "$work/posts.txt" | uniq -c | tr -s ' \n' ' ')"
curl -s "$base/health"; echo
grep VmRSS "/proc/$server/status"
