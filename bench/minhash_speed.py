"""MinHash signature speed on one core, tokenisation included, side by side in one run.

Same documents (~3.5 KB English prose from bench.corpus), word 5-grams, 128 permutations:
  - MedCurate: whole-batch Arrow/numpy shingling + one-permutation hashing (pipeline/dedup)
  - datasketch MinHash.bulk(hashfunc=xxh32), shingles made in Python (the ENVIRONMENT.md anchor recipe)
  - rensa RMinHash (Rust), shingles made in Python
and the Chinese character 5-gram speed of MedCurate (rensa given character shingles, for reference).
Target (issue 3): MedCurate >= 2x rensa per core.

    python -m bench.minhash_speed [--docs 20000 --repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core for everyone

import time  # noqa: E402
from pathlib import Path  # noqa: E402

import pyarrow as pa  # noqa: E402

pa.set_cpu_count(1)
pa.set_io_thread_count(1)

from pipeline.dedup.minhash import signatures  # noqa: E402
from pipeline.dedup.shingles import shingle_hashes  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
BATCH = 2048  # the dedup stage's default batch_rows


def load_docs(n: int) -> tuple[list[str], list[str]]:
    from bench.corpus import generate_corpus

    folder = RESULTS / "corpus-minhash"
    if not (folder / "part-0000.jsonl").exists():
        generate_corpus(folder, total_bytes=int(2 * n * 3600), files=1, seed=1, exact_dup_rate=0, near_dup_rate=0)
    en, zh = [], []
    with open(folder / "part-0000.jsonl", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            (en if text.isascii() else zh).append(text)
    return en[:n], zh[:n]


def words5(text: str) -> list[str]:
    tokens = text.lower().split()
    return [" ".join(tokens[i : i + 5]) for i in range(max(1, len(tokens) - 4))]


def chars5(text: str) -> list[str]:
    chars = [c for c in text if not c.isspace()]
    return ["".join(chars[i : i + 5]) for i in range(max(1, len(chars) - 4))]


def time_ours(docs: list[str]) -> float:
    started = time.perf_counter()
    for start in range(0, len(docs), BATCH):
        signatures(shingle_hashes(pa.array(docs[start : start + BATCH]), 5, 5), 128, 1)
    return time.perf_counter() - started


def time_rensa(docs: list[str], shingle) -> float:
    from rensa import RMinHash

    started = time.perf_counter()
    for text in docs:
        m = RMinHash(num_perm=128, seed=1)
        m.update(shingle(text))
        m.digest()
    return time.perf_counter() - started


def time_datasketch(docs: list[str]) -> float:
    import xxhash
    from datasketch import MinHash

    started = time.perf_counter()
    MinHash.bulk(([s.encode("utf-8") for s in words5(t)] for t in docs), num_perm=128,
                 hashfunc=lambda b: xxhash.xxh32_intdigest(b))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    en, zh = load_docs(args.docs)
    mb_en = sum(len(t.encode()) for t in en) / 1e6
    mb_zh = sum(len(t.encode()) for t in zh) / 1e6
    time_ours(en[:2000])  # warm-up: imports, first allocations
    # Interleaved repeats, best of each: this machine's background noise only ever adds time.
    best: dict[str, float] = {}
    for _ in range(args.repeats):
        for name, timer in (("ours_en", lambda: time_ours(en)), ("rensa_en", lambda: time_rensa(en, words5)),
                            ("ours_zh", lambda: time_ours(zh)), ("rensa_zh", lambda: time_rensa(zh, chars5))):
            best[name] = min(best.get(name, float("inf")), timer())
    rows = [
        ("MedCurate OPH (en, word 5-grams)", len(en), mb_en, best["ours_en"]),
        ("rensa RMinHash (en, word 5-grams)", len(en), mb_en, best["rensa_en"]),
        ("datasketch bulk xxh32 (en)", min(len(en), 5000), mb_en * min(len(en), 5000) / len(en), time_datasketch(en[:5000])),
        ("MedCurate OPH (zh, char 5-grams)", len(zh), mb_zh, best["ours_zh"]),
        ("rensa RMinHash (zh, char 5-grams)", len(zh), mb_zh, best["rensa_zh"]),
    ]
    print(f"\n{'one core, 128 permutations, best of ' + str(args.repeats):<36}{'docs':>8}{'KB/doc':>8}{'docs/s':>10}{'MB/s':>8}")
    for name, docs, mb, seconds in rows:
        print(f"{name:<36}{docs:>8,}{mb * 1e3 / docs:>8.2f}{docs / seconds:>10,.0f}{mb / seconds:>8.1f}")
    ours, rensa = rows[0][2] / rows[0][3], rows[1][2] / rows[1][3]
    print(f"\nMedCurate / rensa (English): {ours / rensa:.2f}x   (anchor in ENVIRONMENT.md: rensa ~22 MB/s per core)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "minhash_speed.json").write_text(json.dumps(
        [{"name": n, "docs": d, "mb": m, "seconds": s, "mb_per_s": m / s} for n, d, m, s in rows], indent=2))


if __name__ == "__main__":
    main()
