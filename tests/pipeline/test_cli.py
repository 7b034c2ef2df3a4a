"""The real `medcurate` console script, one stage at a time, as users call it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import yaml

from tests.conftest import REPO, make_text

MEDCURATE = str(Path(sys.executable).parent / "medcurate")


def cli(*args, cwd=REPO):
    return subprocess.run([MEDCURATE, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def corpus(path: Path) -> Path:
    lines = [json.dumps({"doc": f"d{i}", "body": make_text("zh" if (i % 20) % 3 else "en", 8, seed=i % 20)}, ensure_ascii=False)
             for i in range(40)]
    path.write_text("\n".join(lines + ["{oops"]) + "\n", encoding="utf-8")
    return path


def test_stage_by_stage(tmp_path):
    src = corpus(tmp_path / "in.jsonl")
    r = cli("ingest", "--input", src, "--output", tmp_path / "ing", "--text-field", "body", "--id-field", "doc", "--source", "web")
    assert r.returncode == 0, r.stderr
    assert "41 in, 40 kept, 1 rejected {'invalid_json': 1}" in r.stdout
    assert pq.read_table(tmp_path / "ing/part-00000-0000.parquet").column("id")[0].as_py() == "web:d0"

    r = cli("filter", "-i", tmp_path / "ing", "-o", tmp_path / "flt")
    assert r.returncode == 0, r.stderr
    r = cli("exact-dedup", "-i", tmp_path / "flt", "-o", tmp_path / "dd")
    assert r.returncode == 0, r.stderr
    assert "40 in, 20 kept, 20 rejected {'duplicate_of': 20}" in r.stdout  # seeds repeat every 20 docs
    (tmp_path / "up.yaml").write_text(yaml.safe_dump({"repeat": {"max_epochs": 3}}))
    r = cli("upsample", "-i", tmp_path / "dd", "-o", tmp_path / "up", "--config", tmp_path / "up.yaml")
    assert r.returncode == 0, r.stderr
    assert pq.read_table(tmp_path / "up/part-00000.parquet").column("repeat").to_pylist() == [2.0] * 20  # 1 + log2(2)
    (tmp_path / "p.yaml").write_text(yaml.safe_dump({"name": "s2", "curriculum_stage": 2, "group_by": ["lang"],
                                                     "targets": {"zh": 0.5, "en": 0.5}}))
    r = cli("mix", "-i", tmp_path / "up", "-o", tmp_path / "mix", "-p", tmp_path / "p.yaml", "--seed", "3")
    assert r.returncode == 0, r.stderr
    manifest = json.loads((tmp_path / "mix/s2/_manifest.json").read_text())
    assert {g["group"]: round(g["achieved_share"], 1) for g in manifest["groups"]} == {"en": 0.5, "zh": 0.5}  # whole docs


def test_filter_straight_from_jsonl_ingests_first(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": str(i), "text": make_text("en", 8, seed=i)}) for i in range(5)) + "\n{bad\n")
    r = cli("filter", "-i", src, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    ingest = json.loads((tmp_path / "out/_ingest/_manifest.json").read_text())
    assert ingest["counts"]["by_reason"] == {"invalid_json": 1}
    assert json.loads((tmp_path / "out/_manifest.json").read_text())["counts"]["rows_in"] == 5


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path):
    config = yaml.safe_load((REPO / "configs/demo.yaml").read_text())
    config["run"]["output_dir"] = str(tmp_path / "runs")
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(config))
    r = cli("run", "--config", tmp_path / "c.yaml", "--dry-run")
    assert r.returncode == 0, r.stderr
    for line in ["00 ingest", "01 filter", "02 exact_dedup", "03 dedup", "04 classify", "05 upsample", "06 synth", "07 mix"]:
        assert line in r.stdout
    assert "run " in r.stdout and "waiting" in r.stdout
    assert not (tmp_path / "runs").exists()


def test_bad_config_key_is_a_one_line_error(tmp_path):
    (tmp_path / "c.yaml").write_text(yaml.safe_dump({"run": {"name": "x", "exector": "ray"}}))
    r = cli("run", "--config", tmp_path / "c.yaml")
    assert r.returncode == 2
    assert r.stderr.strip() == f"error: {tmp_path / 'c.yaml'}: run.exector: Extra inputs are not permitted"


def test_missing_input_is_a_clear_error(tmp_path):
    r = cli("filter", "-i", tmp_path / "nope", "-o", tmp_path / "out")
    assert r.returncode == 2 and "does not exist" in r.stderr


def test_stages_lists_the_dag():
    r = cli("stages")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[0].startswith("ingest") and "installed" in lines[0]
    assert any(line.startswith("classify") and "installed" in line and "not" not in line for line in lines)
    assert all("installed" in line and "not" not in line for line in lines)  # every stage of the DAG exists now
    assert [line.split()[0] for line in lines][-2:] == ["synth", "mix"]
    assert any(line.startswith("dedup ") and "installed" in line for line in lines)
