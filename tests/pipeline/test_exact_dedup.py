import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from tests.conftest import documents, make_text
from tests.pipeline.helpers import run_stage

EN = make_text("en", 6)
ZH = make_text("zh", 6)


def corpus():
    texts = [EN, ZH, EN, "  " + EN.upper() + " ", ZH, make_text("en", 6, seed=9), ZH + " \n", "!!!", "!!!", ""]
    ids = ["s:b", "s:z2", "s:a", "s:c", "s:z1", "s:u", "s:z3", "s:p1", "s:p0", "s:e"]
    return documents(texts, ids=ids)


def test_survivor_is_lowest_id_and_keeps_dup_count(tmp_path):
    kept, rejects, manifest = run_stage("exact_dedup", corpus(), tmp_path)
    assert sorted(kept.column("id").to_pylist()) == ["s:a", "s:e", "s:p0", "s:u", "s:z1"]
    counts = dict(zip(kept.column("id").to_pylist(), kept.column("dup_count").to_pylist()))
    assert counts == {"s:a": 3, "s:z1": 3, "s:u": 1, "s:p0": 2, "s:e": 1}
    reasons = dict(zip(rejects.column("id").to_pylist(), rejects.column("reject_reason").to_pylist()))
    assert reasons == {"s:b": "duplicate_of:s:a", "s:c": "duplicate_of:s:a", "s:z2": "duplicate_of:s:z1",
                       "s:z3": "duplicate_of:s:z1", "s:p1": "duplicate_of:s:p0"}
    clusters = dict(zip(kept.column("id").to_pylist(), kept.column("dup_cluster").to_pylist()))
    b_cluster = rejects.filter(pc.equal(rejects.column("id"), "s:b")).column("dup_cluster")[0].as_py()
    assert clusters["s:a"] == b_cluster and clusters["s:a"].startswith("exact:")
    c = manifest.counts
    assert (c.rows_in, c.kept, c.rejected, c.by_reason) == (10, 5, 5, {"duplicate_of": 5})


def test_highest_quality_score_wins_over_lowest_id(tmp_path):
    table = documents([EN, EN, EN], ids=["s:a", "s:b", "s:c"], quality_score=[0.1, 0.9, None])
    kept, rejects, _ = run_stage("exact_dedup", table, tmp_path)
    assert kept.column("id").to_pylist() == ["s:b"]
    assert set(rejects.column("reject_reason").to_pylist()) == {"duplicate_of:s:b"}


@pytest.mark.parametrize("shards,executor", [(1, "local"), (3, "local"), (4, "ray")])
def test_same_survivors_whatever_the_sharding(tmp_path, shards, executor, request):
    if executor == "ray":
        request.getfixturevalue("ray_local")
    table = corpus()
    kept, rejects, _ = run_stage("exact_dedup", table, tmp_path, shards=shards, executor=executor,
                                 config={"partitions": shards})
    assert sorted(kept.column("id").to_pylist()) == ["s:a", "s:e", "s:p0", "s:u", "s:z1"]
    assert rejects.num_rows == 5


def test_outputs_identical_across_reruns(tmp_path):
    run_stage("exact_dedup", corpus(), tmp_path / "a", shards=2)
    run_stage("exact_dedup", corpus(), tmp_path / "b", shards=2)
    for name in ["part-00000.parquet", "part-00001.parquet", "rejects/part-00000.parquet"]:
        assert (tmp_path / "a/out" / name).read_bytes() == (tmp_path / "b/out" / name).read_bytes()
    assert pq.read_table(tmp_path / "a/out/part-00000.parquet").num_rows > 0

