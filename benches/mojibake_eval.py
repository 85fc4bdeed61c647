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
    ("Windows-1255", "windows-1255", ["he"]),
    ("Windows-1256", "windows-1256", ["ar", "fa"]),
    ("Windows-1258", "windows-1258", ["vi"]),
    ("MacRoman", "macintosh", ["fr", "de", "es", "pt"]),
    ("code page 437", "cp437", ["fr", "de", "es", "sv"]),
    # A no-break space byte (0xA0, as in `à`: C3 A0) became a plain space.
    ("Windows-1252, 0xA0 lost", "windows-1252+nbsp", ["fr", "pt", "it", "ca"]),
    # Bytes Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D, as in
    # `Ł`: C5 81) were decoded as U+FFFD: the rest comes back, and each
    # character that lost a byte is one U+FFFD.
    ("Windows-1252, lossy", "windows-1252+lossy", ["pl", "es", "hu", "cs", "is"]),
    # A correct French or German line (accents no Cyrillic code page holds)
    # with a Russian or Greek word mangled inside it.
    ("1251/1253 word in a line", "mixed", ["fr", "de"]),
]

# For the mixed family: (code page, languages whose words are mangled).
MIXED = [("windows-1251", ["ru", "uk", "bg"]), ("windows-1253", ["el"])]

UNDEFINED_1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def expected(text, label):
    """What a repair can give back: the text, with each character that lost
    a byte on the way as one U+FFFD."""
    if not label.endswith("+lossy"):
        return text
    return "".join("\ufffd" if UNDEFINED_1252 & set(c.encode()) else c for c in text)

# Languages whose correct text is only checked for false positives: scripts
# no code page above encodes, and more Latin, Cyrillic and Arabic-script ones.
CLEAN_ONLY = ["vi", "ja", "zh_CN", "zh_TW", "ko", "ar", "he", "hi", "th", "ka", "hy", "ta",
              "fa", "fi", "is", "ca", "gl", "eu", "nb", "id", "be", "kk", "mk", "sq", "ga",
              "cy", "eo", "bn", "ml"]

