#!/usr/bin/env python3
"""How near-duplicate reports compare with the exact Jaccard similarity.

    copydesk clean --jsonl IN.jsonl -o OUT.jsonl [--duplicate-threshold T]
    python3 benches/dup_accuracy.py OUT.jsonl [T]

For each record, the set of its five-word shingles (lower-cased words of the
cleaned text after its first line, as copydesk signs a record) is compared
exactly with every earlier record that shares a shingle; the best earlier
match is the record's true similarity. The script prints, by band of true
similarity, how many records there are and how many copydesk reported as
duplicates (`copydesk.duplicate_of`), and how many of those are beyond doubt
at threshold T (default 0.8): exact, or estimated at T plus two standard errors,
the ones `--drop-duplicate-articles` drops. An estimate from a 64-bit sketch
misses some copies above the threshold and reports some below it; this shows
how many.
Shingles shared by 60 records or more (boilerplate) are not used to pair.
"""
import collections
import itertools
import json
import math
import sys


def beyond_doubt(dup, threshold):
    """As copydesk's `Duplicate::is_certain` decides (64 one-bit buckets)."""
    if dup["exact"]:
        return True
    agree = (1 + dup["similarity"]) / 2
    return dup["similarity"] - 4 * math.sqrt(agree * (1 - agree) / 64) >= threshold


def main(path, threshold):
    shingles, reported, certain = [], set(), set()
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            record = json.loads(line)
            lines = [l for l in record["text"].split("\n") if l][1:]
            words = " ".join(lines).lower().split()
            shingles.append({hash(tuple(words[k:k + 5])) for k in range(len(words) - 4)})
            dup = record.get("copydesk", {}).get("duplicate_of")
            if dup:
                reported.add(i)
                if beyond_doubt(dup, threshold):
                    certain.add(i)
    by_shingle = collections.defaultdict(list)
    for i, s in enumerate(shingles):
        for h in s:
            by_shingle[h].append(i)
    shared = collections.Counter()
    for ids in by_shingle.values():
        if 1 < len(ids) < 60:
            shared.update(itertools.combinations(ids, 2))
    best = {}
    for (a, b), n in shared.items():
        j = n / len(shingles[a] | shingles[b])
        best[b] = max(best.get(b, 0.0), j)
    print(f"{len(shingles)} records, {len(reported)} reported as duplicates, "
          f"{len(certain)} beyond doubt at {threshold}")
    print("| true similarity | records | reported | beyond doubt |")
    print("|---|---|---|---|")
    bands = [(0.0, 0.6), (0.6, 0.7), (0.7, 0.75), (0.75, 0.8), (0.8, 0.85), (0.85, 0.9), (0.9, 1.01)]
    for lo, hi in bands:
        ids = [b for b, j in best.items() if lo <= j < hi]
        if lo == 0.0:
            ids += [i for i in range(len(shingles)) if i not in best]
        print(f"| {lo:.2f} to {min(hi, 1.0):.2f} | {len(ids)} "
              f"| {sum(1 for i in ids if i in reported)} | {sum(1 for i in ids if i in certain)} |")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) == 3 else 0.8)
