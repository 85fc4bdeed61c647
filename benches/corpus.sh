#!/usr/bin/env bash
# Corpus benchmark: MB/s of `copydesk clean --out-dir` and of the JSONL mode at
# -j1 and -j2, peak RSS, and the same machine's `cat` speed as a yardstick.
#
#   benches/corpus.sh [MB] [SEED]      # default: 100 MB, seed 1
#
# The corpus comes from ../shared/bench/gen_corpus.py (deterministic): for
# --mb 100 --seed 1 its SHA-256 starts c3e85f34484e920c (plain) and
# 4e46094949f371e4 (JSONL). Needs python3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-100}
SEED=${2:-1}
GEN=${GEN:-../shared/bench/gen_corpus.py}
WORK=${WORK:-target/bench-corpus}
# Where the cleaned output goes; OUT=/dev/shm separates the cleaning from the
# disk (1,600 files and a 120 MB run report are written per run).
OUT=${OUT:-$WORK}
[ -f "$GEN" ] || { echo "corpus.sh: $GEN not found; set GEN=path/to/gen_corpus.py" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "corpus.sh: needs GNU time (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet
BIN=target/release/copydesk
PLAIN=$WORK/p$MB-s$SEED
JSONL=$WORK/j$MB-s$SEED
if [ ! -d "$PLAIN" ]; then python3 "$GEN" --mb "$MB" --seed "$SEED" --out "$PLAIN" >&2; fi
if [ ! -d "$JSONL" ]; then python3 "$GEN" --mb "$MB" --seed "$SEED" --out "$JSONL" --jsonl --shards 16 >&2; fi
cat "$JSONL"/*.jsonl > "$WORK/j$MB-s$SEED.jsonl"
BYTES=$(cat "$PLAIN"/*.txt | wc -c)
JBYTES=$(wc -c < "$WORK/j$MB-s$SEED.jsonl")

# run NAME BYTES CMD...: prints a table row with MB/s and peak RSS, from the
# median of RUNS runs (default 3; timings on a shared machine move by 15% or
# more from run to run, mostly in the time the kernel spends writing files).
RUNS=${RUNS:-3}
run() {
    local name=$1 bytes=$2
    shift 2
    : > "$WORK/times"
    for _ in $(seq "$RUNS"); do
        rm -rf "$OUT/out" "$OUT/out.jsonl"
        /usr/bin/time -f "%e %M %U %S" -o "$WORK/time" "$@" > /dev/null
        cat "$WORK/time" >> "$WORK/times"
    done
    sort -n "$WORK/times" | awk -v n="$name" -v b="$bytes" -v runs="$RUNS" '
        { s[NR] = $1; k[NR] = $2; u[NR] = $3; y[NR] = $4 }
        END {
            m = int((runs + 1) / 2)
            printf "| %s | %.2f | %.1f | %.2f | %.2f | %.0f |\n", n, s[m], b / 1e6 / s[m], u[m], y[m], k[m] / 1024
        }'
}

echo "corpus: $PLAIN ($((BYTES / 1000000)) MB, $(ls "$PLAIN" | grep -c txt) files); $(nproc) cores"
echo
echo "| command | seconds | MB/s | user s | system s | peak RSS (MB) |"
echo "|---|---|---|---|---|---|"
run "cat (yardstick)" "$BYTES" sh -c "cat $PLAIN/*.txt"
for j in 1 2; do
    run "clean --out-dir -j$j" "$BYTES" "$BIN" clean "$PLAIN" --out-dir "$OUT/out" -q -j "$j"
done
for j in 1 2; do
    run "clean --jsonl -j$j" "$JBYTES" "$BIN" clean --jsonl "$WORK/j$MB-s$SEED.jsonl" -o "$OUT/out.jsonl" -q -j "$j"
done
run "check --output-format concise -j1 (no writes)" "$BYTES" sh -c "$BIN check $PLAIN -j1 --output-format concise || true"
run "clean --out-dir -j1, repair rules off" "$BYTES" "$BIN" clean "$PLAIN" --out-dir "$OUT/out" -q -j 1 --ignore mojibake --ignore html-entity
