"""The synth stage in a run: documents pass through, samples and pairs validate, the stage-3 mix takes them."""

import json

import pyarrow.parquet as pq
import pytest

from pipeline.config import parse_run_config
from pipeline.runner import Runner
from schemas.synth import PREFERENCE_PAIR_SCHEMA, SYNTH_SAMPLE_SCHEMA
from schemas.validate import validate_table
from tests.conftest import make_text
from tests.synth.conftest import TINY_KG

SYNTH = {"kg": [str(TINY_KG)], "n": 40, "reward_train_paths": 300, "batch_size": 15, "simulate_error_rate": 0.3}
STAGE3 = {"name": "stage3", "curriculum_stage": 3, "inputs": ["synth", "synth/samples"], "where": {"is_medical": True},
          "group_by": ["department", "source"], "targets": {"_other": 1.0}}


def _config(tmp_path, source, name="run", synth=None):
    return parse_run_config({
        "run": {"executor": "local", "name": name, "output_dir": str(tmp_path), "seed": 5},
        "sources": [{"name": "docs", "path": str(source)}], "pipeline": ["ingest", "synth", "mix"],
        "stages": {"synth": synth or SYNTH}, "mixes": [STAGE3]})


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("synth_run")
    source = tmp / "docs.jsonl"
    lines = [json.dumps({"id": f"d{i}", "text": make_text("zh" if i % 2 else "en", seed=i)}, ensure_ascii=False) for i in range(30)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = Runner(_config(tmp, source), progress=False).run()
    return tmp, source, result


def test_documents_pass_through_and_synthesis_is_accounted(run):
    _, _, result = run
    counts = result.manifests["synth"].counts
    assert (counts.rows_in, counts.kept, counts.rejected) == (30, 30, 0)
    synth = result.manifests["synth"].summary["synth"]
    assert synth["candidates"] == synth["kept"] + synth["rejected"] == synth["paths"]["sampled"]
    assert sum(synth["by_reason"].values()) == synth["rejected"]
    assert synth["verifier_pass_first_draft"] < synth["verifier_pass_final"]  # simulated errors, then reflection
    assert synth["passed_after_reflection"] > 0 and synth["strategies"]
    assert synth["reward_model"]["held_out_pairs"] > 0
    assert synth["corpus_links"]["documents"] == 30  # the input documents were linked against the KG
    assert synth["corpus_links"]["diseases_mentioned"] >= 1  # make_text's medical sentences name hypertension


def test_corpus_mentions_favour_the_diseases_a_corpus_talks_about(tmp_path, tiny_kg):
    import pyarrow as pa

    from synth.paths import PathSampler, SamplerConfig
    from synth.stage import corpus_mentions

    texts = ["患者哮喘发作，喘息明显。"] * 20 + ["Asthma again, with wheezing."] * 20 + ["The weather is nice."] * 5
    pq.write_table(pa.table({"text": texts, "is_medical": [True] * 40 + [False] * 5}), tmp_path / "part-00000.parquet")
    mentions, documents = corpus_mentions(tiny_kg, [tmp_path / "part-00000.parquet"], limit=30)
    assert documents == 30 and mentions == {"disease:asthma": 30}
    config = SamplerConfig(question_types=(("diagnosis", 1.0),), group_cap=10**6, num_options=0)
    plain, _ = PathSampler(tiny_kg, config).sample(400, ["en"], seed=1)
    boosted, _ = PathSampler(tiny_kg, config, {"disease:asthma": 20.0}).sample(400, ["en"], seed=1)
    share = lambda paths: sum(p.anchor == "disease:asthma" for p in paths) / len(paths)
    assert share(boosted) > share(plain) + 0.2


def test_samples_and_pairs_validate_against_the_schemas(run):
    _, _, result = run
    folder = result.run_dir / "01-synth"
    samples = pq.read_table(sorted((folder / "samples").glob("part-*.parquet")))
    validate_table(samples, SYNTH_SAMPLE_SCHEMA, where="samples")
    assert samples.num_rows == result.manifests["synth"].summary["synth"]["kept"]
    rows = samples.to_pylist()
    threshold = result.manifests["synth"].summary["synth"]["reward_model"]["keep_threshold"]
    assert 0 < threshold < 1
    assert all(r["verified"] and r["reward"] >= threshold and r["quality_score"] >= 0.5 and r["is_medical"]
               and r["source"] == "synth/template" for r in rows)
    assert {r["lang"] for r in rows} == {"zh", "en"}
    assert all(r["messages"][0]["role"] == "user" and r["messages"][1]["role"] == "assistant" for r in rows)
    reflected = [r for r in rows if r["attempts"] > 1]
    assert reflected and all(r["reflection_strategy"] for r in reflected)
    pairs = pq.read_table(sorted((folder / "preferences").glob("part-*.parquet")))
    validate_table(pairs, PREFERENCE_PAIR_SCHEMA, where="pairs")
    kinds = set(pairs.column("rejected_kind").to_pylist())
    assert any(k.startswith("verifier:") for k in kinds) and kinds & {"answer_swap", "fake_edge", "hop_deleted", "steps_shuffled",
                                                                        "trace_truncated", "text_duplicated"}
    rejects = sorted((folder / "samples" / "rejects").glob("*.parquet"))
    if rejects:
        assert all(r.startswith(("verifier:", "low_reward")) for r in pq.read_table(rejects).column("reject_reason").to_pylist())


def test_the_stage3_mix_takes_the_samples(run):
    _, _, result = run
    manifest = json.loads((result.mixes_dir / "stage3" / "_manifest.json").read_text())
    assert set(manifest["rows_per_source"]) == {"synth/template"}  # ingested docs carry no is_medical
    assert manifest["documents_selected"] == result.manifests["synth"].summary["synth"]["kept"]
    mix = pq.read_table(sorted((result.mixes_dir / "stage3").glob("part-*.parquet")))
    assert set(mix.column("curriculum_stage").to_pylist()) == {3}
    assert {g["group"] for g in manifest["groups"]} <= {"cardiology", "pulmonology", "neurology"}


def test_rerun_skips_and_output_is_deterministic(run, tmp_path):
    tmp, source, result = run
    again = Runner(_config(tmp, source), progress=False).run()
    assert again.skipped == ["ingest", "synth", "mix"]
    fresh = Runner(_config(tmp_path, source, name="fresh"), progress=False).run()
    first = sorted((result.run_dir / "01-synth" / "samples").glob("part-*.parquet"))
    second = sorted((fresh.run_dir / "01-synth" / "samples").glob("part-*.parquet"))
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    changed = Runner(_config(tmp, source, synth={**SYNTH, "n": 20}), progress=False).run()
    assert changed.skipped == ["ingest"]  # a new synth config reruns synth and the mix after it


def test_a_kg_without_the_language_fails_in_one_line(tmp_path):
    source = tmp_path / "docs.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "hello world"}) + "\n", encoding="utf-8")
    en_only = tmp_path / "en.tsv"
    en_only.write_text("head\trelation\ttail\nflu\thas_symptom\tfever\nflu\thas_symptom\tcough\n", encoding="utf-8")
    config = _config(tmp_path, source, synth={"kg": [str(en_only)], "langs": ["zh"], "n": 5, "reward_train_paths": 5,
                                              "reward_model": None})
    with pytest.raises(ValueError, match="synth: no question could be sampled"):
        Runner(config, progress=False).run()


def test_quality_puts_the_keep_threshold_at_one_half():
    from synth.engine import quality_from_reward

    assert quality_from_reward(0.2, 0.2) == 0.5
    assert quality_from_reward(0.1, 0.2) == 0.25 and quality_from_reward(0.0, 0.2) == 0.0
    assert quality_from_reward(0.6, 0.2) == 0.75 and quality_from_reward(1.0, 0.2) == 1.0
    assert quality_from_reward(0.3, 0.0) == 0.65 and quality_from_reward(1.0, 1.0) == 1.0
