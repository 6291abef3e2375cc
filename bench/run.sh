#!/usr/bin/env bash
# Benchmark `annalist build` on synthetic corpora (and Hugo on the same work, if installed).
#
#   bench/run.sh [N ...]          default: 1000 10000 100000
#
# Environment:
#   RUNS=5                        runs per N and tool; the first is a warm-up and is not counted
#   BENCH_DIR=/dev/shm/annalist-bench   where corpora and outputs live (a tmpfs keeps disk out of it)
#   ANNALIST_BIN=path             use this binary instead of building target/release/annalist
#   NO_HUGO=1                     skip Hugo even if it is on PATH
#   HUGO_MAX=10000                build with Hugo only up to this N (Hugo takes minutes at 100,000)
#   NO_SERVE=1                    skip the preview's save-to-reload measurement
#
# See bench/README.md for what the corpus is and what the table means.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/dev/shm/annalist-bench}
RUNS=${RUNS:-5}
TIME=/usr/bin/time

if [[ $# -eq 0 ]]; then
    set -- 1000 10000 100000
fi
HUGO_MAX=${HUGO_MAX:-10000}
for n in "$@"; do
    [[ $n =~ ^[0-9]+$ ]] || { echo "run.sh: not a number of articles: $n" >&2; exit 2; }
done
[[ $RUNS =~ ^[0-9]+$ && $RUNS -ge 2 ]] || { echo "run.sh: RUNS must be >= 2 (one warm-up + one counted)" >&2; exit 2; }
[[ -x $TIME ]] || { echo "run.sh: $TIME not found (Debian: apt-get install time)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "run.sh: python3 is needed to generate the corpus" >&2; exit 2; }

USE_HUGO=0
if [[ -z ${NO_HUGO:-} ]] && command -v hugo >/dev/null; then
    USE_HUGO=1
fi

# ---------------------------------------------------------------- the machine
cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
mem_total=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || true)
echo "machine: $(nproc) CPUs, ${cpu_model:-unknown CPU}, ${mem_total:-unknown} RAM, $(uname -sr)"
echo "runs:    $RUNS per N and tool (first one is a warm-up, not counted); corpora in $BENCH_DIR"

# ---------------------------------------------------------------- the binary
if [[ -n ${ANNALIST_BIN:-} ]]; then
    ANNALIST=$ANNALIST_BIN
else
    echo "building: cargo build --release (in $ROOT)"
    (cd "$ROOT" && cargo build --release --quiet && cargo build --release --quiet --example floor)
    ANNALIST=${CARGO_TARGET_DIR:-$ROOT/target}/release/annalist
fi
[[ -x $ANNALIST ]] || { echo "run.sh: no executable at $ANNALIST" >&2; exit 1; }
FLOOR=${FLOOR_BIN:-$(dirname "$ANNALIST")/examples/floor}
[[ -x $FLOOR ]] || { echo "run.sh: no floor program at $FLOOR (cargo build --release --example floor)" >&2; exit 1; }
echo "annalist: $ANNALIST"
echo "floor:    $FLOOR (read + front-matter + Markdown + write one file per article, all cores)"
if [[ $USE_HUGO -eq 1 ]]; then
    echo "hugo:     $(hugo version | head -n1)"
fi
echo

mkdir -p "$BENCH_DIR"
ON_TMPFS=0
if [[ $(stat -f -c %T "$BENCH_DIR" 2>/dev/null) == tmpfs ]]; then
    ON_TMPFS=1
fi

# ---------------------------------------------------------------- helpers

# median FORMAT NUMBER...: the median of the numbers, printed with the printf FORMAT
median() {
    local fmt=$1; shift
    printf '%s\n' "$@" | sort -g | awk -v fmt="$fmt\n" '{ a[NR] = $1 }
        END { if (NR % 2) printf fmt, a[(NR + 1) / 2]; else printf fmt, (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# generate CORPUS_DIR N [--hugo], only if it does not exist yet (written aside, then renamed)
ensure_corpus() {
    local dir=$1 n=$2; shift 2
    if [[ ! -d $dir ]]; then
        echo "generating $dir ..." >&2
        rm -rf "$dir.tmp"
        python3 "$SCRIPT_DIR/gen_corpus.py" "$n" "$dir.tmp" "$@"
        mv "$dir.tmp" "$dir"
    fi
}

# time_one LABEL OUT RUN_INDEX CMD...: moves the previous OUT aside, runs CMD under /usr/bin/time,
# and appends "wall user sys maxrss_kib" to $BENCH_DIR/LABEL.times (all but the warm-up run)
time_one() {
    local label=$1 out=$2 i=$3; shift 3
    local tfile="$BENCH_DIR/$label.time" log="$BENCH_DIR/$label.log"
    if [[ -e $out ]]; then
        mv "$out" "$out.old.$i"
    fi
    if ! "$TIME" -f '%e %U %S %M' -o "$tfile" "$@" >"$log" 2>&1; then
        echo "run.sh: '$*' failed; its output:" >&2
        cat "$log" >&2
        exit 1
    fi
    if [[ $i -gt 0 ]]; then
        tail -n1 "$tfile" >>"$BENCH_DIR/$label.times"
    fi
    # On a RAM-backed folder the copy moved aside is deleted now, after the timed run: kept, the
    # copies of a 100,000-article site would fill the machine's memory run after run. (On a
    # disk they stay until the end: deleting many files there slows file creation for minutes.)
    if [[ $ON_TMPFS -eq 1 ]]; then
        rm -rf "$out.old.$i"
    fi
}

# summarise LABEL OUT -> "wall cpu peak_mib size files"
summarise() {
    local label=$1 out=$2
    local walls=() cpus=() rss=()
    while read -r wall user sys maxrss; do
        walls+=("$wall")
        cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')")
        rss+=("$(awk -v k="$maxrss" 'BEGIN { printf "%.1f", k / 1024 }')")
    done <"$BENCH_DIR/$label.times"
    printf '%s %s %s %s %s\n' "$(median %.3f "${walls[@]}")" "$(median %.3f "${cpus[@]}")" "$(median %.1f "${rss[@]}")" \
        "$(du -sh "$out" | cut -f1)" "$(find "$out" -type f | wc -l)"
}

# ---------------------------------------------------------------- the runs
rows=()
ratios=()
serve_rows=()
for n in "$@"; do
    site="$BENCH_DIR/site-$n"
    out="$BENCH_DIR/out-$n"
    fout="$BENCH_DIR/floor-out-$n"
    ensure_corpus "$site" "$n"
    rm -rf "$out" "$out".old.* "$fout" "$fout".old.* "$BENCH_DIR/annalist-$n.times" "$BENCH_DIR/floor-$n.times"
    hugo_n=0
    if [[ $USE_HUGO -eq 1 && $n -le $HUGO_MAX ]]; then
        hugo_n=1
        hsite="$BENCH_DIR/hugo-site-$n"
        hout="$BENCH_DIR/hugo-out-$n"
        ensure_corpus "$hsite" "$n" --hugo
        rm -rf "$hout" "$hout".old.* "$BENCH_DIR/hugo-$n.times"
    fi

    echo "N=$n: $RUNS runs ..." >&2
    for ((i = 0; i < RUNS; i++)); do
        time_one "annalist-$n" "$out" "$i" "$ANNALIST" build "$site" -o "$out"
        time_one "floor-$n" "$fout" "$i" "$FLOOR" "$site" "$fout"
        if [[ $hugo_n -eq 1 ]]; then
            time_one "hugo-$n" "$hout" "$i" hugo --quiet -s "$hsite" -d "$hout"
        fi
    done

    read -r a_wall a_cpu a_mib a_size a_files < <(summarise "annalist-$n" "$out")
    rows+=("$(printf '%-9s %8s %12s %12s %10s %9s %8s' annalist "$n" "$a_wall" "$a_cpu" "$a_mib" "$a_size" "$a_files")")
    read -r f_wall f_cpu f_mib f_size f_files < <(summarise "floor-$n" "$fout")
    rows+=("$(printf '%-9s %8s %12s %12s %10s %9s %8s' floor "$n" "$f_wall" "$f_cpu" "$f_mib" "$f_size" "$f_files")")
    ratio_line="$(awk -v n="$n" -v aw="$a_wall" -v fw="$f_wall" 'BEGIN { printf "N=%-8s annalist/floor wall %.3g", n, (fw > 0 ? aw / fw : 0) }')"
    if [[ $hugo_n -eq 1 ]]; then
        read -r h_wall h_cpu h_mib h_size h_files < <(summarise "hugo-$n" "$hout")
        rows+=("$(printf '%-9s %8s %12s %12s %10s %9s %8s' hugo "$n" "$h_wall" "$h_cpu" "$h_mib" "$h_size" "$h_files")")
        ratio_line+="$(awk -v aw="$a_wall" -v hw="$h_wall" -v ac="$a_cpu" -v hc="$h_cpu" \
            -v am="$a_mib" -v hm="$h_mib" 'function r(a, b) { return b > 0 ? sprintf("%.3g", a / b) : "n/a" }
            BEGIN { printf "   annalist/Hugo wall %s  cpu %s  peak memory %s", r(aw, hw), r(ac, hc), r(am, hm) }')"
    fi
    ratios+=("$ratio_line")

    # The preview: from saving one article to the reload message, median of 7 saves.
    if [[ -z ${NO_SERVE:-} ]]; then
        echo "N=$n: the preview's save-to-reload time ..." >&2
        serve_rows+=("$(printf 'N=%-8s %s' "$n" "$(python3 "$SCRIPT_DIR/serve_latency.py" "$ANNALIST" "$site" 7)")")
    fi

    # the outputs moved aside between runs
    rm -rf "$out".old.* "$fout".old.*
    if [[ $hugo_n -eq 1 ]]; then
        rm -rf "$hout".old.*
    fi
done

echo
printf '%-9s %8s %12s %12s %10s %9s %8s\n' tool N "wall s (med)" "CPU s (med)" "peak MiB" "output" files
for row in "${rows[@]}"; do
    echo "$row"
done
echo
echo "ratios of medians (below 1: annalist is faster or smaller):"
for row in "${ratios[@]}"; do
    echo "  $row"
done
if [[ ${#serve_rows[@]} -gt 0 ]]; then
    echo
    echo "annalist serve, one-article save to reload message:"
    for row in "${serve_rows[@]}"; do
        echo "  $row"
    done
fi
