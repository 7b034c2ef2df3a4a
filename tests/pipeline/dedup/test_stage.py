"""The fuzzy dedup stage through the real runner: Parquet on disk, manifests, Ray."""

from __future__ import annotations

import json
import random

import pyarrow.parquet as pq
import pytest

from tests.conftest import documents, make_text
from tests.pipeline.helpers import run_stage

VOCAB = [f"w{i}" for i in range(3000)]


def words(seed: int, n: int = 400) -> list[str]:
    return random.Random(seed).choices(VOCAB, k=n)


def edit(tokens: list[str], positions: list[int], seed: int) -> list[str]:
    rng = random.Random(seed)
    out = list(tokens)
    for p in positions:
        out[p] = rng.choice(VOCAB) + "x"
    return out


def zh_text(seed: int, n: int = 300) -> str:
    return "".join(random.Random(seed).choices("的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感", k=n))


def corpus():
    base_en = words(1)
    base_zh = zh_text(2)
    texts, ids = [], []

    def add(i, t):
        ids.append(f"s:{i}")
        texts.append(t)

    add("en-a", " ".join(base_en))
    add("en-b", " ".join(edit(base_en, [200], 3)))  # near (J ~ 0.975)
    add("en-c", " ".join(base_en).upper())  # exact after normalisation
    add("en-u", " ".join(words(4)))  # unrelated
    add("zh-a", base_zh)
    add("zh-b", base_zh[:150] + "变" + base_zh[151:])  # near, one character changed
    add("zh-u", zh_text(5))
    add("empty", "")
    add("punct", "!!!???。。。")
    return documents(texts, ids=ids)


def outcome(kept, rejects):
    out = {i: "kept" for i in kept.column("id").to_pylist()}
    if rejects is not None:
        out.update(zip(rejects.column("id").to_pylist(), rejects.column("reject_reason").to_pylist()))
    return out


EXPECTED = {"s:en-a": "kept", "s:en-b": "duplicate_of:s:en-a", "s:en-c": "duplicate_of:s:en-a", "s:en-u": "kept",
            "s:zh-a": "kept", "s:zh-b": "duplicate_of:s:zh-a", "s:zh-u": "kept", "s:empty": "kept", "s:punct": "kept"}


def test_near_and_exact_duplicates_in_chinese_and_english(tmp_path):
    kept, rejects, manifest = run_stage("dedup", corpus(), tmp_path)
    assert outcome(kept, rejects) == EXPECTED
    counts = dict(zip(kept.column("id").to_pylist(), kept.column("dup_count").to_pylist()))
    assert counts["s:en-a"] == 3 and counts["s:zh-a"] == 2 and counts["s:en-u"] == 1
    cluster = dict(zip(kept.column("id").to_pylist(), kept.column("dup_cluster").to_pylist()))
    assert cluster["s:en-a"] == "near:s:en-a" and cluster["s:en-u"] == "s:en-u"
    c = manifest.counts
    assert (c.rows_in, c.kept, c.rejected, c.by_reason) == (9, 6, 3, {"duplicate_of": 3})
    assert manifest.summary["lsh"]["bands"] == 14 and manifest.summary["lsh"]["rows"] == 9


@pytest.mark.parametrize("shards,executor,partitions", [(1, "local", 1), (4, "local", 3), (3, "ray", 5)])
def test_same_clusters_whatever_the_shards_partitions_and_workers(tmp_path, shards, executor, partitions, request):
    if executor == "ray":
        request.getfixturevalue("ray_local")
    kept, rejects, _ = run_stage("dedup", corpus(), tmp_path, shards=shards, executor=executor,
                                 config={"partitions": partitions})
    assert outcome(kept, rejects) == EXPECTED


def test_transitive_chain_is_one_cluster_even_where_ends_are_dissimilar(tmp_path):
    chain = [words(10)]
    for step in range(10):  # each link one word apart (J ~ 0.975); the ends are 10 words apart (J ~ 0.78)
        chain.append(edit(chain[-1], [35 * step + 10], 100 + step))
    table = documents([" ".join(t) for t in chain], ids=[f"s:c{i:02d}" for i in range(11)])
    kept, rejects, _ = run_stage("dedup", table, tmp_path, shards=3)
    assert kept.column("id").to_pylist() == ["s:c00"]
    assert set(rejects.column("reject_reason").to_pylist()) == {"duplicate_of:s:c00"}
    assert kept.column("dup_count").to_pylist() == [11]


