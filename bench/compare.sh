#!/usr/bin/env bash
# Alternating builds of one site by several annalist binaries, each on a fresh output folder:
# prints each binary's median and fastest wall time, mean user and system time, peak memory.
#
#   bench/compare.sh SITE RUNS BIN...
#   bench/compare.sh /dev/shm/s10000 11 ./before target/release/annalist
#
# Needs GNU time at /usr/bin/time. Put SITE (and so the output, made beside it) on /dev/shm.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: bench/compare.sh SITE RUNS BIN..." >&2
  exit 2
fi
site=$1 runs=$2
shift 2
work=$(mktemp -d "$(dirname "$site")/compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
for ((i = 0; i < runs; i++)); do
  n=0
  for bin in "$@"; do
    rm -rf "$work/out"
    /usr/bin/time -a -o "$work/times.$n" -f "%e %U %S %M" \
      "$bin" build "$site" -o "$work/out" >/dev/null 2>&1
    n=$((n + 1))
  done
done
n=0
for bin in "$@"; do
  sort -n "$work/times.$n" | awk -v bin="$bin" '
    { wall[NR] = $1; user += $2; sys += $3; if ($4 > rss) rss = $4 }
    END {
      printf "%s: median %.2f s, fastest %.2f s, user %.2f s, system %.2f s, peak %d MB (%d runs)\n",
        bin, wall[int((NR + 1) / 2)], wall[1], user / NR, sys / NR, rss / 1024, NR
    }'
  n=$((n + 1))
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
