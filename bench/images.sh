#!/bin/sh
# The image benchmark: 200 generated photographic images of 3000 × 2000 pixels, each the medium
# of one event. Times, in one run and alternating: annalist's first build (empty cache), its
# rebuild with a warm cache, and Hugo's build of the same images resized to the same widths as
# WebP (and the original format) at the same quality with .Resize (its resource cache emptied
# each time). Prints the median of RUNS runs of each.
#   bench/images.sh [N]          (N images, default 200)
# Needs: cargo, GNU time not required; hugo (extended, for WebP) is optional.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-200}
runs=${RUNS:-3}
dir=${BENCH_DIR:-/dev/shm/annalist-images-bench}
(cd "$here/.." && cargo build --release -q)
bin=${ANNALIST_BIN:-$here/../target/release/annalist}
(cd "$here/gen-images" && cargo build --release -q)
rm -rf "$dir"; mkdir -p "$dir"
"$here/gen-images/target/release/gen-images" "$n" "$dir"
now() { date +%s.%N; }
times_first=""; times_warm=""; times_hugo=""
for r in $(seq 1 "$runs"); do
  rm -rf "$dir/site/.annalist-cache" "$dir/out"
  t0=$(now); "$bin" build "$dir/site" -o "$dir/out" >/dev/null 2>&1; t1=$(now)
  times_first="$times_first $(echo "$t1 - $t0" | bc)"
  t0=$(now); "$bin" build "$dir/site" -o "$dir/out" >/dev/null 2>&1; t1=$(now)
  times_warm="$times_warm $(echo "$t1 - $t0" | bc)"
  if command -v hugo >/dev/null 2>&1 && [ -z "${NO_HUGO:-}" ]; then
    rm -rf "$dir/hugo/resources" "$dir/hugo/public"
    t0=$(now); hugo --quiet -s "$dir/hugo" >/dev/null 2>&1; t1=$(now)
    times_hugo="$times_hugo $(echo "$t1 - $t0" | bc)"
  fi
done
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "-"}'; }
echo "images: $n of 3000 × 2000, runs: $runs"
echo "annalist first build (s):    $(median "$times_first")"
echo "annalist warm rebuild (s):   $(median "$times_warm")"
echo "hugo build, .Resize (s):     $(median "$times_hugo")"
