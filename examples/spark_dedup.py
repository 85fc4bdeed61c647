#!/usr/bin/env python3
"""Duplicate articles across a whole crawl on Spark, copydesk doing the text work.

    spark-submit examples/spark_dedup.py \
        --copydesk /usr/local/bin/copydesk --profile profile.json \
        --input 'crawl/*.jsonl' --out cleaned/ [--drop] [--threshold 0.8]

Three steps, each one Spark job:

1. Signatures out: every partition is piped through `copydesk signatures
   --jsonl -` (the text signed as `clean` will leave it, with the same
   profile): one small record per article.
2. The join, in the engine: records grouped by `key`; in each group the
   record with the smallest id is the first copy; a later record repeats it
   when `exact` and `sketch` are equal, or, when shingled, when the similarity
   estimated from the sketches reaches the threshold (examples/dedup_join.py,
   the same rule on one machine). The decisions are few; they are collected
   and written to one file.
3. Decisions back in: every partition is piped through `copydesk clean
   --jsonl - --duplicates DECISIONS` (with --drop-duplicate-articles when
   --drop is given), which reports or drops exactly what one run over the
   whole crawl would.

Learn the profile once beforehand (`copydesk learn --jsonl ... -o
profile.json`): a partition read on standard input cannot learn boilerplate
itself. On a cluster, copydesk must be on every worker at the same path; the
profile and the decisions file are shipped with the job (SparkContext.addFile)
and named relative to the worker's working folder.
"""

import argparse
import json
import os
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dedup_join import decide  # noqa: E402


def run(spark, copydesk, inputs, out, profile, threshold=0.8, drop=False,
        partitions=None, extra=(), decisions_path=None):
    """Run the three steps; returns the decisions (a list of dicts)."""
    sc = spark.sparkContext
    # The join's rule runs on the workers too.
    sc.addPyFile(os.path.join(os.path.dirname(os.path.abspath(__file__)), "dedup_join.py"))
    local = sc.master.startswith("local")
    if not local:
        sc.addFile(profile)
        profile = os.path.basename(profile)
    base = [copydesk, "--profile", profile, "-q", *extra]
    lines = sc.textFile(inputs, minPartitions=partitions or sc.defaultParallelism)

    # 1. Signatures out.
    sign = shlex.join([copydesk, "signatures", "--jsonl", "-", *base[1:]])
    records = lines.pipe(sign).map(json.loads)

    # 2. The join, in the engine.
    decisions = (records.keyBy(lambda r: r["key"])
                 .groupByKey()
                 .flatMap(lambda kv: list(decide(list(kv[1]), threshold)))
                 .collect())
    decisions.sort(key=lambda d: json.dumps(d["id"], sort_keys=True))
    decisions_path = decisions_path or os.path.abspath("copydesk-decisions.jsonl")
    with open(decisions_path, "w", encoding="utf-8") as f:
        for d in decisions:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    if not local:
        sc.addFile(decisions_path)
        decisions_path = os.path.basename(decisions_path)

    # 3. Decisions back in.
    clean = [copydesk, "clean", "--jsonl", "-", "--duplicates", decisions_path,
             "--duplicate-threshold", str(threshold), *base[1:]]
    if drop:
        clean.append("--drop-duplicate-articles")
    lines.pipe(shlex.join(clean)).saveAsTextFile(out)
    return decisions


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--copydesk", default="copydesk")
    p.add_argument("--input", required=True, help="JSONL files (a glob or a folder)")
    p.add_argument("--out", required=True, help="folder for the cleaned records")
    p.add_argument("--profile", required=True, help="from `copydesk learn`")
    p.add_argument("--threshold", type=float, default=0.8)
    p.add_argument("--drop", action="store_true", help="drop the copies beyond doubt")
    p.add_argument("--master", default=None, help="e.g. local[4]; spark-submit sets it")
    p.add_argument("--source-field", default=None)
    args = p.parse_args()
    from pyspark.sql import SparkSession
    builder = SparkSession.builder.appName("copydesk-dedup")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    extra = ["--source-field", args.source_field] if args.source_field else []
    decisions = run(spark, args.copydesk, args.input, args.out, args.profile,
                    args.threshold, args.drop, extra=extra)
    print(f"{len(decisions)} duplicate articles; cleaned records in {args.out}",
          file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()
