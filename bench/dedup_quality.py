"""Near-duplicate detection quality against exact Jaccard ground truth.

A generated bilingual corpus of families: a base document (Chinese or English, medical or general,
from scripts/text_bank.py) and variants made by edits of random strength: words replaced,
sentences inserted, deleted or reordered, a boilerplate footer. Exact Jaccard of the shingle sets
(the stage's own shingling: word 5-grams, Chinese character 5-grams) is computed for every pair
inside a family; pairs across families are unrelated compositions. A pair is a true duplicate
when its Jaccard >= the threshold (0.8). Predicted pairs are all pairs inside an output cluster
(survivor plus its `duplicate_of` rejects). Reports precision, recall and F1 of pairs, cluster
purity, and recall by Jaccard band, for several stage settings side by side.
Target (issue 3): F1 >= 0.95 (text-dedup's MinHash scores 0.952 on the CORE benchmark).

    python -m bench.dedup_quality [--families 1500]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.config import parse_run_config
from pipeline.dedup.shingles import shingle_hashes
from pipeline.runner import run_single_stage
from schemas.document import DOCUMENT_SCHEMA

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import text_bank as tb  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
THRESHOLD = 0.8


def _base(rng: random.Random):
    lang = rng.choice(["zh", "en"])
    domain = rng.choice(["medical", "general"])
    parts = [tb.compose(rng, lang, domain, n_sentences=rng.randint(10, 15)) for _ in range(2)]
    blocks = [b for p in parts for b in p.blocks]
    return lang, blocks, parts[0]


def _variant(rng: random.Random, lang: str, blocks: list[list[str]], donor) -> list[list[str]]:
    """Apply 1-6 random edits; more edits, lower Jaccard."""
    blocks = [list(b) for b in blocks]
    for _ in range(rng.randint(1, 6)):
        kind = rng.choice(["word", "insert", "delete", "swap", "footer"])
        b = rng.randrange(len(blocks))
        if kind == "word" and blocks[b]:
            s = rng.randrange(len(blocks[b]))
            sentence = blocks[b][s]
            if lang == "zh":
                pos = rng.randrange(len(sentence))
                blocks[b][s] = sentence[:pos] + rng.choice("的是在有和也就都而及与着") + sentence[pos + 1:]
            else:
                words = sentence.split()
                words[rng.randrange(len(words))] = rng.choice(["really", "also", "often", "still", "clearly"])
                blocks[b][s] = " ".join(words)
        elif kind == "insert":
            blocks[b].insert(rng.randint(0, len(blocks[b])), donor.extra_sentence())
        elif kind == "delete" and len(blocks[b]) > 1:
            blocks[b].pop(rng.randrange(len(blocks[b])))
        elif kind == "swap" and len(blocks) > 1:
            c = rng.randrange(len(blocks))
            blocks[b], blocks[c] = blocks[c], blocks[b]
        elif kind == "footer":
            blocks.append([donor.footer()])
    return blocks


def make_corpus(families: int, seed: int) -> tuple[list[str], list[str], list[int]]:
    rng = random.Random(seed)
    texts, ids, family = [], [], []
    for f in range(families):
        lang, blocks, donor = _base(rng)
        # Mostly pairs, some triples: transitive closure then joins variant pairs below the threshold,
        # which caps pair precision (see the oracle row).
        members = [blocks] + [_variant(rng, lang, blocks, donor) for _ in range(rng.choice([0, 1, 1, 1, 2]))]
        for m, member in enumerate(members):
            texts.append(tb.render(member, lang))
            ids.append(f"q:{f:05d}-{m}")
            family.append(f)
    return texts, ids, family


def true_pairs(texts: list[str], family: list[int]) -> tuple[set, dict]:
    shingles = shingle_hashes(pa.array(texts))
    sets = [set() for _ in texts]
    for d, h in zip(shingles.doc.tolist(), shingles.hashes.tolist()):
        sets[d].add(h)
    by_family = defaultdict(list)
    for i, f in enumerate(family):
        by_family[f].append(i)
    jaccard = {}
    for members in by_family.values():
        for i, j in itertools.combinations(members, 2):
            union = len(sets[i] | sets[j])
            jaccard[(i, j)] = len(sets[i] & sets[j]) / union if union else 0.0
    return {p for p, jac in jaccard.items() if jac >= THRESHOLD}, jaccard


def run_dedup(texts, ids, config: dict, tmp: Path) -> dict[str, str]:
    """Cluster label (survivor id) per document id."""
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "in").mkdir(parents=True)
    n = len(texts)
    table = pa.table({"id": ids, "text": texts, "source": ["q"] * n, "lang": [None] * n, "meta": [None] * n}, schema=DOCUMENT_SCHEMA)
    for s in range(4):
        pq.write_table(table.slice(s * (n // 4 + 1), n // 4 + 1), tmp / "in" / f"part-{s:05d}.parquet")
    cfg = parse_run_config({"run": {"executor": "local", "name": "q", "output_dir": str(tmp)}, "pipeline": ["ingest", "dedup"],
                            "sources": [{"name": "q", "path": str(tmp / "in")}], "stages": {"dedup": config}})
    run_single_stage("dedup", tmp / "in", tmp / "out", cfg, progress=False)
    label = {i: i for i in pq.read_table(sorted((tmp / "out").glob("part-*.parquet"))).column("id").to_pylist()}
    rejects = sorted((tmp / "out/rejects").glob("*.parquet"))
    if rejects:
        table = pq.read_table(rejects)
        for i, reason in zip(table.column("id").to_pylist(), table.column("reject_reason").to_pylist()):
            label[i] = reason.split(":", 1)[1]
    return label


def score(label: dict[str, str], ids: list[str], family: list[int], truth: set, jaccard: dict) -> dict:
    clusters = defaultdict(list)
    for i, doc_id in enumerate(ids):
        clusters[label[doc_id]].append(i)
    predicted = {tuple(sorted(p)) for members in clusters.values() for p in itertools.combinations(members, 2)}
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    multi = [m for m in clusters.values() if len(m) > 1]
    purity = (sum(Counter(family[i] for i in m).most_common(1)[0][1] for m in multi) / sum(len(m) for m in multi)) if multi else 1.0
    bands = {}
    for lo in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        hi = {0.5: 0.6, 0.6: 0.7, 0.7: 0.8, 0.8: 0.85, 0.85: 0.9, 0.9: 0.95, 0.95: 1.01}[lo]
        pairs = [p for p, jac in jaccard.items() if lo <= jac < hi]
        bands[f"{lo:.2f}-{min(hi, 1.0):.2f}"] = (sum(p in predicted for p in pairs) / len(pairs), len(pairs)) if pairs else (None, 0)
    return {"precision": precision, "recall": recall, "f1": f1, "purity": purity, "predicted_pairs": len(predicted),
            "true_pairs": len(truth), "merged_by_jaccard_band": bands}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--families", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    texts, ids, family = make_corpus(args.families, args.seed)
    truth, jaccard = true_pairs(texts, family)
    values = np.array(list(jaccard.values()))
    print(f"corpus: {len(texts):,} docs in {args.families:,} families; {len(jaccard):,} within-family pairs, "
          f"Jaccard quartiles {np.percentile(values, [0, 25, 50, 75, 100]).round(2).tolist()}; {len(truth):,} pairs >= {THRESHOLD}")
    settings = {
        "equal weights 9x13, no check": {"fp_weight": 0.5, "fn_weight": 0.5, "verify": False},
        "equal weights + exact check": {"fp_weight": 0.5, "fn_weight": 0.5, "verify": True},
        "recall-weighted, no check": {"fp_weight": 0.1, "fn_weight": 0.9, "verify": False},
        "default: recall-weighted + check": {},
    }
    results = {}
    print(f"\n{'setting':<34}{'bands x rows':>13}{'precision':>10}{'recall':>8}{'F1':>7}{'purity':>8}")
    for name, config in settings.items():
        from pipeline.dedup.stage import FuzzyDedupConfig

        b, r = FuzzyDedupConfig(**config).banding()
        label = run_dedup(texts, ids, config, RESULTS / "quality-run")
        s = score(label, ids, family, truth, jaccard)
        results[name] = {"bands": b, "rows": r, **s}
        print(f"{name:<34}{f'{b} x {r}':>13}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['f1']:>7.3f}{s['purity']:>8.3f}")
    # The ceiling of any clustering method on this metric: edges exactly where Jaccard >= threshold,
    # then transitive closure (clusters are components), so pairs joined through a third document count.
    oracle = {doc_id: doc_id for doc_id in ids}
    parent = list(range(len(ids)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in truth:
        parent[max(root(i), root(j))] = min(root(i), root(j))
    oracle = {doc_id: ids[root(i)] for i, doc_id in enumerate(ids)}
    s = score(oracle, ids, family, truth, jaccard)
    results["oracle: exact edges + components"] = {"bands": None, "rows": None, **s}
    print(f"{'oracle: exact edges + components':<34}{'-':>13}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['f1']:>7.3f}{s['purity']:>8.3f}")
    print("\nshare of within-family pairs merged, by true Jaccard (pairs):")
    for name, s in results.items():
        print(f"  {name:<34}" + "  ".join(f"{k}: {'-' if v[0] is None else f'{v[0]:.2f}'} ({v[1]})"
                                          for k, v in s["merged_by_jaccard_band"].items()))
    shutil.rmtree(RESULTS / "quality-run", ignore_errors=True)
    (RESULTS / "dedup_quality.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
