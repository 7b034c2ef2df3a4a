import numpy as np

from pipeline.dedup.stage import _jaccard


def test_vectorised_jaccard_equals_set_jaccard():
    rng = np.random.default_rng(0)
    sets = []
    base = rng.integers(0, 2**63, size=3000, dtype=np.int64).astype(np.uint64)
    for i in range(40):
        take = rng.choice(len(base), size=rng.integers(0, 900), replace=False)
        sets.append(np.unique(base[take]))
    offsets = np.r_[0, np.cumsum([len(s) for s in sets])].astype(np.int64)
    values = np.concatenate(sets)
    ra = rng.integers(0, 40, size=300)
    rb = rng.integers(0, 40, size=300)
    got = _jaccard(offsets, values, ra, rb)
    for g, x, y in zip(got, ra, rb):
        a, b = set(sets[x].tolist()), set(sets[y].tolist())
        expected = len(a & b) / len(a | b) if a | b else 0.0
        assert abs(g - expected) < 1e-12
