#!/bin/sh
# Runs each fuzz target for $1 seconds (default 600), one after another, on one core.
# Build first: cargo +nightly fuzz build -O
cd "$(dirname "$0")"
secs=${1:-600}
for t in date frontmatter build_one; do
  echo "== $t $(date -u +%H:%M:%S)"
  ./target/x86_64-unknown-linux-gnu/release/$t corpus/$t \
    -max_total_time=$secs -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix=artifacts/$t/ -print_final_stats=1 2>&1 | tail -25
done
