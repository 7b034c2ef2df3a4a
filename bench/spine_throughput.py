"""Ingest + filter + exact dedup on a generated corpus of ~3.5 KB docs, with and without Ray.

Prints per stage: wall seconds, docs/s, MB/s and MB/s per core, and the spine's share of the time
(Parquet I/O, schema validation, accounting, manifests, scheduling) against the stages' own compute.
Side by side in the same run, the anchor: a bare `json.loads` pass over the same JSONL on one core,
the least any ingest must do. Target (issue 2): 1 GB through the three stages in under 3 minutes on
2 cores, spine overhead under 20%.

    python -m bench.spine_throughput --gb 1          # results also in bench/results/spine_throughput.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from pathlib import Path

from pipeline.config import parse_run_config
from pipeline.runner import Runner

RESULTS = Path(__file__).resolve().parent / "results"
STAGES = ["ingest", "filter", "exact_dedup"]


def ensure_corpus(gb: float, files: int) -> Path:
    from bench.corpus import generate_corpus

    folder = RESULTS / f"corpus-{gb:g}gb"
    marker = folder / "_done.json"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        info = generate_corpus(folder, total_bytes=int(gb * 1e9), files=files, seed=0)
        info["seconds"] = round(time.perf_counter() - started, 1)
        marker.write_text(json.dumps(info, indent=2, default=str))
    return folder


def anchor_json_loads(folder: Path) -> dict:
    """One core, plain Python: read every line and json.loads it."""
    started = time.perf_counter()
    docs = size = 0
    for path in sorted(folder.glob("*.jsonl")):
        with open(path, "rb") as handle:
            for line in handle:
                json.loads(line)
                docs += 1
                size += len(line)
    seconds = time.perf_counter() - started
    return {"docs": docs, "bytes": size, "seconds": seconds}


def run_pipeline(folder: Path, executor: str, workers: int, shard_rows: int) -> dict:
    name = f"spine-{executor}"
    config = parse_run_config({
        "run": {"name": name, "output_dir": str(RESULTS / "runs"), "seed": 0, "executor": executor, "num_workers": workers,
                "object_store_memory_mb": 512},
        "sources": [{"name": "bench", "path": str(folder / "*.jsonl")}],
        "pipeline": STAGES,
        "stages": {"ingest": {"shard_rows": shard_rows}},
    })
    shutil.rmtree(RESULTS / "runs" / name, ignore_errors=True)
    started = time.perf_counter()
    result = Runner(config, progress=False).run()
    wall = time.perf_counter() - started
    stages = {}
    for stage in STAGES:
        m = result.manifests[stage]
        stages[stage] = {"seconds": m.seconds, "task_seconds": m.task_seconds, "spine_seconds": m.spine_seconds,
                         "rows_in": m.counts.rows_in, "kept": m.counts.kept, "rejected": m.counts.rejected,
                         "by_reason": m.counts.by_reason}
    shutil.rmtree(RESULTS / "runs" / name, ignore_errors=True)
    return {"executor": executor, "workers": workers, "wall": wall, "stages": stages}


def spine_share(stage: dict, workers: int) -> float:
    """Spine time / stage time: spine inside tasks, plus the driver's own time (fingerprints,
    manifests, scheduling) = stage wall minus task time spread over the workers."""
    driver = max(0.0, stage["seconds"] - stage["task_seconds"] / workers)
    worker_spine = stage["spine_seconds"] / workers
    return (worker_spine + driver) / stage["seconds"] if stage["seconds"] else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gb", type=float, default=1.0)
    parser.add_argument("--files", type=int, default=16)
    parser.add_argument("--shard-rows", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()

    folder = ensure_corpus(args.gb, args.files)
    anchor = anchor_json_loads(folder)
    mb = anchor["bytes"] / 1e6
    runs = [run_pipeline(folder, "local", 1, args.shard_rows), run_pipeline(folder, "ray", args.workers, args.shard_rows)]

    print(f"\ncorpus: {folder} ({anchor['docs']:,} docs, {mb:,.0f} MB, {anchor['bytes'] / anchor['docs'] / 1e3:.2f} KB/doc)")
    print(f"{'run':<26}{'cores':>6}{'seconds':>9}{'docs/s':>10}{'MB/s':>8}{'MB/s/core':>11}{'spine':>8}")
    print(f"{'anchor: json.loads only':<26}{1:>6}{anchor['seconds']:>9.1f}{anchor['docs'] / anchor['seconds']:>10,.0f}"
          f"{mb / anchor['seconds']:>8.1f}{mb / anchor['seconds']:>11.1f}{'-':>8}")
    for run in runs:
        cores = run["workers"]
        for stage, s in run["stages"].items():
            print(f"{run['executor'] + ': ' + stage:<26}{cores:>6}{s['seconds']:>9.1f}{anchor['docs'] / s['seconds']:>10,.0f}"
                  f"{mb / s['seconds']:>8.1f}{mb / s['seconds'] / cores:>11.1f}{spine_share(s, cores):>8.1%}")
        total = sum(s["seconds"] for s in run["stages"].values())
        spine = sum(spine_share(s, cores) * s["seconds"] for s in run["stages"].values()) / total
        print(f"{run['executor'] + ': 3 stages':<26}{cores:>6}{total:>9.1f}{anchor['docs'] / total:>10,.0f}"
              f"{mb / total:>8.1f}{mb / total / cores:>11.1f}{spine:>8.1%}   (wall incl. start-up {run['wall']:.1f}s)")
        run["total_seconds"] = total
        run["spine_share"] = spine
    kept = runs[-1]["stages"]["exact_dedup"]["kept"]
    print(f"\nkept after exact dedup: {kept:,} of {anchor['docs']:,}; rejects: "
          + ", ".join(f"{st}: {s['by_reason']}" for st, s in runs[-1]["stages"].items()))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "spine_throughput.json").write_text(json.dumps({"anchor": anchor, "runs": runs, "gb": args.gb}, indent=2))


if __name__ == "__main__":
    main()
