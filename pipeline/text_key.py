"""The dedup-normalised form of text (NFKC, lower case, whitespace collapsed) and its 64-bit hash."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xxhash


def normalised_keys(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Vectorised equivalent of pipeline.ingest.records.text_key."""
    keys = pc.utf8_lower(pc.utf8_normalize(texts, "NFKC"))
    keys = pc.replace_substring_regex(keys, r"\s+", " ")
    return pc.utf8_trim(keys, " ")


def text_hashes(texts: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """xxh3-64 of each normalised text, as uint64."""
    hasher = xxhash.xxh3_64_intdigest
    keys = normalised_keys(texts).to_pylist()
    return np.fromiter((hasher(k.encode("utf-8")) for k in keys), dtype=np.uint64, count=len(keys))
