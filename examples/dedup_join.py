#!/usr/bin/env python3
"""Duplicate decisions from `copydesk signatures` records, on one machine.

    copydesk signatures --jsonl crawl.jsonl --profile profile.json > sigs.jsonl
    python3 examples/dedup_join.py sigs.jsonl > decisions.jsonl
    copydesk clean --jsonl crawl.jsonl --profile profile.json \
        --duplicates decisions.jsonl --drop-duplicate-articles -o cleaned.jsonl

The same rule copydesk applies within one stream (and examples/spark_dedup.py
applies across a crawl on Spark): records are grouped by `key`; in each group
the first copy is the record with the smallest id (`--order line` takes the
order of the lines instead, for one stream); a later record repeats it when
`exact` and `sketch` are equal, or, when both are `shingled`, when the
similarity estimated from the sketches reaches the threshold. Standard
library only.
"""

import argparse
import json
import sys


def similarity(a, b):
    """Jaccard similarity estimated from two 64-bit sketches (hex)."""
    same = 64 - bin(int(a, 16) ^ int(b, 16)).count("1")
    return max(0.0, 2.0 * same / 64 - 1.0)


def id_order(record):
    """Smallest id first; ids of different JSON types sort by their text."""
    return json.dumps(record["id"], sort_keys=True)


def decide(records, threshold=0.8, order=id_order):
    """The decisions for the records of one key: each later copy with the
    first copy it repeats."""
    records = sorted(records, key=order)
    first = records[0]
    for r in records[1:]:
        if r["exact"] == first["exact"] and r["sketch"] == first["sketch"]:
            yield {"id": r["id"], "duplicate_of": first["id"], "exact": True, "similarity": 1.0}
        elif r["shingled"]:
            s = similarity(r["sketch"], first["sketch"])
            if s >= threshold:
                yield {"id": r["id"], "duplicate_of": first["id"], "exact": False, "similarity": s}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("signatures", nargs="+", help="files of signature records")
    p.add_argument("--threshold", type=float, default=0.8)
    p.add_argument("--order", choices=["id", "line"], default="id")
    args = p.parse_args()
    groups = {}
    n = 0
    for path in args.signatures:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    r["_n"] = n
                    n += 1
                    groups.setdefault(r["key"], []).append(r)
    order = id_order if args.order == "id" else (lambda r: r["_n"])
    out = []
    for records in groups.values():
        out.extend(decide(records, args.threshold, order))
    out.sort(key=lambda d: json.dumps(d["id"], sort_keys=True))
    for d in out:
        sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