def test_survivor_is_highest_quality_then_lowest_id_and_dup_counts_add_up(tmp_path):
    base = " ".join(words(20))
    near = " ".join(edit(words(20), [100], 1))
    table = documents([base, near, base + " extra"], ids=["s:a", "s:b", "s:c"],
                      quality_score=[0.2, 0.9, None], dup_count=[3, 1, 2])
    kept, rejects, _ = run_stage("dedup", table, tmp_path)
    assert kept.column("id").to_pylist() == ["s:b"]
    assert kept.column("dup_count").to_pylist() == [6]  # 3 + 1 + 2: exact copies counted before stay counted
    assert set(rejects.column("reject_reason").to_pylist()) == {"duplicate_of:s:b"}


def test_optional_exact_jaccard_check_removes_false_candidates(tmp_path):
    a = words(30)
    b = edit(a, list(range(0, 400, 8)), 2)  # 50 edits: J ~ 0.2-0.3
    table = documents([" ".join(a), " ".join(b)], ids=["s:a", "s:b"])
    loose = {"bands": 64, "rows": 2, "verify": False}  # collides at J ~ 0.1
    kept, _, manifest = run_stage("dedup", table, tmp_path / "x", config=loose)
    assert kept.num_rows == 1
    kept, _, manifest = run_stage("dedup", table, tmp_path / "y", config={**loose, "verify": True})
    assert manifest.summary["lsh"]["verified_edges"]["checked"] > 0
    assert kept.num_rows == 2
    assert manifest.summary["lsh"]["verified_edges"]["kept"] == 0


def test_incremental_dedup_against_a_saved_index(tmp_path):
    old = documents([" ".join(words(40)), " ".join(words(41)), zh_text(42)], ids=["old:a", "old:b", "old:c"])
    index = tmp_path / "index"
    run_stage("dedup", old, tmp_path / "first", config={"save_index": str(index)})
    assert json.loads((index / "_index.json").read_text())["bands"] == 14
    new = documents([" ".join(edit(words(40), [5], 9)), zh_text(42), " ".join(words(43)), " ".join(words(43))],
                    ids=["new:a", "new:c", "new:d", "new:e"])
    kept, rejects, _ = run_stage("dedup", new, tmp_path / "second",
                                 config={"index": str(index), "save_index": str(tmp_path / "index2")})
    assert outcome(kept, rejects) == {"new:a": "duplicate_of:old:a", "new:c": "duplicate_of:old:c",
                                      "new:d": "kept", "new:e": "duplicate_of:new:d"}
    saved = pq.read_table(sorted((tmp_path / "index2").glob("keys-*.parquet"))).column("id").to_pylist()
    assert sorted(saved) == ["new:d", "old:a", "old:b", "old:c"]
    with pytest.raises(ValueError, match="num_perm"):
        run_stage("dedup", new, tmp_path / "third", config={"index": str(index), "num_perm": 64})


def test_signatures_saved_and_exported(tmp_path):
    _, _, _ = run_stage("dedup", corpus(), tmp_path, config={"save_signatures": True})
    table = pq.read_table(sorted((tmp_path / "out/signatures").glob("*.parquet")))
    assert table.num_rows == 9 and table.schema.field("signature").type.list_size == 128
    from pipeline.dedup.minhash import to_lean_minhash

    sig = dict(zip(table.column("id").to_pylist(), table.column("signature").to_pylist()))
    lean_a, lean_b = to_lean_minhash(sig["s:en-a"]), to_lean_minhash(sig["s:en-b"])
    assert lean_a.jaccard(lean_b) > 0.9


def test_real_text_near_duplicates(tmp_path):
    en = make_text("en", 10, seed=1)
    table = documents([en, en.replace("three days", "four days"), make_text("en", 10, seed=5)], ids=["s:a", "s:b", "s:c"])
    kept, rejects, _ = run_stage("dedup", table, tmp_path)
    assert kept.column("id").to_pylist() == ["s:a", "s:c"]


def test_reruns_write_identical_files(tmp_path):
    run_stage("dedup", corpus(), tmp_path / "a", shards=2)
    run_stage("dedup", corpus(), tmp_path / "b", shards=2)
    for name in ["part-00000.parquet", "part-00001.parquet", "rejects/part-00000.parquet", "_manifest.json"]:
        a, b = (tmp_path / "a/out" / name).read_bytes(), (tmp_path / "b/out" / name).read_bytes()
        if name.endswith(".json"):
            a, b = (json.loads(x) for x in (a, b))
            for m in (a, b):
                for key in ("seconds", "task_seconds", "spine_seconds"):
                    m.pop(key)
        assert a == b, name
