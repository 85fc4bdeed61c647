#!/usr/bin/env bash
# Corpus benchmark: each command's speed on a generated corpus of
# scraped-news-like text, in MB/s and, when the floor program is at hand, as a
# ratio to it measured side by side (this machine's speed moves from hour to
# hour; a ratio measured in the same minute does not).
#
#   benches/corpus.sh [MB] [SEED]          # default: 100 MB, seed 1
#
# The corpus comes from the project's own generator (examples/gen_corpus.rs,
# deterministic from the seed). Environment:
#   RUNS=3      runs per row; the median is shown
#   OUT=DIR     where outputs go (OUT=/dev/shm keeps the disk out of it)
#   FLOOR=BIN   the floor program: read, decode, NFC and hash each line, the
#               least work any cleaner does (found at ../shared/bench/floor
#               when that folder is there; without it the ratio is left out)
#   ALLOCS=1    also count allocations per input line (a build with the
#               count-allocs feature, in target/count-allocs)
# Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-100}
SEED=${2:-1}
RUNS=${RUNS:-3}
WORK=${WORK:-target/bench-corpus}
OUT=${OUT:-$WORK}
[ -x /usr/bin/time ] || { echo "corpus.sh: needs GNU time (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet --example gen_corpus
cargo build --release --quiet
BIN=target/release/copydesk
PLAIN=$WORK/p$MB-s$SEED
JSONL=$WORK/j$MB-s$SEED.jsonl
mkdir -p "$WORK" "$OUT"
[ -d "$PLAIN" ] || target/release/examples/gen_corpus --out "$PLAIN" --mb "$MB" --seed "$SEED"
[ -f "$JSONL" ] || target/release/examples/gen_corpus --out "$JSONL" --mb "$MB" --seed "$SEED" --jsonl
BYTES=$(cat "$PLAIN"/*/*.txt | wc -c)
LINES=$(cat "$PLAIN"/*/*.txt | wc -l)
JBYTES=$(wc -c < "$JSONL")

if [ -z "${FLOOR:-}" ] && [ -f ../shared/bench/floor/Cargo.toml ]; then
    (cd ../shared/bench/floor && cargo build --release --quiet)
    FLOOR=../shared/bench/floor/target/release/floor
fi

# median CMD...: the median wall time and peak RSS (KB) of RUNS runs.
median() {
    : > "$WORK/times"
    for _ in $(seq "$RUNS"); do
        rm -rf "$OUT/out" "$OUT/out.jsonl"
        /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > /dev/null 2>&1 || true
        # (GNU time writes "Command exited with non-zero status" first.)
        tail -n 1 "$WORK/time" >> "$WORK/times"
    done
    sort -n "$WORK/times" | awk -v runs="$RUNS" '{ s[NR] = $1; k[NR] = $2 } END { m = int((runs + 1) / 2); print s[m], k[m] }'
}

# row NAME BYTES CMD...: the command's row, with the floor timed just before it.
row() {
    local name=$1 bytes=$2
    shift 2
    local floor_s="" ratio="-"
    if [ -n "${FLOOR:-}" ]; then
        floor_s=$(median "$FLOOR" --full "$PLAIN"/site-* | cut -d' ' -f1)
    fi
    read -r secs rss < <(median "$@")
    if [ -n "$floor_s" ]; then
        # The floor reads the plain corpus: compare bytes per second.
        ratio=$(awk -v f="$floor_s" -v s="$secs" -v b="$bytes" -v fb="$BYTES" \
            'BEGIN { printf "%.2fx", (b / s) / (fb / f) }')
    fi
    awk -v n="$name" -v s="$secs" -v b="$bytes" -v k="$rss" -v r="$ratio" \
        'BEGIN { printf "| %s | %.2f | %.1f | %s | %.0f |\n", n, s, b / 1e6 / s, r, k / 1024 }'
}

echo "corpus: $PLAIN ($((BYTES / 1000000)) MB, $(ls "$PLAIN"/*/*.txt | wc -l) files, $LINES lines), seed $SEED; $(nproc) cores; median of $RUNS"
echo
echo "| command | seconds | MB/s | ratio to the floor | peak RSS (MB) |"
echo "|---|---|---|---|---|"
if [ -n "${FLOOR:-}" ]; then
    read -r fs fk < <(median "$FLOOR" --full "$PLAIN"/site-*)
    awk -v s="$fs" -v b="$BYTES" -v k="$fk" 'BEGIN { printf "| floor (read, decode, NFC, hash each line) | %.2f | %.1f | 1.00x | %.0f |\n", s, b / 1e6 / s, k / 1024 }'
fi
for j in 1 2; do
    row "clean --out-dir -j$j" "$BYTES" "$BIN" clean "$PLAIN" --out-dir "$OUT/out" -q -j "$j"
done
row "clean --jsonl -j1" "$JBYTES" "$BIN" clean --jsonl "$JSONL" -o "$OUT/out.jsonl" -q -j 1 --source-field source
row "clean --jsonl -j2" "$JBYTES" "$BIN" clean --jsonl "$JSONL" -o "$OUT/out.jsonl" -q -j 2 --source-field source
row "check --output-format concise -j1" "$BYTES" "$BIN" check "$PLAIN" -j1 --output-format concise
"$BIN" learn "$PLAIN" -o "$WORK/profile.json" -q
row "clean --out-dir -j1 --profile (learned before)" "$BYTES" "$BIN" clean "$PLAIN" --out-dir "$OUT/out" -q -j1 --profile "$WORK/profile.json"

if [ "${ALLOCS:-}" = 1 ]; then
    cargo build --release --quiet --features count-allocs --target-dir target/count-allocs
    C=target/count-allocs/release/copydesk
    echo
    for cmd in "clean --out-dir -j1" "check --output-format concise -j1"; do
        rm -rf "$OUT/out"
        case $cmd in
            clean*) n=$({ $C clean "$PLAIN" --out-dir "$OUT/out" -q -j1 2>&1 >/dev/null || true; } | awk '/allocations:/ { print $3 }') ;;
            check*) n=$({ $C check "$PLAIN" -j1 --output-format concise 2>&1 >/dev/null || true; } | awk '/allocations:/ { print $3 }') ;;
        esac
        awk -v c="$cmd" -v n="$n" -v l="$LINES" 'BEGIN { printf "allocations, %s: %d (%.2f per input line)\n", c, n, n / l }'
    done
fi
