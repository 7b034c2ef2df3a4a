"""Exact dedup: documents whose normalised text hashes alike form a cluster; one survivor each.

Three Ray-parallel phases with memory bounded by the partition count, never a global table:
  1. hash     per shard: xxh3-64 of the normalised text -> hash-partitioned key files
  2. decide   per partition: sort by (hash, quality desc, id, shard, row); first of each run survives
  3. apply    per shard: survivors keep dup_count/dup_cluster; the rest are `duplicate_of:<id>` rejects
Survivors are the highest `quality_score` where that column exists, then the lowest id: the same
whatever the number of shards, partitions or workers.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
from pydantic import Field

from pipeline import faults, shard_output
from pipeline.registry import register
from pipeline.shards import read_parquet, write_parquet
from pipeline.spine_clock import TaskClock, spine
from pipeline.stage import GlobalStage, StageConfig, StageContext
from pipeline.text_key import text_hashes
from schemas.annotations import DEDUP_FIELDS
from schemas.document import DOCUMENT_SCHEMA
from schemas.validate import validate_table

QUALITY_COLUMN = "quality_score"


class ExactDedupConfig(StageConfig):
    partitions: int | None = Field(None, gt=0, description="hash partitions for the decide phase; default: 2 per worker")


@dataclass(frozen=True)
class _ShardJob:
    index: int
    path: str
    work: str
    partitions: int


@dataclass(frozen=True)
class _PartitionJob:
    partition: int
    work: str


def _hash_shard(job: _ShardJob) -> dict:
    clock = TaskClock()
    columns = ["id", "text"] + ([QUALITY_COLUMN] if QUALITY_COLUMN in _columns(job.path) else [])
    table = read_parquet(Path(job.path), columns=columns)
    hashes = text_hashes(table.column("text"))
    quality = (pc.fill_null(table.column(QUALITY_COLUMN), -np.inf).to_numpy() if QUALITY_COLUMN in columns
               else np.zeros(table.num_rows))
    keys = pa.table({
        "hash": pa.array(hashes, pa.uint64()),
        "quality": pa.array(quality, pa.float64()),
        "id": table.column("id"),
        "shard": pa.array(np.full(table.num_rows, job.index, np.int64)),
        "row": pa.array(np.arange(table.num_rows, dtype=np.int64)),
    })
    partition = hashes % np.uint64(job.partitions)
    for p in range(job.partitions):
        part = keys.filter(pa.array(partition == p))
        write_parquet(part, Path(job.work) / f"p{p:04d}" / f"s{job.index:06d}.parquet")
    return clock.report()


def _columns(path: str) -> list[str]:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).schema_arrow.names


def _decide_partition(job: _PartitionJob) -> dict:
    clock = TaskClock()
    folder = Path(job.work) / f"p{job.partition:04d}"
    with spine():
        keys = pads.dataset(folder, format="parquet").to_table()
    if keys.num_rows == 0:  # still write the (empty) decisions, so every shard finds a decisions table
        empty = pa.table({"shard": pa.array([], pa.int64()), "row": pa.array([], pa.int64()),
                          "text_hash": pa.array([], pa.string()), "survivor": pa.array([], pa.string()),
                          "is_survivor": pa.array([], pa.bool_()), "dup_count": pa.array([], pa.int64())})
        write_parquet(empty, Path(job.work) / "decisions" / f"p{job.partition:04d}.parquet")
        return clock.report()
    order = pc.sort_indices(keys, sort_keys=[("hash", "ascending"), ("quality", "descending"), ("id", "ascending"),
                                             ("shard", "ascending"), ("row", "ascending")])
    keys = keys.take(order)
    hashes = keys.column("hash").to_numpy()
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    run_of = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(hashes)]))
    sizes = np.diff(np.r_[starts, len(hashes)])
    survivor_ids = keys.column("id").take(pa.array(starts[run_of]))
    decisions = pa.table({
        "shard": keys.column("shard"),
        "row": keys.column("row"),
        "text_hash": pa.array([f"{h:016x}" for h in hashes.tolist()], pa.string()),
        "survivor": survivor_ids,
        "is_survivor": pa.array(np.isin(np.arange(len(hashes)), starts)),
        "dup_count": pa.array(sizes[run_of], pa.int64()),
    })
    decisions = decisions.take(pc.sort_indices(decisions, sort_keys=[("shard", "ascending"), ("row", "ascending")]))
    write_parquet(decisions, Path(job.work) / "decisions" / f"p{job.partition:04d}.parquet", row_group_rows=65536)
    return clock.report()


def _apply_shard(job: _ShardJob) -> dict:
    partial = Path(job.work).parent
    name = shard_output.shard_name(job.index)
    if (saved := shard_output.saved_result(partial, job.index)) is not None:
        return saved
    faults.maybe_fail("exact_dedup", job.index)
    clock = TaskClock()
    table = read_parquet(Path(job.path))
    with spine():
        table = validate_table(table, DOCUMENT_SCHEMA, where=f"stage 'exact_dedup' input {name}")
        decisions = pads.dataset(Path(job.work) / "decisions", format="parquet").to_table(filter=pc.field("shard") == job.index)
    decisions = decisions.take(pc.sort_indices(decisions, sort_keys=[("row", "ascending")]))
    if decisions.num_rows != table.num_rows:
        raise AssertionError(f"exact_dedup: {name} has {table.num_rows} rows but {decisions.num_rows} decisions")
    for column in ("text_hash", "dup_cluster", "dup_count"):
        if column in table.column_names:
            table = table.drop_columns([column])
    is_survivor = decisions.column("is_survivor")
    table = table.append_column("text_hash", decisions.column("text_hash"))
    table = table.append_column("dup_cluster", pc.binary_join_element_wise("exact:", decisions.column("text_hash"), ""))
    table = table.append_column("dup_count", decisions.column("dup_count"))
    reasons = pc.if_else(is_survivor, pa.scalar(None, pa.string()),
                         pc.binary_join_element_wise("duplicate_of:", decisions.column("survivor"), ""))
    with spine():
        table = validate_table(table, DOCUMENT_SCHEMA, where=f"stage 'exact_dedup' output {name}")
    kept, rejected = shard_output.split(table, is_survivor, "exact_dedup", reasons)
    clusters = pc.greater(kept.column("dup_count"), 1)
    summary = {"clusters_with_duplicates": int(pc.sum(clusters).as_py() or 0)}
    return shard_output.finish(partial, job.index, table.num_rows, kept, rejected, summary, clock)


@register
class ExactDedupStage(GlobalStage):
    name = "exact_dedup"
    Config = ExactDedupConfig
    adds = DEDUP_FIELDS

    def run(self, ctx: StageContext) -> list[dict]:
        partitions = self.config.partitions or max(1, 2 * ctx.executor.parallelism)
        work = ctx.output_dir / "_work"
        # The hash and decide phases are cheap and redone on resume; apply is resumable per shard.
        shutil.rmtree(work, ignore_errors=True)
        jobs = [_ShardJob(i, str(p), str(work), partitions) for i, p in enumerate(ctx.inputs)]
        hashed = ctx.executor.map(_hash_shard, jobs, label="exact_dedup: hash")
        decided = ctx.executor.map(_decide_partition, [_PartitionJob(p, str(work)) for p in range(partitions)],
                                   label="exact_dedup: decide")
        results = ctx.executor.map(_apply_shard, jobs, label="exact_dedup: apply")
        shard_output.fold_phase_time(results, hashed + decided)
        shutil.rmtree(work, ignore_errors=True)
        return results
