#!/bin/sh
# Runs fuzz targets for SECS seconds each (default 600), one after another, on one core:
#   fuzz/run-campaign.sh [SECS] [TARGET...]      (default targets: date frontmatter build_one image)
# FUZZ_ARGS adds libFuzzer flags (FUZZ_ARGS=-len_control=0 tries long inputs from the start).
# Build first: cargo +nightly fuzz build -O. Crashes and slow inputs (over 5 s) land in
# fuzz/artifacts/<target>/; turn each into a regression test named after it.
cd "$(dirname "$0")"
secs=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-date frontmatter build_one image}
for t in $targets; do
  echo "== $t $(date -u +%H:%M:%S)"
  ./target/x86_64-unknown-linux-gnu/release/$t corpus/$t \
    -max_total_time=$secs -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix=artifacts/$t/ -print_final_stats=1 $FUZZ_ARGS 2>&1 | grep -v "# Uses:" | tail -12
done
