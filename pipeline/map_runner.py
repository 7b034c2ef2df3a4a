"""Run a MapStage over Parquet shards: validate, process, split kept/rejected, write, account.

One input shard -> one kept shard + one rejects shard with the same name, so outputs line up with
inputs and a crashed stage resumes from the shards that finished.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from functools import partial as bind
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipeline import faults, shard_output
from pipeline.shards import read_parquet
from pipeline.spine_clock import TaskClock, spine
from pipeline.stage import REJECT_REASON, MapStage
from schemas.validate import SchemaError, validate_table

log = logging.getLogger("medcurate")


@dataclass(frozen=True)
class ShardTask:
    index: int
    input_path: str
    partial: str  # the stage's partial output directory


def build_stage(stage_cls: type[MapStage], config_dict: dict[str, Any]) -> MapStage:
    """Runs on the worker: one stage instance (and its models) per worker."""
    return stage_cls(stage_cls.Config(**config_dict))


def stage_factory(stage_cls: type[MapStage], config_dict: dict[str, Any]):
    return bind(build_stage, stage_cls, config_dict)


def split_kept_rejected(stage_name: str, result: pa.Table) -> tuple[pa.Table, pa.Table]:
    if REJECT_REASON not in result.column_names:
        raise SchemaError(f"stage '{stage_name}' returned no '{REJECT_REASON}' column")
    reasons = result.column(REJECT_REASON).combine_chunks()
    return shard_output.split(result.drop_columns([REJECT_REASON]), pc.is_null(reasons), stage_name, reasons)


def process_table(stage: MapStage, table: pa.Table, where: str) -> tuple[pa.Table, pa.Table, float]:
    """Validate in, process, validate out; (kept, rejected, seconds in the stage's own code)."""
    with spine():
        table = validate_table(table, stage.input_schema, where=f"stage '{stage.name}' input {where}")
    started = time.perf_counter()
    result = stage.process(table)
    compute_seconds = time.perf_counter() - started
    if result.num_rows != table.num_rows:
        raise AssertionError(f"stage '{stage.name}' returned {result.num_rows} rows for {table.num_rows} ({where})")
    with spine():
        kept, rejected = split_kept_rejected(stage.name, result)
        kept = validate_table(kept, stage.input_schema, where=f"stage '{stage.name}' output {where}")
    for field in stage.adds:
        if field.name not in kept.column_names:
            raise SchemaError(f"stage '{stage.name}' output {where}: missing column '{field.name}' it declares")
    return kept, rejected, compute_seconds


def run_shard(stage: MapStage, task: ShardTask) -> dict[str, Any]:
    partial = Path(task.partial)
    if (saved := shard_output.saved_result(partial, task.index)) is not None:
        return saved
    faults.maybe_fail(stage.name, task.index)
    clock = TaskClock()
    name = shard_output.shard_name(task.index)
    table = read_parquet(Path(task.input_path))
    kept, rejected, _ = process_table(stage, table, where=name)
    log.info("stage %s: %s <- %s: %d in, %d kept, %d rejected", stage.name, name, Path(task.input_path).name,
             table.num_rows, kept.num_rows, rejected.num_rows)
    return shard_output.finish(partial, task.index, table.num_rows, kept, rejected, stage.summarize(kept), clock)
