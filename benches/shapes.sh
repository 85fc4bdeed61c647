#!/usr/bin/env bash
# Long-input benchmark: one file of each awkward shape at two sizes, through
# `clean` with both reports and `check`, printing CPU seconds and how much longer
# the big file took. The big file is SCALE times the small one, so a ratio near
# SCALE is linear work and one near SCALE squared is quadratic.
#
#   benches/shapes.sh [SMALL_MB] [SCALE]      # default: 4 MB and 4x
#
# Shapes (made here, deterministic, no external corpus):
#   articles   many short articles, each with a doubled headline and caption
#   one-article one headline over thousands of distinct paragraphs
#   same-para  one paragraph printed thousands of times in one article
#   long-line  the whole file on one line
#   spaceless  Chinese text without spaces or line breaks
#   short-tag  a site tag alone on a line, over and over
#   blank-runs articles between runs of twenty blank lines (each run dropped is
#              one change: this shape shows what changes cost in memory)
#   same-line  the headline printed again and again (every line a copy)
#   blank      nothing but blank lines
# Needs python3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL=${1:-4}
SCALE=${2:-4}
WORK=${WORK:-target/bench-shapes}
[ -x /usr/bin/time ] || { echo "shapes.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet
BIN=target/release/copydesk
mkdir -p "$WORK"

python3 - "$WORK" "$SMALL" "$SCALE" <<'EOF'
import random, sys
work, small, scale = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
words = ("the minister said on Monday that council budget railway talks would resume after "
         "protests in the capital where police officers unions agreed report percent").split()
def para(r):
    return " ".join(r.choice(words) for _ in range(r.randint(25, 60))).capitalize() + "."
def shape(name, mb):
    r = random.Random(1)
    n = int(mb * 1_000_000)
    out, size = [], 0
    def add(*lines):
        nonlocal size
        out.extend(lines)
        size += sum(len(l) + 1 for l in lines)
    if name == "articles":
        i = 0
        while size < n:
            h, c = f"Council agrees budget number {i}", f"Officers at the scene {i}. (AP)"
            add(h, h, "", c, c, "", para(r), "", para(r), "")
            i += 1
    elif name == "one-article":
        add("One headline over a long article", "")
        while size < n:
            add(para(r), "")
    elif name == "same-para":
        p = para(r)
        add("One paragraph printed again and again", "")
        while size < n:
            add(p, "")
    elif name == "long-line":
        parts = []
        while size < n:
            p = para(r)
            parts.append(p)
            size += len(p) + 1
        out = [" ".join(parts)]
    elif name == "spaceless":
        out = ["新闻报道中文文本没有空格。" * (n // 39)]
    elif name == "blank-runs":
        while size < n:
            add("A headline over a short story", "", para(r), *[""] * 20)
    elif name == "same-line":
        while size < n:
            add("The same headline printed again")
    elif name == "blank":
        out = [""] * n
    elif name == "short-tag":
        add("A headline", "")
        while size < n:
            add("TT")
    return "\n".join(out) + "\n"
for name in ["articles", "one-article", "same-para", "long-line", "spaceless", "short-tag", "blank-runs", "same-line", "blank"]:
    for mb in (small, small * scale):
        with open(f"{work}/{name}-{mb:g}.txt", "w", encoding="utf-8") as f:
            f.write(shape(name, mb))
EOF

BIG=$(python3 -c "print(f'{$SMALL * $SCALE:g}')")
# secs CMD...: "USER_SECONDS PEAK_RSS_MB" of one run (exit status 1, findings,
# is fine). User time, not wall time: the work is what grows with the input,
# while the kernel's time to hand out memory grows with the peak RSS.
secs() {
    /usr/bin/time -f "%U %M" -o "$WORK/time" "$@" > /dev/null 2>&1 || true
    tail -1 "$WORK/time" | awk '{ printf "%s %.0f", $1, $2 / 1024 }'
}
echo "| shape | command | ${SMALL} MB (user s) | ${BIG} MB (user s) | ratio (linear: $SCALE) | peak RSS at ${BIG} MB (MB) |"
echo "|---|---|---|---|---|---|"
for shape in articles one-article same-para long-line spaceless short-tag blank-runs same-line blank; do
    for cmd in "clean --report diff" "clean --report json" "check --output-format full"; do
        row=()
        for mb in "$SMALL" "$BIG"; do
            f=$WORK/$shape-$mb.txt
            case $cmd in
                "clean --report diff") row+=("$(secs "$BIN" clean "$f" -q -o "$WORK/out.txt" --report "$WORK/report.txt")") ;;
                "clean --report json") row+=("$(secs "$BIN" clean "$f" -q -o "$WORK/out.txt" --report "$WORK/report.json")") ;;
                *) row+=("$(secs "$BIN" check "$f" --output-format full)") ;;
            esac
        done
        read -r a _ <<< "${row[0]}"
        read -r b rss <<< "${row[1]}"
        ratio=$(python3 -c "print(f'{$b / max($a, 0.01):.1f}')")
        echo "| $shape | $cmd | $a | $b | $ratio | $rss |"
    done
done
