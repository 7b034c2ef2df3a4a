"""Fuzzy dedup at scale: ~1M docs (~3.5 GB of ~3.5 KB docs) end to end on this machine, with Ray.

Generates the corpus with bench.corpus (5% exact and 5% near copies), ingests it to Parquet, then
runs the dedup stage with its defaults on a local Ray using every core. Reports wall time per step
and the peak resident memory of the whole process tree (driver, raylet, workers; shared pages are
counted once per process, so the figure is an upper bound), sampled every half second from /proc.
Targets (issue 3): under 10 minutes and under 12 GB.

    python -m bench.dedup_scale [--docs 1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import threading
import time
from pathlib import Path

from pipeline.config import parse_run_config
from pipeline.runner import Runner

RESULTS = Path(__file__).resolve().parent / "results"
PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> int:
    """Resident bytes of root and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * PAGE
        except OSError:
            pass
        stack.extend(children.get(pid, []))
    return total


class PeakMemory(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0
        self.running = True

    def run(self):
        while self.running:
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=32)
    args = parser.parse_args()
    from bench.corpus import generate_corpus

    corpus = RESULTS / f"corpus-scale-{args.docs}"
    if not (corpus / "_done.json").exists():
        shutil.rmtree(corpus, ignore_errors=True)
        started = time.perf_counter()
        info = generate_corpus(corpus, total_bytes=args.docs * 3600, files=args.files, seed=3)
        (corpus / "_done.json").write_text(json.dumps({**info, "seconds": time.perf_counter() - started}, default=str))
    size = sum(p.stat().st_size for p in corpus.glob("*.jsonl"))

    run_dir = RESULTS / "runs"
    shutil.rmtree(run_dir / "scale", ignore_errors=True)
    config = parse_run_config({
        "run": {"name": "scale", "output_dir": str(run_dir), "executor": "ray", "object_store_memory_mb": 1024},
        "sources": [{"name": "bench", "path": str(corpus / "*.jsonl")}],
        "pipeline": ["ingest", "dedup"],
        "stages": {"ingest": {"shard_rows": 20_000}},
    })
    memory = PeakMemory()
    memory.start()
    started = time.perf_counter()
    result = Runner(config, progress=False).run()
    wall = time.perf_counter() - started
    memory.running = False
    memory.join()
    ingest, dedup = result.manifests["ingest"], result.manifests["dedup"]
    print(f"\ncorpus: {ingest.counts.rows_in:,} docs, {size / 1e9:.2f} GB ({size / ingest.counts.rows_in / 1e3:.2f} KB/doc), "
          f"{os.cpu_count()} cores")
    print(f"{'step':<22}{'seconds':>9}{'docs/s':>10}{'MB/s':>8}")
    for name, m in (("ingest", ingest), ("dedup", dedup)):
        print(f"{name:<22}{m.seconds:>9.1f}{m.counts.rows_in / m.seconds:>10,.0f}{size / 1e6 / m.seconds:>8.1f}")
    print(f"{'end to end (with Ray)':<22}{wall:>9.1f}")
    print(f"peak RSS of the process tree: {memory.peak / 2**30:.2f} GiB")
    lsh = json.loads((result.run_dir / "01-dedup" / "_lsh.json").read_text())
    print(f"dedup: {dedup.counts.rows_in:,} in, {dedup.counts.kept:,} kept, {dedup.counts.rejected:,} removed")
    print(f"dedup phases (s): {lsh.pop('phase_seconds')}; LSH {lsh}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "dedup_scale.json").write_text(json.dumps({
        "docs": ingest.counts.rows_in, "bytes": size, "wall_seconds": wall, "ingest_seconds": ingest.seconds,
        "dedup_seconds": dedup.seconds, "peak_rss_bytes": memory.peak, "kept": dedup.counts.kept,
        "removed": dedup.counts.rejected, "lsh": lsh}, indent=2))
    shutil.rmtree(run_dir / "scale", ignore_errors=True)


if __name__ == "__main__":
    main()
