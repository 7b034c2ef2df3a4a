"""The end of every shard task: split kept from rejected, write both, account, mark the shard done.

One place for what the map runner, exact dedup and fuzzy dedup all do per shard, so the result
dict the runner sums (and the resume markers) have one shape.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipeline import layout
from pipeline.accounting import count_reasons
from pipeline.shards import write_parquet
from pipeline.spine_clock import TaskClock
from pipeline.stage import REJECT_REASON


def shard_name(index: int) -> str:
    """Outputs are named by input position: stable whatever the input files are called."""
    return f"part-{index:05d}.parquet"


def saved_result(partial: Path, index: int) -> dict[str, Any] | None:
    """The result of a shard finished before a crash, if any."""
    return layout.done_result(partial, shard_name(index).removesuffix(".parquet"))


def split(table: pa.Table, survives: pa.Array, stage: str, reasons: pa.Array) -> tuple[pa.Table, pa.Table]:
    """(kept, rejected); rejected rows get `reject_stage` and their `reject_reason` (reasons: one per row)."""
    dropped = pc.invert(survives)
    rejected = table.filter(dropped)
    rejected = rejected.append_column("reject_stage", pa.array([stage] * rejected.num_rows, pa.string()))
    rejected = rejected.append_column(REJECT_REASON, reasons.filter(dropped))
    return table.filter(survives), rejected


def finish(partial: Path, index: int, rows_in: int, kept: pa.Table, rejected: pa.Table,
           summary: dict[str, Any], clock: TaskClock) -> dict[str, Any]:
    """Write the kept and rejected shards, then the done marker; return the shard's result."""
    name = shard_name(index)
    write_parquet(kept, partial / name)
    if rejected.num_rows:
        write_parquet(rejected, partial / layout.REJECTS / name)
    result = {
        "shards": [{"name": name, "rows": kept.num_rows}],
        "bytes_out": int(pc.sum(pc.binary_length(kept.column("text").cast(pa.binary()))).as_py() or 0),
        "counts": {"rows_in": rows_in, "kept": kept.num_rows, "rejected": rejected.num_rows,
                   "by_reason": count_reasons(rejected.column(REJECT_REASON))},
        "summary": summary,
        **clock.report(),
    }
    layout.mark_done(partial, name.removesuffix(".parquet"), result)
    return result


def fold_phase_time(results: list[dict], phases: list[dict]) -> None:
    """A global stage's earlier phases (hashing, signing...) count as task time of its first shard."""
    if not results:
        return
    for phase in phases:
        for key in ("task_seconds", "spine_seconds"):
            results[0][key] = results[0].get(key, 0.0) + phase.get(key, 0.0)
