"""Write a mix: shuffled Parquet shards of MixRows with trainer-sized row groups, then its manifest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.shards import write_parquet
from schemas.annotations import ANNOTATION_TYPES
from schemas.mix import MIX_ROW_SCHEMA
from schemas.validate import validate_table


@dataclass(frozen=True)
class ShardWrite:
    path: str
    curriculum_stage: int
    sources: tuple[tuple[str, np.ndarray, np.ndarray], ...]  # (input file, rows in it, positions in this shard)
    epochs: np.ndarray  # per position
    groups: np.ndarray  # per position (str objects)
    tokens: np.ndarray  # per position
    carry: tuple[str, ...]
    row_group_rows: int


def write_mix_shard(job: ShardWrite) -> int:
    pieces = []
    for file, rows, positions in job.sources:
        available = set(pq.ParquetFile(file).schema_arrow.names)
        wanted = ["id", "text", "source", *[c for c in job.carry if c in available]]
        table = pq.read_table(file, columns=wanted).take(pa.array(rows))
        for column in job.carry:
            if column not in available:
                table = table.append_column(column, pa.nulls(table.num_rows, ANNOTATION_TYPES.get(column, pa.string())))
        table = table.select(["id", "text", "source", *job.carry])
        pieces.append(table.append_column("_position", pa.array(positions, pa.int64())))
    table = pa.concat_tables(pieces, promote_options="permissive")
    table = table.take(pc.sort_indices(table.column("_position"))).drop_columns(["_position"])
    lang = table.column("lang") if "lang" in table.column_names else pa.nulls(table.num_rows, pa.string())
    columns = {
        "id": table.column("id"), "text": table.column("text"), "source": table.column("source"), "lang": lang,
        "group": pa.array(job.groups.tolist(), pa.string()),
        "curriculum_stage": pa.array(np.full(table.num_rows, job.curriculum_stage, np.int64)),
        "epoch": pa.array(job.epochs, pa.int64()), "tokens": pa.array(job.tokens, pa.int64()),
    }
    for column in job.carry:
        if column != "lang":
            columns[column] = table.column(column)
    out = validate_table(pa.table(columns), MIX_ROW_SCHEMA, where=f"mix shard {Path(job.path).name}")
    write_parquet(out, Path(job.path), row_group_rows=job.row_group_rows)
    return out.num_rows
