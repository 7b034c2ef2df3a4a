"""Compiled (numba) building blocks shared by the batch text kernels: UTF-8 decoding and hashing.

Kernels work on the raw UTF-8 buffer of an Arrow string array, so no Python string is ever built
per token. Used by the dedup tokeniser (pipeline/dedup) and the classifier tokeniser (classifiers/).
"""

from __future__ import annotations

import numba
import numpy as np

FNV64_OFFSET = np.uint64(0xCBF29CE484222325)
FNV64_PRIME = np.uint64(0x100000001B3)


@numba.njit(cache=True, nogil=True)
def mix64(z):
    """splitmix64's finaliser (every output bit depends on every input bit); scalars or uint64 arrays."""
    z = z ^ (z >> np.uint64(30))
    z = z * np.uint64(0xBF58476D1CE4E5B9)
    z = z ^ (z >> np.uint64(27))
    z = z * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@numba.njit(cache=True, nogil=True, inline="always")
def hash_bytes(data, start, end):
    """FNV-1a 64 over data[start:end], then splitmix64 with the length mixed in."""
    h = FNV64_OFFSET
    for i in range(start, end):
        h = (h ^ np.uint64(data[i])) * FNV64_PRIME
    return mix64(h ^ np.uint64(end - start))


@numba.njit(cache=True, nogil=True, inline="always")
def decode_utf8(data, pos):
    """(code point, byte length) of the UTF-8 character at data[pos]; input is valid UTF-8 (Arrow)."""
    b0 = data[pos]
    if b0 < 0x80:
        return np.int64(b0), 1
    if b0 < 0xE0:
        return ((np.int64(b0) & 0x1F) << 6) | (np.int64(data[pos + 1]) & 0x3F), 2
    if b0 < 0xF0:
        return (((np.int64(b0) & 0x0F) << 12) | ((np.int64(data[pos + 1]) & 0x3F) << 6)
                | (np.int64(data[pos + 2]) & 0x3F)), 3
    return (((np.int64(b0) & 0x07) << 18) | ((np.int64(data[pos + 1]) & 0x3F) << 12)
            | ((np.int64(data[pos + 2]) & 0x3F) << 6) | (np.int64(data[pos + 3]) & 0x3F)), 4


def string_buffers(array) -> tuple[np.ndarray, np.ndarray]:
    """The UTF-8 bytes and int64 offsets of an Arrow string array (one chunk, nulls as empty)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)
    array = pc.fill_null(array, "") if array.null_count else array
    array = array.cast(pa.large_string())
    offsets = np.frombuffer(array.buffers()[1], np.int64)[array.offset: array.offset + len(array) + 1]
    data = array.buffers()[2]
    data = np.frombuffer(data, np.uint8) if data is not None else np.zeros(0, np.uint8)
    return data, offsets


# Open-addressing hash tables of 64-bit keys: a [capacity, 2] uint64 array, column 0 the key (0 marks an
# empty slot, so a key of 0 is stored as 1: see table_key) and column 1 the payload, side by side so a
# probe touches one cache line. Linear probing; capacity a power of two, at least twice the keys.
def new_table(n_keys: int) -> np.ndarray:
    return np.zeros((1 << int(np.ceil(np.log2(max(2, 2 * n_keys + 1)))), 2), np.uint64)


@numba.njit(cache=True, nogil=True, inline="always")
def table_key(h):
    return h if h != 0 else np.uint64(1)


@numba.njit(cache=True, nogil=True, inline="always")
def table_slot(table, key):
    """The slot holding `key`, or the empty slot where it would go."""
    mask = np.uint64(table.shape[0] - 1)
    slot = mix64(key) & mask
    while table[slot, 0] != 0 and table[slot, 0] != key:
        slot = (slot + np.uint64(1)) & mask
    return slot
