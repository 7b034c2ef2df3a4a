import numpy as np
import pyarrow as pa
import pytest

from pipeline.dedup.minhash import EMPTY, jaccard_estimate, signatures, to_lean_minhash
from pipeline.dedup.shingles import Shingles, shingle_hashes


def sig_of_sets(sets, num_perm=256, seed=1):
    doc = np.concatenate([np.full(len(s), i) for i, s in enumerate(sets)]).astype(np.int64)
    rng_hash = np.concatenate([np.array(sorted(s), dtype=np.uint64) for s in sets])
    from pipeline.text_kernels import mix64

    return signatures(Shingles(doc, mix64(rng_hash), len(sets)), num_perm, seed)


@pytest.mark.parametrize("jaccard", [0.3, 0.5, 0.8, 0.95])
def test_estimate_tracks_true_jaccard(jaccard):
    rng = np.random.default_rng(0)
    errors = []
    for trial in range(20):
        universe = rng.choice(10**9, size=2000, replace=False)
        shared = int(round(2 * jaccard * 1000 / (1 + jaccard)))  # |A|=|B|=1000, |A n B| = shared
        a = set(universe[:1000].tolist())
        b = set(universe[:shared].tolist()) | set(universe[1000 : 2000 - shared].tolist())
        true = len(a & b) / len(a | b)
        sig = sig_of_sets([a, b])
        errors.append(jaccard_estimate(sig[0], sig[1]) - true)
    assert abs(np.mean(errors)) < 0.02  # unbiased
    assert np.std(errors) < 0.06  # ~sqrt(J(1-J)/256)


def test_small_sets_are_densified_not_empty():
    sig = sig_of_sets([{1, 2, 3}, {1, 2, 3}, {4, 5, 6}], num_perm=128)
    assert (sig != EMPTY).all()
    assert jaccard_estimate(sig[0], sig[1]) == 1.0
    assert jaccard_estimate(sig[0], sig[2]) < 0.2


def test_document_without_shingles_has_an_empty_signature():
    sig = signatures(shingle_hashes(pa.array(["", "!!!", "words here"])))
    assert (sig[0] == EMPTY).all() and (sig[1] == EMPTY).all() and not (sig[2] == EMPTY).any()
    assert jaccard_estimate(sig[0], sig[1]) == 0.0


def test_seed_changes_signatures():
    s = shingle_hashes(pa.array(["the quick brown fox jumps over the lazy dog again and again"]))
    assert not np.array_equal(signatures(s, seed=1), signatures(s, seed=2))


def test_lean_minhash_export_read_back_by_datasketch():
    from datasketch import LeanMinHash, MinHashLSH

    texts = ["the patient was admitted with chest pain that lasted for three days in a row",
             "the patient was admitted with chest pain that lasted for four days in a row",
             "farmers in the valley planted wheat earlier this year because spring was warm"]
    sig = signatures(shingle_hashes(pa.array(texts), ngram=2), num_perm=128, seed=7)
    lean = [to_lean_minhash(s, seed=7) for s in sig]
    assert lean[0].jaccard(lean[1]) == pytest.approx(jaccard_estimate(sig[0], sig[1]))
    buffer = bytearray(lean[0].bytesize())
    lean[0].serialize(buffer)
    restored = LeanMinHash.deserialize(buffer)
    assert np.array_equal(restored.hashvalues, sig[0]) and restored.seed == 7
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for i, m in enumerate(lean):
        lsh.insert(str(i), m)
    assert set(lsh.query(lean[0])) == {"0", "1"}
