#!/usr/bin/env python3
"""Mojibake repair measured on real translated text, beside ftfy.

    python3 benches/mojibake_eval.py [--copydesk target/release/copydesk] [--per-family 300]

The text is the machine's own gettext catalogues (/usr/share/locale/*/LC_MESSAGES/
*.mo): translated messages in many languages. For each codec family a language
whose code page can encode its text is picked, and its messages are turned into
mojibake the way a mis-declared page is read (UTF-8 bytes decoded through the
code page, a byte it leaves undefined shown as its Latin-1 character). Then

- repaired: the share of mangled lines each tool gives back exactly;
- false positives: correct lines (the same catalogues, untouched, in every
  language found) that a tool changes: the requirement is 0;
- MB/s of each tool over the clean lines.

copydesk runs with only the mojibake rule (`--select mojibake`), on one file of
one line per sample. ftfy (`ftfy.fix_text` with `uncurl_quotes=False`) runs when
it can be imported (for example from a virtual environment with `pip install
ftfy`); otherwise its columns are left out. Standard library otherwise.
"""

import argparse
import gettext
import glob
import os
import random
import subprocess
import sys
import tempfile
import time

# (family, WHATWG label, languages whose text the code page encodes)
FAMILIES = [
    ("Windows-1252", "windows-1252", ["fr", "de", "es", "pt", "it", "nl", "sv", "da"]),
    ("Windows-1252 twice", "windows-1252*2", ["fr", "de", "es", "pt"]),
    ("Windows-1251", "windows-1251", ["ru", "uk", "bg", "sr"]),
    ("Windows-1250", "windows-1250", ["pl", "cs", "hu", "ro", "sk"]),
    ("ISO-8859-2", "iso-8859-2", ["pl", "cs", "hr", "sl"]),
    ("Windows-1253", "windows-1253", ["el"]),
    ("Windows-1254", "windows-1254", ["tr"]),
    ("Windows-1257", "windows-1257", ["lt", "lv", "et"]),
    ("MacRoman", "macintosh", ["fr", "de", "es", "pt"]),
]


def messages(lang, limit):
    """Translated messages of one language, one line each, non-ASCII ones."""
    out = []
    for path in sorted(glob.glob(f"/usr/share/locale/{lang}/LC_MESSAGES/*.mo")):
        try:
            with open(path, "rb") as f:
                catalog = gettext.GNUTranslations(f)._catalog
        except Exception:
            continue
        for key, value in catalog.items():
            if not key or not isinstance(value, str):
                continue
            for line in value.splitlines():
                line = line.strip()
                if 12 <= len(line) <= 200 and not line.isascii() and "%" not in line:
                    out.append(line)
        if len(out) > limit * 20:
            break
    return out


def mangle(text, label):
    if label.endswith("*2"):
        return mangle(mangle(text, label[:-2]), label[:-2])
    data = text.encode("utf-8")
    chars = []
    for b in data:
        try:
            chars.append(bytes([b]).decode(label))
        except UnicodeDecodeError:
            chars.append(chr(b))
    return "".join(chars)


def encodable(text, label):
    base = label.split("*")[0]
    try:
        text.encode(base)
        return True
    except UnicodeEncodeError:
        return False


def run_copydesk(binary, lines):
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "in.txt")
        with open(src, "w", encoding="utf-8") as f:
            f.write("\n\n".join(lines) + "\n")
        started = time.time()
        out = subprocess.run([binary, "clean", src, "--select", "mojibake", "-o", "-"],
                             check=True, capture_output=True).stdout.decode("utf-8")
        seconds = time.time() - started
    got = [l for l in out.split("\n\n")]
    got[-1] = got[-1].rstrip("\n")
    return got, seconds


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--copydesk", default="target/release/copydesk")
    p.add_argument("--per-family", type=int, default=300)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--show", type=int, default=0, help="print this many misses per family")
    args = p.parse_args()
    try:
        import ftfy
    except ImportError:
        ftfy = None
    rng = random.Random(args.seed)

    def ftfy_fix(lines):
        started = time.time()
        fixed = [ftfy.fix_text(l, uncurl_quotes=False) for l in lines]
        return fixed, time.time() - started

    print(f"{'family':<22} {'cases':>6} {'copydesk':>9} {'ftfy':>6}")
    clean_lines = []
    for family, label, langs in FAMILIES:
        pairs = []
        for lang in langs:
            msgs = [m for m in messages(lang, args.per_family) if encodable(m, label)]
            rng.shuffle(msgs)
            clean_lines.extend(msgs[: args.per_family // 2])
            for m in msgs[: args.per_family // len(langs) + 1]:
                mangled = mangle(m, label)
                if mangled != m:
                    pairs.append((mangled, m))
        pairs = pairs[: args.per_family]
        if not pairs:
            print(f"{family:<22} {0:>6}   (no catalogue text on this machine)")
            continue
        got, _ = run_copydesk(args.copydesk, [m for m, _ in pairs])
        ours = sum(g == want for g, (_, want) in zip(got, pairs)) / len(pairs)
        misses = [(m, g, w) for g, (m, w) in zip(got, pairs) if g != w][: args.show]
        theirs = ""
        if ftfy:
            fixed, _ = ftfy_fix([m for m, _ in pairs])
            theirs = f"{100 * sum(f == want for f, (_, want) in zip(fixed, pairs)) / len(pairs):5.1f}%"
        print(f"{family:<22} {len(pairs):>6} {100 * ours:8.1f}% {theirs:>6}")
        for m, g, w in misses:
            print(f"  missed: {m!r}\n     got: {g!r}\n    want: {w!r}")

    clean_lines = sorted(set(clean_lines))
    got, seconds = run_copydesk(args.copydesk, clean_lines)
    changed = [(c, g) for c, g in zip(clean_lines, got) if c != g]
    mb = sum(len(l.encode()) + 2 for l in clean_lines) / 1e6
    line = f"clean lines: {len(clean_lines)} ({mb:.1f} MB); copydesk changed {len(changed)} ({mb / seconds:.1f} MB/s, process start included)"
    if ftfy:
        fixed, fseconds = ftfy_fix(clean_lines)
        fchanged = sum(c != f for c, f in zip(clean_lines, fixed))
        line += f"; ftfy changed {fchanged} ({mb / fseconds:.1f} MB/s)"
    print(line)
    for c, g in changed[:10]:
        print(f"  changed: {c!r} -> {g!r}")


if __name__ == "__main__":
    main()
