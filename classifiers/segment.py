"""jieba's dictionary segmentation, compiled: the same words as `jieba.lcut(run, HMM=False)`.

jieba segments a run of Han characters by building the DAG of every dictionary word that starts at
each character and taking the route of maximum total log-frequency (ties go to the longer word).
Python jieba does this at ~1 MB/s; classifying at fastText speed needs ~30 MB/s, so the same
algorithm runs here in numba over a hash table of jieba's prefix dictionary.

The table is keyed by a 64-bit FNV-1a hash of each dictionary entry's code points (words and the
prefixes jieba stores with frequency 0). A false hit needs a 64-bit collision among ~0.5M keys
(odds ~1e-8 per batch of a million lookups), and it could only change one segmentation.
HMM mode (jieba's guess at unknown words) is left out: unknown runs fall to single characters,
which the classifiers' word bigrams still see. Users add words with `user_dict` (jieba's format).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numba
import numpy as np

from pipeline.text_kernels import FNV64_OFFSET, FNV64_PRIME, new_table, table_key, table_slot

HAN_FIRST, HAN_LAST = 0x4E00, 0x9FD5  # jieba's re_han_default range
MAX_WORD_CHARS = 32  # jieba's own dictionary tops out at 16


@numba.njit(cache=True, nogil=True, inline="always")
def _step(h, cp):
    return (h ^ np.uint64(cp)) * FNV64_PRIME


@numba.njit(cache=True)
def _fill_table(table, code_points, lengths):
    """Insert every entry's code-point hash with its index as payload."""
    at = 0
    for w in range(len(lengths)):
        h = FNV64_OFFSET
        for i in range(at, at + lengths[w]):
            h = _step(h, code_points[i])
        at += lengths[w]
        key = table_key(h)
        slot = table_slot(table, key)
        table[slot, 0] = key
        table[slot, 1] = w


@dataclass(frozen=True)
class JiebaTable:
    keys: np.ndarray  # [slot, 0]: uint64 hash, 0 = empty
    log_freq: np.ndarray  # [slot, 1]: float64 log(frequency), NaN for frequency 0 (same memory as keys)
    log_total: float  # log of jieba's total frequency
    fingerprint: str  # which dictionary (for model metadata)


@lru_cache(maxsize=4)
def jieba_table(user_dict: str | None = None) -> JiebaTable:
    """Compile jieba's prefix dictionary (plus an optional user dictionary) into a lookup table."""
    import hashlib
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    if user_dict:
        tokenizer.load_userdict(user_dict)
    words = list(tokenizer.FREQ)
    freqs = np.array([tokenizer.FREQ[w] for w in words], np.float64)
    log_freq = np.full(len(words), np.nan)  # NaN: a prefix jieba keeps with frequency 0
    positive = freqs > 0
    log_freq[positive] = [math.log(f) for f in freqs[positive]]  # jieba's own math.log, bit for bit
    joined = "".join(words)
    code_points = np.frombuffer(joined.encode("utf-32-le"), np.uint32).astype(np.int64)
    lengths = np.array([len(w) for w in words], np.int64)
    slots = new_table(len(words))
    _fill_table(slots, code_points, lengths)
    # the payload becomes the entry's log-frequency (float64 bits), next to its key
    filled = slots[:, 0] != 0
    values = np.full(len(slots), np.nan)
    values[filled] = log_freq[slots[filled, 1].astype(np.int64)]
    slots[:, 1] = values.view(np.uint64)
    digest = hashlib.sha256(joined.encode() + freqs.tobytes()).hexdigest()[:16]
    return JiebaTable(slots, slots.view(np.float64), math.log(tokenizer.total), f"jieba-{jieba.__version__}-{digest}")


@numba.njit(cache=True, nogil=True)
def segment_run(cps, n, keys, log_freq, log_total, score, nxt):
    """Fill nxt[i] with the last character index of the word starting at i (jieba's best route).

    cps[0:n] are Han code points; score and nxt are scratch arrays of at least n + 1 entries.
    """
    score[n] = 0.0
    for i in range(n - 1, -1, -1):
        best = -np.inf
        best_end = i
        found = False
        h = FNV64_OFFSET
        last = min(n, i + MAX_WORD_CHARS)
        for x in range(i, last):
            h = _step(h, cps[x])
            key = table_key(h)
            slot = table_slot(keys, key)
            if keys[slot, 0] != key:
                break  # no dictionary entry has this prefix
            f = log_freq[slot, 1]
            if not np.isnan(f):
                value = f - log_total + score[x + 1]
                if value >= best:  # ascending x: ties go to the longer word, as in jieba
                    best = value
                    best_end = x
                found = True
        if not found:  # jieba: a character outside the dictionary counts with frequency 1
            best = 0.0 - log_total + score[i + 1]
            best_end = i
        score[i] = best
        nxt[i] = best_end
