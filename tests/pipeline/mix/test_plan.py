import numpy as np
import pyarrow as pa
import pytest

from pipeline.mix.plan import allocate, where_mask
from pipeline.mix.policy import MixPolicy


def table(groups, tokens):
    return pa.table({"id": [f"d{i}" for i in range(len(groups))], "source": groups, "tokens": tokens})


def test_targets_reached_by_upsampling_and_downsampling():
    t = table(["a"] * 100 + ["b"] * 100, [100] * 200)
    policy = MixPolicy(name="m", curriculum_stage=1, targets={"a": 0.8, "b": 0.2}, token_budget=20_000)
    alloc = allocate(t, policy, seed=0, weights=np.ones(200))
    a_tokens = (alloc.counts[:100] * 100).sum()
    b_tokens = (alloc.counts[100:] * 100).sum()
    assert a_tokens == pytest.approx(16_000, rel=0.02)  # 1.6 epochs of a
    assert b_tokens == pytest.approx(4_000, rel=0.25)  # 0.4 epochs of b: a seeded subsample
    assert set(alloc.counts[:100].tolist()) <= {1, 2}


def test_cap_limits_epochs_and_reports_shortfall():
    t = table(["a"] * 10 + ["b"] * 10, [10] * 20)
    policy = MixPolicy(name="m", curriculum_stage=1, targets={"a": 0.9, "b": 0.1}, token_budget=10_000, max_epochs=3)
    alloc = allocate(t, policy, seed=0, weights=np.ones(20))
    assert alloc.counts[:10].max() == 3 and alloc.counts[:10].min() == 3


def test_other_share_split_by_natural_size_and_weights_respected():
    t = table(["a"] * 10 + ["b"] * 30 + ["c"] * 10, [10] * 50)
    policy = MixPolicy(name="m", curriculum_stage=1, targets={"a": 0.5, "_other": 0.5})
    alloc = allocate(t, policy, seed=0, weights=np.ones(50))
    assert alloc.targets == {"a": 0.5, "b": 0.375, "c": 0.125}


def test_same_seed_same_counts_different_seed_differs():
    t = table(["a"] * 1000, [10] * 1000)
    policy = MixPolicy(name="m", curriculum_stage=1, token_budget=5_000)
    first = allocate(t, policy, seed=1, weights=np.ones(1000)).counts
    again = allocate(t, policy, seed=1, weights=np.ones(1000)).counts
    other = allocate(t, policy, seed=2, weights=np.ones(1000)).counts
    assert (first == again).all() and not (first == other).all()
    assert first.sum() == pytest.approx(500, rel=0.1)


def test_where_conditions_and_unknown_column():
    t = pa.table({"lang": ["zh", "en", "fr", None], "score": [0.1, 0.5, 0.9, 0.7]})
    assert where_mask(t, {"lang": ["zh", "en"]}).tolist() == [True, True, False, False]
    assert where_mask(t, {"score": {"min": 0.5}}).tolist() == [False, True, True, True]
    assert where_mask(t, {"lang": {"not_in": ["fr"]}, "score": {"max": 0.6}}).tolist() == [True, True, False, False]
    with pytest.raises(KeyError, match="is_medical"):
        where_mask(t, {"is_medical": True})
    with pytest.raises(ValueError, match="bogus"):
        where_mask(t, {"score": {"bogus": 1}})


def test_policy_validation():
    with pytest.raises(ValueError, match="sum"):
        MixPolicy(name="m", curriculum_stage=1, targets={"a": 0.7, "b": 0.6})
    with pytest.raises(ValueError):
        MixPolicy(name="m", curriculum_stage=4)
    with pytest.raises(ValueError, match="extra|tokn_budget"):
        MixPolicy(name="m", curriculum_stage=1, tokn_budget=5)


def test_shortfall_of_a_capped_group_goes_to_the_others_in_proportion():
    t = table(["a"] * 10 + ["b"] * 100 + ["c"] * 100, [10] * 210)
    policy = MixPolicy(name="m", curriculum_stage=1, targets={"a": 0.5, "b": 0.3, "c": 0.2}, token_budget=2_000, max_epochs=4)
    alloc = allocate(t, policy, seed=0, weights=np.ones(210))
    tokens = {g: int((alloc.counts[alloc.groups == g] * 10).sum()) for g in "abc"}
    assert tokens["a"] == 400  # capacity: 10 docs x 10 tokens x 4 epochs, short of the 1,000 wanted
    assert tokens["b"] == 960 and tokens["c"] == 640  # the other 1,600 split 3:2
    fixed = MixPolicy(name="m", curriculum_stage=1, targets={"a": 0.5, "b": 0.3, "c": 0.2}, token_budget=2_000,
                      redistribute_shortfall=False)
    alloc = allocate(t, fixed, seed=0, weights=np.ones(210))
    assert int((alloc.counts[alloc.groups == "b"] * 10).sum()) == 600
