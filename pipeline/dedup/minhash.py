"""MinHash signatures by one-permutation hashing (OPH) with optimal densification, for whole batches.

Classic MinHash applies k hash functions to every shingle: O(n k). OPH (Li, Owen & Zhang 2012)
hashes each shingle once, splits the hash range into k bins and keeps each bin's minimum: O(n), and
the probability that two documents agree on a bin is still their Jaccard similarity. Empty bins
(short documents) borrow the value of a non-empty bin chosen by a fixed probe sequence that every
document shares (Shrivastava 2017, "optimal densification"), which keeps the estimator unbiased.

Scheme name: `medcurate-oph-fnv-v1` (FNV-1a + splitmix64 token hashes, splitmix64-mixed shingles,
k bins by the top bits of the 64-bit hash). Signatures of this scheme compare only with each other: never with
datasketch's own MinHash values, whose permutations (affine32/affine64) hash differently.
"""

from __future__ import annotations

import numpy as np

from pipeline.dedup.shingles import Shingles

SCHEME = "medcurate-oph-fnv-v1"
EMPTY = np.iinfo(np.uint64).max
_PROBES = 64  # densification probes before falling back to a linear scan (never reached in practice)


def _probe_bins(num_perm: int, seed: int) -> np.ndarray:
    """(num_perm, _PROBES) fixed pseudo-random bins to borrow from, the same for every document."""
    return np.random.default_rng(seed).integers(0, num_perm, size=(num_perm, _PROBES))


def signatures(shingles: Shingles, num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """(n_docs, num_perm) uint64 signatures; a document without shingles is all EMPTY."""
    sig = np.full(shingles.n_docs * num_perm, EMPTY, dtype=np.uint64)
    if len(shingles.hashes):
        salted = shingles.hashes ^ np.uint64(seed * 0x9E3779B97F4A7C15 % (1 << 64))
        bins = ((salted >> np.uint64(32)) * np.uint64(num_perm)) >> np.uint64(32)  # top bits, any num_perm
        np.minimum.at(sig, shingles.doc * num_perm + bins.astype(np.int64), salted)
    sig = sig.reshape(shingles.n_docs, num_perm)
    return _densify(sig, num_perm, seed)


def _densify(sig: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    empty = sig == EMPTY
    has_any = ~empty.all(axis=1)
    rows, cols = np.nonzero(empty & has_any[:, None])
    if not len(rows):
        return sig
    probes = _probe_bins(num_perm, seed)
    filled = np.zeros(len(rows), bool)
    for attempt in range(_PROBES):
        todo = ~filled
        if not todo.any():
            break
        source = probes[cols[todo], attempt]
        values = sig[rows[todo], source]
        ok = values != EMPTY
        idx = np.flatnonzero(todo)[ok]
        # Mix in the bin borrowed from, so a borrowed value never equals an owned one by accident.
        with np.errstate(over="ignore"):
            sig[rows[idx], cols[idx]] = values[ok] * np.uint64(0xFF51AFD7ED558CCD) + source[ok].astype(np.uint64)
        filled[idx] = True
    for i in np.flatnonzero(~filled):  # only if every probe hit an empty bin
        row = sig[rows[i]]
        source = next(j for j in range(num_perm) if not empty[rows[i], j])
        row[cols[i]] = row[source]
    return sig


def jaccard_estimate(a: np.ndarray, b: np.ndarray) -> float:
    if (a == EMPTY).all() or (b == EMPTY).all():
        return 0.0
    return float(np.mean(a == b))


def to_lean_minhash(signature: np.ndarray, seed: int = 1):
    """A datasketch LeanMinHash holding this signature (container scheme 'affine64': 64-bit values).

    The values are MedCurate OPH values: LeanMinHash.jaccard, MinHashLSH and serialisation work
    among sketches exported here with the same seed and num_perm, not against datasketch-made ones.
    """
    from datasketch import LeanMinHash

    return LeanMinHash(seed=seed, hashvalues=np.asarray(signature, dtype=np.uint64), scheme="affine64")
