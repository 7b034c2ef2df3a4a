"""Big synthetic corpus for MedCurate benchmarks.

    python -m bench.corpus --out DIR --gb 1        (run from the repository root)

Writes plain UTF-8 JSON Lines files ``part-0000.jsonl`` ... with fields ``id``, ``text`` and ``source``.
Each document is about ``doc_bytes`` of UTF-8: paragraphs of one topic, drawn from a pool composed with
``scripts/text_bank.py`` (original text, Apache-2.0), are concatenated until the size is reached. A share
of documents are exact copies of a recent document (new id) and a share are near copies (one paragraph
replaced, deleted or moved, or one word changed). Seeded ``random.Random``: the same arguments give
the same bytes. Speed comes from composing the pool once and then only sampling and joining strings.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import text_bank as tb  # noqa: E402

POOL_DOCS_PER_TOPIC = 300  # composed documents per (language, domain, topic): ~1,100 paragraphs each
RECENT = 4096  # exact/near copies are made from one of the last RECENT original documents
_ZH_SWAP = ("的", "了", "和", "在", "是", "与", "及", "对")
_EN_SWAP = ("the", "a", "and", "of", "in", "with", "for", "to")


class _Pool:
    __slots__ = ("lang", "source", "paras", "sizes", "n")

    def __init__(self, rng: random.Random, lang: str, domain: str, topic: str, docs: int):
        joiner = "" if lang == "zh" else " "
        paras: list[str] = []
        for _ in range(docs):
            doc = tb.compose(rng, lang, domain, topic)
            paras.extend(joiner.join(b) for b in doc.blocks if b)
        self.lang, self.source = lang, f"synthetic/{lang}/{domain}/{topic}"
        self.paras = paras
        self.sizes = [len(p.encode("utf-8")) + 1 for p in paras]
        self.n = len(paras)


def _document(rnd, pool: _Pool, doc_bytes: int) -> list[str]:
    paras, sizes, n = pool.paras, pool.sizes, pool.n
    out: list[str] = []
    size = 0
    while size < doc_bytes:
        i = int(rnd() * n)
        out.append(paras[i])
        size += sizes[i]
    return out


def _near(rng: random.Random, parts: list[str], pool: _Pool) -> list[str]:
    """A small edit of a document given as paragraphs."""
    parts = list(parts)
    op = rng.random()
    i = rng.randrange(len(parts))
    if op < 0.4 or len(parts) < 3:
        parts[i] = pool.paras[rng.randrange(pool.n)]
    elif op < 0.6:
        del parts[i]
    elif op < 0.8:
        j = rng.randrange(len(parts))
        parts[i], parts[j] = parts[j], parts[i]
        if i == j:
            parts[i] = pool.paras[rng.randrange(pool.n)]
    else:  # change one function word
        pad = "" if pool.lang == "zh" else " "
        words = [f"{pad}{w}{pad}" for w in (_ZH_SWAP if pool.lang == "zh" else _EN_SWAP)]
        p = parts[i]
        for w in words:
            k = p.find(w)
            if k >= 0:
                parts[i] = p[:k] + rng.choice([x for x in words if x != w]) + p[k + len(w):]
                break
        else:
            parts[i] = pool.paras[rng.randrange(pool.n)]
    return parts


def generate_corpus(out_dir, total_bytes: int, doc_bytes: int = 3500, files: int = 8, seed: int = 0,
                    exact_dup_rate: float = 0.05, near_dup_rate: float = 0.05, zh_share: float = 0.4,
                    medical_share: float = 0.5) -> dict:
    """Write about `total_bytes` of JSONL into `files` files under out_dir; return counts."""
    start = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    rnd = rng.random
    pools = {(lang, domain): [_Pool(rng, lang, domain, t, POOL_DOCS_PER_TOPIC) for t in tb.TOPICS[domain]]
             for lang in tb.LANGS for domain in tb.DOMAINS}
    pool_seconds = time.perf_counter() - start
    paths = [out / f"part-{k:04d}.jsonl" for k in range(files)]
    handles = [open(p, "wb", buffering=1 << 20) for p in paths]
    recent: list[tuple[list[str], _Pool]] = []
    counts = {"docs": 0, "originals": 0, "exact_dups": 0, "near_dups": 0, "zh_docs": 0, "en_docs": 0,
              "medical_docs": 0, "general_docs": 0}
    per_file = [0] * files
    written = 0
    dumps = json.dumps
    try:
        while written < total_bytes:
            r = rnd()
            if recent and r < exact_dup_rate:
                parts, pool = recent[int(rnd() * len(recent))]
                counts["exact_dups"] += 1
            elif recent and r < exact_dup_rate + near_dup_rate:
                parts, pool = recent[int(rnd() * len(recent))]
                parts = _near(rng, parts, pool)
                counts["near_dups"] += 1
            else:
                lang = "zh" if rnd() < zh_share else "en"
                domain = "medical" if rnd() < medical_share else "general"
                group = pools[(lang, domain)]
                pool = group[int(rnd() * len(group))]
                parts = _document(rnd, pool, doc_bytes)
                counts["originals"] += 1
                if len(recent) < RECENT:
                    recent.append((parts, pool))
                else:
                    recent[int(rnd() * RECENT)] = (parts, pool)
            n = counts["docs"]
            line = ('{"id": "s%d-%09d", "text": %s, "source": "%s"}\n'
                    % (seed, n, dumps("\n".join(parts), ensure_ascii=False), pool.source)).encode("utf-8")
            k = n % files
            handles[k].write(line)
            per_file[k] += 1
            written += len(line)
            counts["docs"] = n + 1
            counts["zh_docs" if pool.lang == "zh" else "en_docs"] += 1
            counts["medical_docs" if "/medical/" in pool.source else "general_docs"] += 1
    finally:
        for h in handles:
            h.close()
    seconds = time.perf_counter() - start
    return {**counts, "bytes": written, "files": [str(p) for p in paths], "docs_per_file": per_file,
            "pool_seconds": round(pool_seconds, 2), "seconds": round(seconds, 2),
            "mb_per_s": round(written / 1e6 / seconds, 1) if seconds else None}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a big synthetic JSONL corpus for benchmarks.")
    parser.add_argument("--out", required=True, help="output folder")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--gb", type=float, help="total size in GB (10**9 bytes); default 1")
    size.add_argument("--mb", type=float, help="total size in MB (10**6 bytes)")
    parser.add_argument("--doc-bytes", type=int, default=3500)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--exact-dup-rate", type=float, default=0.05)
    parser.add_argument("--near-dup-rate", type=float, default=0.05)
    parser.add_argument("--zh-share", type=float, default=0.4)
    args = parser.parse_args(argv)
    total = int(args.mb * 1e6) if args.mb is not None else int((args.gb if args.gb is not None else 1.0) * 1e9)
    summary = generate_corpus(args.out, total, doc_bytes=args.doc_bytes, files=args.files, seed=args.seed,
                              exact_dup_rate=args.exact_dup_rate, near_dup_rate=args.near_dup_rate,
                              zh_share=args.zh_share)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