# Hard negatives: correct text that looks like mojibake to a naive detector.
HARD_NEGATIVES = [
    "SÃO PAULO: A CÂMARA APROVOU O ORÇAMENTO, DISSE A IRMÃ DO PREFEITO.",
    "NÃO HÁ AÇÃO SEM REAÇÃO — MANIFESTAÇÃO NA PRAÇA DA SÉ",
    "Hội đồng thành phố Đà Nẵng đã thông qua ngân sách năm tới.",
    "Tiền vé tăng 5% từ thứ Hai, ông Nguyễn Văn Ấn cho biết.",
    "Tickets cost £5 (about €6) at the door; ¥800 in Tokyo.",
    "The formula 2√π ≈ 3.54 and x² ± y³ ≤ 10 hold for |z| ≥ 1.",
    "Fans wrote (╯°□°)╯︵ ┻━┻ and ¯\\_(ツ)_/¯ under the post.",
    "Blåbær og rødgrød — «Ærø» på Ålandsøarna, sa han.",
    "Øresund “bridge” – Æbelø, Åbenrå…",
    "Ñandú, Íñigo y Ángel: “¡Olé!” — ¿qué más?",
    "Größe: 20 µm, Temperatur 25 °C, Preis 9,99 € — »günstig«",
    "ÉCOLE, ÉTÉ, À BIENTÔT — ÇA VA ?",
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
    if label.endswith("+nbsp"):
        return mangle(text, label.split("+")[0]).replace("\xa0", " ")
    lossy = label.endswith("+lossy")
    label = label.split("+")[0]
    data = text.encode("utf-8")
    chars = []
    for b in data:
        try:
            chars.append(bytes([b]).decode(label))
        except UnicodeDecodeError:
            chars.append("\ufffd" if lossy else chr(b))
    return "".join(chars)


def applies(text, label):
    """Does the chain do what it names to this text?"""
    if label.endswith("+nbsp"):
        return "\xa0" in mangle(text, label.split("+")[0])
    if label.endswith("+lossy"):
        return "\ufffd" in mangle(text, label)
    return True


def encodable(text, label):
    if label.endswith("+lossy"):
        # Any UTF-8 text can be read through Windows-1252.
        return True
    base = label.split("*")[0].split("+")[0]
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
        # One generator per family: a family's cases do not move when
        # another family is added.
        rng = random.Random(f"{args.seed}-{family}")
        pairs = []
        for lang in ([] if label == "mixed" else langs):
            msgs = [m for m in messages(lang, args.per_family) if encodable(m, label)]
            rng.shuffle(msgs)
            clean_lines.extend(msgs[: args.per_family // 2])
            msgs = [m for m in msgs if applies(m, label)]
            for m in msgs[: args.per_family // len(langs) + 1]:
                mangled = mangle(m, label)
                if mangled != m:
                    pairs.append((mangled, expected(m, label)))
        if label == "mixed":
            pairs = []
            for codec, word_langs in MIXED:
                words = sorted({w.strip(".,:;()«»\"'") for l in word_langs
                                for m in messages(l, args.per_family) for w in m.split()
                                if len(w) >= 5 and w.isalpha() and not w.isascii()})
                rng.shuffle(words)
                hosts = [m for l in langs for m in messages(l, args.per_family)
                         if not encodable(m, codec)]
                rng.shuffle(hosts)
                for host, word in zip(hosts, words):
                    pairs.append((f"{host} ({mangle(word, codec)})", f"{host} ({word})"))
            rng.shuffle(pairs)
        pairs = pairs[: args.per_family]
        if not pairs:
            print(f"{family:<22} {0:>6}   (no catalogue text on this machine)")
            continue
        # A no-break space given back as a plain space counts (the
        # whitespace rule makes one of the other anyway), for both tools.
        same = (lambda a, b: a.replace("\xa0", " ") == b.replace("\xa0", " ")) \
            if label.endswith("+nbsp") else (lambda a, b: a == b)
        got, _ = run_copydesk(args.copydesk, [m for m, _ in pairs])
        ours = sum(same(g, want) for g, (_, want) in zip(got, pairs)) / len(pairs)
        misses = [(m, g, w) for g, (m, w) in zip(got, pairs) if not same(g, w)][: args.show]
        theirs = ""
        if ftfy:
            fixed, _ = ftfy_fix([m for m, _ in pairs])
            theirs = f"{100 * sum(same(f, want) for f, (_, want) in zip(fixed, pairs)) / len(pairs):5.1f}%"
        print(f"{family:<22} {len(pairs):>6} {100 * ours:8.1f}% {theirs:>6}")
        for m, g, w in misses:
            print(f"  missed: {m!r}\n     got: {g!r}\n    want: {w!r}")

    rng = random.Random(f"{args.seed}-clean")
    for lang in CLEAN_ONLY:
        msgs = messages(lang, args.per_family)
        rng.shuffle(msgs)
        clean_lines.extend(msgs[: args.per_family // 2])
    languages = sum(bool(messages(l, 1)) for l in
                    sorted({l for _, _, ls in FAMILIES for l in ls} | set(CLEAN_ONLY)))
    clean_lines = sorted(set(clean_lines)) + HARD_NEGATIVES
    got, seconds = run_copydesk(args.copydesk, clean_lines)
    changed = [(c, g) for c, g in zip(clean_lines, got) if c != g]
    # A catalogue line can itself be mojibake (a translator's file saved
    # through the wrong code page): when copydesk's output is exactly that
    # line's Windows-1252 bytes read as UTF-8, the change is a repair, shown
    # apart and not counted as a false positive.
    def is_own_mojibake(c, g):
        try:
            return c.encode("cp1252").decode("utf-8") == g
        except UnicodeError:
            return False
    repaired_in_catalogue = [(c, g) for c, g in changed if is_own_mojibake(c, g)]
    changed = [(c, g) for c, g in changed if not is_own_mojibake(c, g)]
    mb = sum(len(l.encode()) + 2 for l in clean_lines) / 1e6
    line = (f"clean lines: {len(clean_lines)} in {languages} languages, "
            f"{len(HARD_NEGATIVES)} hard negatives among them ({mb:.1f} MB); "
            f"copydesk changed {len(changed)} ({mb / seconds:.1f} MB/s, process start included)")
    if ftfy:
        fixed, fseconds = ftfy_fix(clean_lines)
        fchanged = sum(c != f for c, f in zip(clean_lines, fixed))
        # fix_text also widens full-width punctuation, decodes entities and
        # drops control characters; fix_encoding is its mojibake part alone.
        fenc = sum(c != ftfy.fix_encoding(c) for c in clean_lines)
        line += (f"; ftfy changed {fchanged}, {fenc} of them by fix_encoding "
                 f"({mb / fseconds:.1f} MB/s)")
    print(line)
    for c, g in changed[:10]:
        print(f"  changed: {c!r} -> {g!r}")
    for c, g in repaired_in_catalogue:
        print(f"  mojibake in the catalogue itself, repaired: {c!r} -> {g!r}")


if __name__ == "__main__":
    main()
