"""Reading and writing Parquet shards with fixed, deterministic writer options."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.spine_clock import spine

# zstd keeps shards small with fast decode; row groups of this many rows suit streaming trainers.
PARQUET_COMPRESSION = "zstd"
DEFAULT_ROW_GROUP_ROWS = 4096


def write_parquet(table: pa.Table, path: Path, row_group_rows: int = DEFAULT_ROW_GROUP_ROWS) -> None:
    """Write atomically (temp file, then rename) so a crash never leaves a half-written shard."""
    with spine():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        pq.write_table(
            table, tmp, compression=PARQUET_COMPRESSION, row_group_size=max(1, row_group_rows),
            write_statistics=True, store_schema=True,
        )
        os.replace(tmp, path)


def read_parquet(path: Path, columns: list[str] | None = None) -> pa.Table:
    with spine():
        return pq.read_table(path, columns=columns)


def row_count(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows
