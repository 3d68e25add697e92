#!/usr/bin/env bash
# Load on /api/actors/{id}/neighbors over HTTP, with wrk (Debian package `wrk`), against a store of
# about 1,000,000 generated GDELT events: the one `cargo bench --bench scale` makes under
# target/bench-data/, or the store given as the first argument.
#
#   benches/http_load.sh [STORE] [ACTOR]
#
# Prints wrk's latency distribution (p50 ... p99) and requests per second, for 2 threads and
# 32 connections over 20 seconds, for the busiest actor and for a mid-sized one.
set -euo pipefail
cd "$(dirname "$0")/.."
store="${1:-target/bench-data/gdelt-3800000.sqlite}"
actor="${2:-USA}"
[ -f "$store" ] || { echo "no store $store: run cargo bench --bench scale first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet
port=$((20000 + RANDOM % 10000))
target/release/geokg --db "$store" serve --addr "127.0.0.1:$port" >/dev/null &
server=$!
trap 'kill $server 2>/dev/null' EXIT
started=$(date +%s%N)
until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.05; done
echo "server ready in $(( ($(date +%s%N) - started) / 1000000 )) ms"
for id in "$actor" IRN; do
  echo "== /api/actors/$id/neighbors"
  wrk -t2 -c32 -d20s --latency "http://127.0.0.1:$port/api/actors/$id/neighbors"
done
grep VmRSS "/proc/$server/status"
