#!/usr/bin/env python3
"""Duplicates across partitions on a real engine: Spark in local mode.

Run by .ci/run (which installs pyspark into a virtual environment when it is
missing): generated shards with an exact and a near copy planted across
partitions go through examples/spark_dedup.py's three steps, and the result
must be what one copydesk run over the whole crawl gives: every planted copy
found, the same records dropped, the same bytes kept.

    python3 tests/spark/check_spark_dedup.py --copydesk target/debug/copydesk \
        --gen target/debug/examples/gen_corpus
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "examples"))
import spark_dedup  # noqa: E402


def plant(lines):
    """An exact copy and a near copy (one word changed) of articles of the
    first shard, with ids that sort after theirs."""
    records = [json.loads(l) for l in lines]
    exact = dict(records[2], id="z-exact")
    first_quarter = records[: len(records) // 4]
    longest = max(first_quarter, key=lambda r: len(r["text"]))
    near = dict(longest, id="z-near", text=longest["text"].replace(" the ", " a ", 1))
    return lines + [json.dumps(exact, ensure_ascii=False), json.dumps(near, ensure_ascii=False)]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--copydesk", required=True)
    p.add_argument("--gen", required=True)
    args = p.parse_args()
    copydesk = os.path.abspath(args.copydesk)
    started = time.time()
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([args.gen, "--out", f"{d}/all.jsonl", "--jsonl", "--mb", "0.3",
                        "--seed", "11", "--sites", "4"], check=True, capture_output=True)
        with open(f"{d}/all.jsonl", encoding="utf-8") as f:
            lines = plant(f.read().splitlines())
        os.makedirs(f"{d}/shards")
        per = -(-len(lines) // 4)
        for k in range(4):
            with open(f"{d}/shards/part-{k}.jsonl", "w", encoding="utf-8") as f:
                f.write("".join(l + "\n" for l in lines[k * per:(k + 1) * per]))
        whole = "".join(l + "\n" for l in lines)
        with open(f"{d}/crawl.jsonl", "w", encoding="utf-8") as f:
            f.write(whole)
        common = ["--profile", f"{d}/profile.json", "-q", "--source-field", "source"]
        subprocess.run([copydesk, "learn", "--jsonl", f"{d}/crawl.jsonl", "-o",
                        f"{d}/profile.json", "-q", "--source-field", "source"], check=True)
        direct = subprocess.run(
            [copydesk, "clean", "--jsonl", "-", "--drop-duplicate-articles", *common],
            input=whole.encode(), check=True, capture_output=True).stdout.decode()

        from pyspark.sql import SparkSession
        spark = (SparkSession.builder.master("local[2]").appName("copydesk-test")
                 .config("spark.ui.enabled", "false").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        decisions = spark_dedup.run(
            spark, copydesk, f"{d}/shards", f"{d}/out", f"{d}/profile.json", drop=True,
            partitions=4, extra=["--source-field", "source"],
            decisions_path=f"{d}/decisions.jsonl")
        spark.stop()

        via = []
        for part in sorted(glob.glob(f"{d}/out/part-*")):
            with open(part, encoding="utf-8") as f:
                via.extend(f.read().splitlines())
        direct_lines = direct.splitlines()
        found = {d["id"]: d["duplicate_of"] for d in decisions}
        assert "z-exact" in found and "z-near" in found, f"planted copies not found: {found}"
        all_ids = [json.loads(l)["id"] for l in lines]
        kept_direct = {json.loads(l)["id"]: l for l in direct_lines}
        kept_via = {json.loads(l)["id"]: l for l in via}
        dropped_direct = sorted(set(all_ids) - set(kept_direct))
        dropped_via = sorted(set(all_ids) - set(kept_via))
        assert "z-exact" in dropped_direct, dropped_direct
        assert dropped_via == dropped_direct, (dropped_via, dropped_direct)
        assert kept_via == kept_direct, "a kept record differs from the direct run"
        print(f"spark: {len(decisions)} duplicates found across 4 partitions "
              f"({', '.join(sorted(found))}), {len(dropped_via)} dropped, as in one run; "
              f"{time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
