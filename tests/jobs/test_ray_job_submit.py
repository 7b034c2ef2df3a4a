"""`ray start --head`, `ray job submit -- python -m jobs.curate`, check the outputs, `ray stop`.

The two Ray 2.60 gotchas (ENVIRONMENT.md): the head enables token auth, so this test cluster runs
with RAY_AUTH_MODE=disabled; and the venv's bin must lead PATH before `ray start`, or the job runs
the system python.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, make_text, start_local_ray


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def ray_cluster():
    venv_bin = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": f"{venv_bin}:{os.environ.get('PATH', '')}", "RAY_AUTH_MODE": "disabled",
           "RAY_USAGE_STATS_ENABLED": "0"}
    env.pop("RAY_ADDRESS", None)
    gcs, dashboard = _free_port(), _free_port()
    ray = str(Path(venv_bin) / "ray")
    # `ray stop` below stops every Ray on the machine, including the session's local Ray whose driver
    # is this pytest process (it would exit with it): shut that down first, restart it after.
    import ray as ray_module

    local_was_running = ray_module.is_initialized()
    if local_was_running:
        ray_module.shutdown()
    temp_dir = tempfile.mkdtemp(prefix="ray", dir="/tmp")  # short: Ray's socket paths must fit 107 bytes
    subprocess.run([ray, "start", "--head", f"--port={gcs}", f"--dashboard-port={dashboard}", "--num-cpus=2",
                    "--object-store-memory=200000000", "--include-dashboard=true", f"--temp-dir={temp_dir}"],
                   env=env, check=True, capture_output=True, timeout=120)
    try:
        yield env, f"http://127.0.0.1:{dashboard}", ray
    finally:
        subprocess.run([ray, "stop", "--force"], env=env, capture_output=True, timeout=120)
        shutil.rmtree(temp_dir, ignore_errors=True)
        if local_was_running:
            start_local_ray()


def test_ray_job_submit_runs_the_curation_job(tmp_path, ray_cluster):
    env, address, ray = ray_cluster
    data = tmp_path / "data"
    data.mkdir()
    lines = [json.dumps({"id": f"d{i}", "text": make_text("en" if i % 2 else "zh", 8, seed=i)}, ensure_ascii=False) for i in range(60)]
    (data / "a.jsonl").write_text("\n".join(lines + ["{bad json"]) + "\n", encoding="utf-8")
    config = {
        "run": {"name": "job", "output_dir": str(tmp_path / "runs"), "seed": 1, "executor": "ray"},
        "sources": [{"name": "a", "path": str(data / "a.jsonl")}],
        "stages": {"ingest": {"shard_rows": 20}},
        "mixes": [{"name": "stage1", "curriculum_stage": 1, "group_by": ["lang"]}],
    }
    (tmp_path / "job.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    for _ in range(12):  # the head's job agent can take a while to come up on a busy 2-core machine
        submit = subprocess.run(
            [ray, "job", "submit", f"--address={address}", "--", "bash", "-c",
             f"cd {REPO} && python -m jobs.curate --config {tmp_path / 'job.yaml'}"],
            env=env, capture_output=True, text=True, timeout=300,
        )
        if "No available agent" not in submit.stderr + submit.stdout:
            break
        time.sleep(5)
    assert submit.returncode == 0, submit.stdout[-3000:] + submit.stderr[-3000:]
    assert "succeeded" in submit.stdout
    run_dir = tmp_path / "runs/job"
    ingest = json.loads((run_dir / "00-ingest/_manifest.json").read_text())
    assert ingest["counts"] == {"rows_in": 61, "kept": 60, "rejected": 1, "by_reason": {"invalid_json": 1}}
    upsample = json.loads((run_dir / "04-upsample/_manifest.json").read_text())
    mix = json.loads((run_dir / "mixes/stage1/_manifest.json").read_text())
    assert mix["rows"] > 0 and mix["unique_docs"] == upsample["counts"]["kept"] > 50
    # The job joined the cluster rather than starting a Ray of its own.
    assert "Connecting to existing Ray cluster" in submit.stdout
