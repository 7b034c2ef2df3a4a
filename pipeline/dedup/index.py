"""A saved dedup index: the LSH band keys and ids of a deduplicated corpus, so a new corpus can be
deduplicated against it without reprocessing the old one (its documents always win).

Layout: DIR/_index.json (the parameters that make keys comparable) + DIR/keys-*.parquet
(columns: id string, keys fixed_size_list<uint64>[bands]).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.shards import write_parquet

PARAMETERS = ("scheme", "num_perm", "bands", "rows", "seed", "ngram", "char_ngram")


def write_index(directory: Path, parameters: dict, parts: list[tuple[list[str], np.ndarray]]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("keys-*.parquet"):
        old.unlink()
    for i, (ids, keys) in enumerate(parts):
        bands = parameters["bands"]
        flat = pa.array(np.ascontiguousarray(keys, dtype=np.uint64).reshape(-1))
        table = pa.table({"id": pa.array(ids, pa.string()), "keys": pa.FixedSizeListArray.from_arrays(flat, bands)})
        write_parquet(table, directory / f"keys-{i:05d}.parquet")
    (directory / "_index.json").write_text(json.dumps({k: parameters[k] for k in PARAMETERS}, indent=2, sort_keys=True))


def read_index(directory: Path, parameters: dict) -> tuple[list[str], np.ndarray]:
    """(ids, (n, bands) keys) of a saved index; its parameters must equal this run's."""
    meta_path = directory / "_index.json"
    if not meta_path.exists():
        raise FileNotFoundError(f"dedup index {directory}: no _index.json (not an index folder)")
    saved = json.loads(meta_path.read_text())
    for key in PARAMETERS:
        if saved.get(key) != parameters[key]:
            raise ValueError(f"dedup index {directory}: {key} is {saved.get(key)!r} there but {parameters[key]!r} here; "
                             "keys are comparable only with equal parameters")
    files = sorted(directory.glob("keys-*.parquet"))
    if not files:
        return [], np.zeros((0, parameters["bands"]), np.uint64)
    table = pq.read_table(files)
    keys = table.column("keys").combine_chunks().flatten().to_numpy().reshape(-1, parameters["bands"])
    return table.column("id").to_pylist(), keys
