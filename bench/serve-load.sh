#!/bin/sh
# The preview's load test, longer: SCALE x 10,000 requests (default 20) on top of 200 slow
# clients and an idle flood, against a release build. Prints the slowest probe and the memory
# growth; fails like the test in `cargo test` (tests/integration/serve.rs) if either is too high.
set -e
cd "$(dirname "$0")/.."
ANNALIST_LOAD_SCALE=${1:-20} cargo test --release --test integration \
  the_preview_keeps_answering_under_load_with_bounded_memory -- --nocapture 2>&1 | grep -E "load:|test result|panicked"
