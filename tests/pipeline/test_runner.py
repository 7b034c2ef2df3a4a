"""The whole DAG on a local Ray: accounting, resume after a crash, skip on rerun, identical outputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.config import parse_run_config
from pipeline.faults import InjectedFailure
from pipeline.runner import Runner
from tests.conftest import make_text


def _corpus(folder: Path) -> list[dict]:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(120):
        lang = "zh" if i % 2 else "en"
        lines.append(json.dumps({"id": f"d{i}", "text": make_text(lang, 8, seed=i)}, ensure_ascii=False))
    lines += [lines[3].replace('"d3"', '"copy3"'), "{broken", json.dumps({"id": "e", "text": ""})]
    for part in range(6):  # six files: six ingest tasks, so a crash can land mid-stage
        chunk = lines[part * 20 : (part + 1) * 20 if part < 5 else None]
        (folder / f"a-{part}.jsonl").write_text("\n".join(chunk) + "\n", encoding="utf-8")
    return [{"name": "a", "path": str(folder / "a-*.jsonl")}]


def _config(tmp: Path, executor: str = "ray", name: str = "r") -> dict:
    return {
        "run": {"name": name, "output_dir": str(tmp / "runs"), "seed": 3, "executor": executor, "num_workers": 2},
        "sources": _corpus(tmp / "data"),
        "stages": {"ingest": {"shard_rows": 20}},
        "mixes": [{"name": "stage1", "curriculum_stage": 1, "group_by": ["lang"], "targets": {"zh": 0.5, "en": 0.5},
                   "token_budget": 20_000, "shard_rows": 60}],
    }


def _data_files(run_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(run_dir)): p.read_bytes() for p in sorted(run_dir.rglob("*.parquet"))}


def _manifests(run_dir: Path) -> dict[str, dict]:
    found = {}
    for path in sorted(run_dir.rglob("_manifest.json")):
        data = json.loads(path.read_text())
        for timing in ("seconds", "task_seconds", "spine_seconds"):  # wall-clock figures differ run to run
            data.pop(timing, None)
        found[str(path.relative_to(run_dir))] = data
    return found


def test_full_run_accounts_for_every_row(tmp_path, ray_local):
    result = Runner(parse_run_config(_config(tmp_path)), progress=False).run()
    m = result.manifests
    assert m["ingest"].counts.rows_in == 123
    assert m["ingest"].counts.by_reason == {"invalid_json": 1, "empty_text": 1}
    for name, manifest in m.items():
        c = manifest.counts
        assert c.rows_in == c.kept + c.rejected, name
    for before, after in zip(list(m)[:-1], list(m)[1:]):
        assert m[after].counts.rows_in == m[before].counts.kept
    assert m["exact_dedup"].counts.by_reason == {"duplicate_of": 1}
    mix = json.loads((result.mixes_dir / "stage1/_manifest.json").read_text())
    assert {g["group"]: round(g["achieved_share"], 1) for g in mix["groups"]} == {"en": 0.5, "zh": 0.5}
    report = (result.run_dir / "report.html").read_text()
    assert "data:image/png;base64" in report and "duplicate_of" in report and "stage1" in report


def test_rerun_skips_finished_stages_and_config_change_reruns_downstream(tmp_path):
    config = _config(tmp_path, executor="local")
    Runner(parse_run_config(config), progress=False).run()
    again = Runner(parse_run_config(config), progress=False).run()
    assert again.skipped == ["ingest", "filter", "exact_dedup", "dedup", "upsample", "mix"]
    tiers = [{"name": "low", "min_score": -1e9, "repeat": 0.5}, {"name": "medium", "min_score": 0.5, "repeat": 1.0},
             {"name": "high", "min_score": 0.8, "repeat": 2.0}]
    config["stages"]["upsample"] = {"repeat": {"tiers": tiers}}  # the default tiers reordered: same output
    fourth = Runner(parse_run_config(config), progress=False).run()
    assert fourth.skipped == ["ingest", "filter", "exact_dedup", "dedup", "mix"]  # fingerprints are of content
    config["stages"]["upsample"] = {"repeat": {"dup_count_weighting": "none"}}
    plan = {p.name: p.status for p in Runner(parse_run_config(config), progress=False).plan()}
    assert plan == {"ingest": "up-to-date", "filter": "up-to-date", "exact_dedup": "up-to-date", "dedup": "up-to-date",
                    "upsample": "run", "mix": "waiting"}
    third = Runner(parse_run_config(config), progress=False).run()
    assert third.skipped == ["ingest", "filter", "exact_dedup", "dedup"]  # the duplicated doc's repeat changed: mix reruns


@pytest.mark.parametrize("stage", ["ingest", "filter", "exact_dedup", "dedup"])
def test_crash_mid_stage_then_resume_gives_identical_files(tmp_path, monkeypatch, stage):
    config = parse_run_config(_config(tmp_path, executor="local"))
    run_dir = tmp_path / "runs/r"
    Runner(config, progress=False).run()
    clean_files, clean_manifests = _data_files(run_dir), _manifests(run_dir)
    shutil.rmtree(run_dir)

    monkeypatch.setenv("MEDCURATE_INJECT_FAILURE", f"{stage}:3")
    with pytest.raises(InjectedFailure):
        Runner(config, progress=False).run()
    partial = next(run_dir.glob(f".*-{stage}.partial"))
    assert len(list((partial / ".done").glob("*.json"))) == 3  # shards 0-2 finished before the crash
    assert not list(run_dir.glob(f"*-{stage}"))  # no half-written stage folder
    monkeypatch.delenv("MEDCURATE_INJECT_FAILURE")
    plan = {p.name: p.status for p in Runner(config, progress=False).plan()}
    assert plan[stage] == "resume"
    Runner(config, progress=False).run()

    assert _data_files(run_dir) == clean_files
    resumed = _manifests(run_dir)
    assert resumed.keys() == clean_manifests.keys()
    for key in clean_manifests:
        assert clean_manifests[key] == resumed[key], key


def test_ray_and_local_executors_write_identical_files(tmp_path, ray_local):
    run_dir = tmp_path / "runs/r"
    Runner(parse_run_config(_config(tmp_path, executor="local")), progress=False).run()
    local_files = _data_files(run_dir)
    shutil.rmtree(run_dir)
    Runner(parse_run_config(_config(tmp_path, executor="ray")), progress=False).run()
    assert _data_files(run_dir) == local_files
    assert len(local_files) > 20
