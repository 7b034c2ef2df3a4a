import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.dedup.components import connected_components
from pipeline.execution import LocalExecutor


def edges(tmp_path, parts):
    files = []
    for i, pairs in enumerate(parts):
        a = [p[0] for p in pairs]
        b = [p[1] for p in pairs]
        path = tmp_path / f"e{i}.parquet"
        pq.write_table(pa.table({"a": pa.array(a, pa.int64()), "b": pa.array(b, pa.int64())}), path)
        files.append(path)
    return files


def test_transitive_chains_become_one_component(tmp_path):
    files = edges(tmp_path, [[(0, 1), (5, 6)], [(1, 2), (2, 3)], [(7, 6), (9, 8)], []])
    labels = connected_components(files, 11, LocalExecutor(progress=False))
    assert labels.tolist() == [0, 0, 0, 0, 4, 5, 5, 5, 8, 8, 10]


def test_long_chain_and_partitioning_do_not_change_the_result(tmp_path):
    rng = np.random.default_rng(1)
    n = 2000
    perm = rng.permutation(n)
    chain = [(int(perm[i]), int(perm[i + 1])) for i in range(0, 999)]  # one long path over 1000 nodes
    extra = [(int(x), int(y)) for x, y in rng.integers(1000, n, size=(300, 2))]
    pairs = chain + extra
    (tmp_path / "a").mkdir()
    one = connected_components(edges(tmp_path / "a", [pairs]), n, LocalExecutor(progress=False))
    (tmp_path / "b").mkdir()
    many = connected_components(edges(tmp_path / "b", [pairs[i::7] for i in range(7)]), n, LocalExecutor(progress=False))
    assert np.array_equal(one, many)
    assert len(np.unique(one[perm[:1000]])) == 1 and one[perm[0]] == perm[:1000].min()
