import numpy as np
import pytest

from pipeline.dedup.lsh import band_keys, collision_probability, optimal_bands_rows
from pipeline.dedup.minhash import EMPTY


@pytest.mark.parametrize("threshold,num_perm", [(0.5, 128), (0.7, 128), (0.8, 128), (0.9, 256), (0.85, 64)])
def test_optimal_banding_matches_datasketch(threshold, num_perm):
    from datasketch.lsh import _optimal_param

    assert optimal_bands_rows(threshold, num_perm) == _optimal_param(threshold, num_perm, 0.5, 0.5)


def test_s_curve_and_weights():
    b, r = optimal_bands_rows(0.8, 128)
    assert (b, r) == (9, 13)
    p = collision_probability(np.array([0.5, 0.8, 0.95]), b, r)
    assert p[0] < 0.02 and 0.3 < p[1] < 0.6 and p[2] > 0.99  # the S-curve crosses ~0.4 at the threshold
    recall_heavy = optimal_bands_rows(0.8, 128, fp_weight=0.1, fn_weight=0.9)
    assert collision_probability(np.array([0.8]), *recall_heavy)[0] > p[1]
    with pytest.raises(ValueError):
        optimal_bands_rows(1.0, 128)


def test_band_keys_equal_for_equal_bands_only():
    rng = np.random.default_rng(0)
    sig = rng.integers(0, 2**63, size=(3, 12), dtype=np.int64).astype(np.uint64)
    sig[1, :4] = sig[0, :4]  # same first band (rows 0-3)
    sig[2] = EMPTY
    keys = band_keys(sig, bands=3, rows=4)
    assert keys[0, 0] == keys[1, 0] and keys[0, 1] != keys[1, 1]
    assert (keys[2] == 0).all() and (keys[:2] != 0).all()
    same_values_other_band = band_keys(np.tile(sig[0, :4], 3)[None, :], bands=3, rows=4)
    assert len(set(same_values_other_band[0].tolist())) == 3  # the band index is mixed in
