"""Classify-stage throughput per core against raw fastText `predict`, same documents, same run.

Anchor (issue 4): one fastText model's own `predict` on the raw documents (newlines replaced by
spaces, nothing else), one core. Measured side by side:
  - the classify stage's `process` with all five default models on (tokenise once with the compiled
    jieba segmenter, five forward passes, routing and quality scores, Arrow columns out);
  - its parts: tokenisation alone, each model's forward pass;
  - the naive way to run five models: jieba (Python) + fastText `predict` per model.
Target: the stage keeps at least 80% of the anchor's docs/s. Everything runs on one thread. The
stage reads each document's first 256 words by default (`max_tokens`); the same run also times 512
words and whole documents.

    python -m bench.classify_throughput [--mb 20]     # also writes bench/results/classify_throughput.json
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import pyarrow as pa  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
BATCH = 2000


def load_docs(mb: float, seed: int) -> list[str]:
    from bench.corpus import generate_corpus

    with tempfile.TemporaryDirectory() as tmp:
        generate_corpus(tmp, int(mb * 1e6), doc_bytes=3500, files=1, seed=seed, exact_dup_rate=0.0, near_dup_rate=0.0)
        with open(Path(tmp) / "part-0000.jsonl", encoding="utf-8") as handle:
            return [json.loads(line)["text"] for line in handle]


def timed(fn, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-tokens", type=int, default=256, help="the stage's max_tokens (0: whole docs)")
    args = parser.parse_args()
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)

    import fasttext
    import jieba

    from classifiers.models import default_models_dir, ensure_default_models
    from classifiers.stage import ClassifyStage
    from tests.conftest import documents

    ensure_default_models()
    docs = load_docs(args.mb, args.seed)
    n = len(docs)
    mb = sum(len(d.encode()) for d in docs) / 1e6
    stage = ClassifyStage(ClassifyStage.Config(max_tokens=args.max_tokens))
    batches = [documents(docs[i:i + BATCH]) for i in range(0, n, BATCH)]
    raw_lines = [d.replace("\n", " ") for d in docs]
    anchor_model = fasttext.load_model(str(default_models_dir() / "category.bin"))

    rows = []

    def row(name, seconds, note=""):
        rows.append({"run": name, "seconds": round(seconds, 3), "docs_per_s": round(n / seconds),
                     "mb_per_s": round(mb / seconds, 1), "note": note})

    stage.process(batches[0])  # compile and warm up
    anchor = timed(lambda: anchor_model.predict(raw_lines, k=1))
    row("anchor: fastText predict, raw docs, 1 model", anchor)
    ours = timed(lambda: [stage.process(b) for b in batches])
    row(f"classify stage, first {args.max_tokens or 'all'} words: 5 models + routing + quality", ours,
        f"{anchor / ours:.2f}x anchor (target >= 0.80)")
    for window in sorted({512, 0} - {args.max_tokens}, reverse=True):
        longer = ClassifyStage(ClassifyStage.Config(max_tokens=window))
        longer.process(batches[0])
        seconds = timed(lambda: [longer.process(b) for b in batches])
        row(f"classify stage, {f'first {window} words' if window else 'whole documents'}", seconds, f"{anchor / seconds:.2f}x anchor")
    texts = [b.column("text") for b in batches]
    tokenize = timed(lambda: [stage.tokenizer.tokens(t) for t in texts])
    row("  part: tokenise (compiled jieba + words)", tokenize)
    tokens = [stage.tokenizer.tokens(t) for t in texts]
    predictor = stage.predictor
    row("  part: hash, vocabulary lookup, distinct rows (shared)", timed(lambda: [predictor.features(t) for t in tokens]))
    features = [predictor.features(t) for t in tokens]
    row(f"  part: forward, all {len(stage.models)} models fused", timed(lambda: [predictor.forward(f) for f in features]))
    jieba.initialize()
    sample = docs[: max(200, n // 10)]
    naive_tok = timed(lambda: [" ".join(w for w in jieba.lcut(d.lower()) if w.strip()) for d in sample], repeat=1)
    joined = [" ".join(w for w in jieba.lcut(d.lower()) if w.strip()) for d in sample]
    naive_predict = sum(timed(lambda m=m: fasttext.load_model(str(default_models_dir() / f"{m}.bin")).predict(joined),
                              repeat=1) for m in stage.models)
    scale = n / len(sample)
    row("naive: Python jieba + 5x fastText predict", (naive_tok + naive_predict) * scale, "extrapolated from a sample")

    width = max(len(r["run"]) for r in rows)
    print(f"{n} docs, {mb:.1f} MB ({mb * 1e6 / n / 1e3:.2f} KB/doc), one thread")
    print(f"{'run':<{width}}  {'seconds':>8}  {'docs/s':>8}  {'MB/s':>6}  note")
    for r in rows:
        print(f"{r['run']:<{width}}  {r['seconds']:>8.2f}  {r['docs_per_s']:>8}  {r['mb_per_s']:>6}  {r['note']}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "classify_throughput.json").write_text(json.dumps(
        {"docs": n, "mb": round(mb, 2), "ratio_to_anchor": round(anchor / ours, 3), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
