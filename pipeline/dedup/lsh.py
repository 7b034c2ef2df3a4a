"""LSH banding: choose bands x rows for a Jaccard threshold, and hash signature bands to bucket keys.

With b bands of r rows, two documents of Jaccard similarity s share at least one band bucket with
probability P(s) = 1 - (1 - s^r)^b, an S-curve that rises around (1/b)^(1/r). For a threshold t:

    false-positive area  FP(b, r) = integral_0^t  P(s) ds        (pairs below t that collide)
    false-negative area  FN(b, r) = integral_t^1  1 - P(s) ds    (pairs above t that do not)

and (b, r) minimises  w_fp * FP + w_fn * FN  over b * r <= num_perm (the same criterion as
datasketch's MinHashLSH, Leskovec et al., Mining of Massive Datasets, ch. 3.4). With t = 0.8 and 128
permutations, equal weights give 9 bands of 13 rows; the stage's default 0.1/0.9 gives 14 x 9,
trading precision (restored by the exact-Jaccard check) for recall.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from pipeline.dedup.minhash import EMPTY
from pipeline.text_kernels import mix64

_GRID = 2001  # points of the trapezoid rule on each interval: error far below the differences compared


def collision_probability(s: np.ndarray, bands: int, rows: int) -> np.ndarray:
    return 1.0 - (1.0 - np.power(s, rows)) ** bands


def _area(lo: float, hi: float, bands: int, rows: int, complement: bool) -> float:
    s = np.linspace(lo, hi, _GRID)
    p = collision_probability(s, bands, rows)
    return float(np.trapezoid(1.0 - p if complement else p, s))


@lru_cache(maxsize=256)
def optimal_bands_rows(threshold: float, num_perm: int, fp_weight: float = 0.5, fn_weight: float = 0.5) -> tuple[int, int]:
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be in (0, 1), got {threshold}")
    best, best_cost = (1, num_perm), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            cost = (fp_weight * _area(0.0, threshold, bands, rows, False)
                    + fn_weight * _area(threshold, 1.0, bands, rows, True))
            if cost < best_cost - 1e-15:
                best, best_cost = (bands, rows), cost
    return best


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(n_docs, bands) uint64 bucket keys; the band index is mixed in, so keys of different bands never meet.
    Documents without shingles (all-EMPTY signatures) get key 0 in every band, and are never bucketed."""
    n = len(signatures)
    keys = np.zeros((n, bands), np.uint64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            block = signatures[:, band * rows : (band + 1) * rows]
            h = np.full(n, np.uint64(band + 1) * np.uint64(0x9E3779B97F4A7C15), np.uint64)
            for column in range(rows):
                h = mix64(h ^ block[:, column])
            keys[:, band] = h | np.uint64(1)  # never 0: 0 marks "no key"
    empty = (signatures == EMPTY).all(axis=1)
    keys[empty] = 0
    return keys
