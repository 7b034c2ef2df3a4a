"""`medcurate synth` and `medcurate kg stats` from the command line."""

import json

import pyarrow.parquet as pq
from typer.testing import CliRunner

from pipeline.cli import app
from tests.synth.conftest import TINY_KG

runner = CliRunner()


def test_synth_writes_samples_pairs_and_a_manifest(tmp_path):
    out = tmp_path / "out"
    small = tmp_path / "synth.yaml"
    small.write_text("reward_train_paths: 200\nmax_depth: 1\n")
    result = runner.invoke(app, ["synth", "--kg", str(TINY_KG), "--n", "12", "--lang", "en", "--output", str(out),
                                 "--seed", "3", "--config", str(small)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "synth: 12 candidates" in result.output
    manifest = json.loads((out / "_manifest.json").read_text())
    summary = manifest["summary"]["synth"]
    assert manifest["config"]["max_depth"] == 1  # the YAML's keys reach the stage
    assert summary["candidates"] == 12 == summary["kept"] + summary["rejected"]
    samples = pq.read_table(sorted((out / "samples").glob("part-*.parquet")))
    assert samples.num_rows == summary["kept"] and set(samples.column("lang").to_pylist()) == {"en"}
    assert (out / "reward_model" / "reward.json").exists()
    # A saved reward model is reused instead of training a new one.
    again = runner.invoke(app, ["synth", "--kg", str(TINY_KG), "--n", "6", "--lang", "zh", "--output", str(tmp_path / "b"),
                                "--reward-model", str(out / "reward_model")])
    assert again.exit_code == 0, again.output
    assert not (tmp_path / "b" / "reward_model").exists()


def test_synth_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("head\trelation\ttail\nflu\thas_symptom\n", encoding="utf-8")
    result = runner.invoke(app, ["synth", "--kg", str(bad), "--n", "3", "--output", str(tmp_path / "o")])
    assert result.exit_code == 2 and "bad.tsv: line 2: expected 3 fields" in result.output
    result = runner.invoke(app, ["synth", "--kg", str(TINY_KG), "--n", "3", "--lang", "fr", "--output", str(tmp_path / "o")])
    assert result.exit_code == 2 and "langs.0" in result.output
    result = runner.invoke(app, ["synth", "--kg", str(TINY_KG), "--generator", "openai", "--output", str(tmp_path / "o")])
    assert result.exit_code == 2 and "needs base_url and model" in result.output


def test_kg_stats_prints_counts_and_json(tmp_path):
    result = runner.invoke(app, ["kg", "stats", "--kg", str(TINY_KG)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("34 nodes, 34 edges")
    assert "has_symptom 12" in result.output and "cardiology 2" in result.output
    data = json.loads(runner.invoke(app, ["kg", "stats", "--kg", str(TINY_KG), "--json"]).output)
    assert data["nodes_by_type"]["Drug"] == 6
    triples = tmp_path / "t.jsonl"
    triples.write_text('{"head": "a", "relation": "binds", "tail": "b"}\n{"head": "flu", "relation": "symptom", "tail": "fever"}\n')
    result = runner.invoke(app, ["kg", "stats", "--kg", str(triples)])
    assert "skipped rows: unknown_relation:binds 1" in result.output
    strict = runner.invoke(app, ["kg", "stats", "--kg", str(triples), "--strict"])
    assert strict.exit_code == 2 and "row 1: relation 'binds' is not in the vocabulary" in strict.output
