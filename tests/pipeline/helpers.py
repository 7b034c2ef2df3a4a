"""Run one stage on in-memory tables through the real runner (Parquet on disk, manifests, accounting)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.config import parse_run_config
from pipeline.runner import run_single_stage


def write_shards(table: pa.Table, folder: Path, shards: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-table.num_rows // shards)
    for i in range(shards):
        pq.write_table(table.slice(i * size, size), folder / f"part-{i:05d}.parquet")
    return folder


def run_stage(name: str, table: pa.Table, tmp: Path, *, shards: int = 1, config: dict | None = None,
              executor: str = "local", mixes: list | None = None, seed: int = 0, out_name: str = "out"):
    """(kept table, rejects table, manifest) of one stage run."""
    inputs = write_shards(table, tmp / f"in-{out_name}", shards)
    out = tmp / out_name
    cfg = parse_run_config({"run": {"executor": executor, "name": out_name, "output_dir": str(tmp), "seed": seed,
                                    "num_workers": 2},
                            "pipeline": ["ingest", name], "sources": [{"name": "x", "path": str(inputs)}],
                            "stages": {name: config or {}}, "mixes": mixes or []})
    manifest = run_single_stage(name, inputs, out, cfg, progress=False)
    kept_files = sorted(out.glob("part-*.parquet"))
    reject_files = sorted((out / "rejects").glob("*.parquet"))
    kept = pq.read_table(kept_files) if kept_files else None
    rejects = pq.read_table(reject_files) if reject_files else None
    return kept, rejects, manifest
