"""Run the DAG: each stage reads the previous stage's shards and writes its own, with a manifest.

A stage whose manifest matches its config hash and input fingerprint is skipped; a stage that
crashed resumes from its partial directory, shard by shard; finished stages are renamed into place.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import layout, registry
from pipeline.accounting import merge_summaries, sum_counts
from pipeline.config import RunConfig
from pipeline.execution import make_executor
from pipeline.map_runner import ShardTask, run_shard, stage_factory
from pipeline.shards import row_count
from pipeline.stage import GlobalStage, MapStage, StageContext
from schemas.manifest import StageManifest

log = logging.getLogger("medcurate")
PARTIAL_KEY = "_partial_key.json"


@dataclass
class StagePlan:
    index: int
    name: str
    directory: Path
    config: dict[str, Any]
    config_hash: str
    status: str = "pending"  # up-to-date | resume | run | waiting (input not built yet)


@dataclass
class RunResult:
    run_dir: Path
    manifests: dict[str, StageManifest] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    mixes_dir: Path | None = None


def _hashable_config(name: str, config, base: Path) -> dict[str, Any]:
    dumped = config.model_dump(mode="json")
    if name == "mix":  # hash the policies' contents, not their paths
        from pipeline.mix.policy import load_policy

        dumped["policies"] = [load_policy(p, base).model_dump(mode="json") for p in config.policies]
    return dumped


class Runner:
    def __init__(self, config: RunConfig, base_dir: Path | None = None, progress: bool = True):
        self.config = config
        self.base = base_dir or Path.cwd()
        out = Path(config.run.output_dir)
        self.run_dir = (out if out.is_absolute() else self.base / out) / config.run.name
        self.seed = config.run.seed
        self.mixes_dir = self.run_dir / "mixes"
        self.progress = progress
        self.executor = None

    def plan(self) -> list[StagePlan]:
        plans = []
        for index, name in enumerate(self.config.pipeline):
            stage_config = self.config.stage_config(name)
            dumped = _hashable_config(name, stage_config, self.base)
            plans.append(StagePlan(index, name, layout.stage_dir(self.run_dir, index, name), dumped,
                                   layout.config_hash(dumped, self.seed)))
        upstream_changed = False
        previous: StagePlan | None = None
        for plan in plans:
            manifest = layout.read_manifest(plan.directory)
            fingerprint = None if upstream_changed else self._input_fingerprint(plan, previous)
            if manifest and fingerprint and manifest["config_hash"] == plan.config_hash and manifest["input_fingerprint"] == fingerprint:
                plan.status = "up-to-date"
            elif fingerprint and self._partial_matches(plan, fingerprint):
                plan.status = "resume"
                upstream_changed = True
            else:
                plan.status = "run" if fingerprint else "waiting"
                upstream_changed = True
            previous = plan
        return plans

    def _input_fingerprint(self, plan: StagePlan, previous: StagePlan | None) -> str | None:
        if plan.name == "ingest":
            stage = registry.get("ingest")(self.config.stage_config("ingest"), base_dir=self.base)
            return layout.fingerprint_files(stage.input_files(), None)
        manifest = layout.read_manifest(previous.directory) if previous else None
        return manifest["output_fingerprint"] if manifest else None

    def _partial_matches(self, plan: StagePlan, fingerprint: str) -> bool:
        key_file = layout.partial_dir(plan.directory) / PARTIAL_KEY
        if not key_file.exists():
            return False
        key = json.loads(key_file.read_text(encoding="utf-8"))
        return key == {"config_hash": plan.config_hash, "input_fingerprint": fingerprint}

    def run(self) -> RunResult:
        result = RunResult(self.run_dir)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        previous: StagePlan | None = None
        outputs: dict[str, Path] = {}
        try:
            for plan in self.plan():
                fingerprint = self._input_fingerprint(plan, previous)
                manifest = layout.read_manifest(plan.directory)
                if manifest and manifest["config_hash"] == plan.config_hash and manifest["input_fingerprint"] == fingerprint:
                    log.info("stage %s: up to date, skipped (%s)", plan.name, plan.directory)
                    result.skipped.append(plan.name)
                    result.manifests[plan.name] = StageManifest(**manifest)
                else:
                    inputs = layout.data_files(previous.directory) if previous else []
                    result.manifests[plan.name] = self.run_stage(plan, inputs, fingerprint, outputs)
                outputs[plan.name] = plan.directory
                previous = plan
        finally:
            if self.executor is not None:
                self.executor.shutdown()
        result.mixes_dir = self.mixes_dir
        from pipeline.report import write_report

        write_report(self.run_dir)
        return result

    def _executor(self):
        if self.executor is None:
            settings = self.config.run
            self.executor = make_executor(settings.executor, num_workers=settings.num_workers,
                                          object_store_memory_mb=settings.object_store_memory_mb, progress=self.progress)
        return self.executor

    def run_stage(self, plan: StagePlan, inputs: list[Path], fingerprint: str, outputs: dict[str, Path]) -> StageManifest:
        started = time.perf_counter()
        partial = layout.partial_dir(plan.directory)
        key = {"config_hash": plan.config_hash, "input_fingerprint": fingerprint}
        if partial.exists() and self._partial_matches(plan, fingerprint):
            log.info("stage %s: resuming from %s", plan.name, partial)
        else:
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir(parents=True)
            layout.write_json_atomic(partial / PARTIAL_KEY, key)
        log.info("stage %s: running (config %s)", plan.name, plan.config_hash)
        cls = registry.get(plan.name)
        stage_config = self.config.stage_config(plan.name)
        executor = self._executor()
        if issubclass(cls, MapStage):
            tasks = [ShardTask(i, str(p), str(partial)) for i, p in enumerate(inputs)]
            results = executor.map(run_shard, tasks, label=plan.name,
                                   state_factory=stage_factory(cls, stage_config.model_dump(mode="json")))
        else:
            stage = self._build_global(cls, stage_config, outputs)
            ctx = StageContext(inputs=inputs, output_dir=partial, executor=executor, seed=self.seed,
                               stage_name=plan.name, work_dir=partial / "_work")
            results = stage.run(ctx)
        manifest = self._finish(plan, partial, fingerprint, results, started)
        layout.publish(partial, plan.directory)
        c = manifest.counts
        log.info("stage %s: %d in, %d kept, %d rejected %s (%.1fs)", plan.name, c.rows_in, c.kept, c.rejected,
                 dict(c.by_reason), manifest.seconds)
        return manifest

    def _build_global(self, cls, stage_config, outputs: dict[str, Path]) -> GlobalStage:
        if cls.name == "ingest":
            return cls(stage_config, base_dir=self.base)
        if cls.name == "mix":
            return cls(stage_config, base_dir=self.base, mixes_dir=self.mixes_dir, stage_outputs=outputs)
        return cls(stage_config)

    def _finish(self, plan: StagePlan, partial: Path, fingerprint: str, results: list[dict], started: float) -> StageManifest:
        counts = sum_counts(results)
        counts.check(f"stage {plan.name}")
        kept_files = layout.data_files(partial)
        reject_files = layout.reject_files(partial)
        on_disk_kept = sum(row_count(p) for p in kept_files)
        on_disk_rejected = sum(row_count(p) for p in reject_files)
        if on_disk_rejected != counts.rejected or (kept_files and on_disk_kept != counts.kept):
            raise AssertionError(f"stage {plan.name}: files hold {on_disk_kept} kept / {on_disk_rejected} rejected rows, "
                                 f"accounting says {counts.kept} / {counts.rejected}")
        summary = merge_summaries([r.get("summary", {}) for r in results])
        shards = [s for r in results for s in r.get("shards", [])]
        shutil.rmtree(partial / layout.DONE_DIR, ignore_errors=True)
        shutil.rmtree(partial / "_work", ignore_errors=True)
        (partial / PARTIAL_KEY).unlink(missing_ok=True)
        manifest = StageManifest(
            stage=plan.name, index=plan.index, config=plan.config, config_hash=plan.config_hash, seed=self.seed,
            input_fingerprint=fingerprint, output_fingerprint=layout.fingerprint_files(kept_files + reject_files + layout.side_files(partial), partial),
            counts=counts, tokens=summary.get("tokens"), bytes_out=sum(r.get("bytes_out", 0) for r in results),
            shards=sorted(shards, key=lambda s: s["name"]), summary=summary, versions=layout.versions(),
            seconds=round(time.perf_counter() - started, 3),
            task_seconds=round(sum(r.get("task_seconds", 0.0) for r in results), 3),
            spine_seconds=round(sum(r.get("spine_seconds", 0.0) for r in results), 3),
        )
        layout.write_json_atomic(partial / layout.MANIFEST, manifest.model_dump(mode="json"))
        return manifest


def run_single_stage(name: str, input_path: Path | None, output: Path, config: RunConfig, progress: bool = True) -> StageManifest:
    """`medcurate <stage> --input IN --output OUT`: one stage into OUT (part-*.parquet, rejects/, _manifest.json).

    Parquet input (a file or a folder of shards) is read as Documents; any other input is ingested first
    into OUT/_ingest (with its own rejects and manifest), so nothing is dropped unaccounted.
    """
    runner = Runner(config, progress=progress)
    output = output.resolve()
    runner.mixes_dir = None  # mixes go inside OUT, published with the stage
    outputs: dict[str, Path] = {}
    try:
        if name == "ingest":
            inputs: list[Path] = []
            stage = registry.get("ingest")(config.stage_config("ingest"), base_dir=runner.base)
            fingerprint = layout.fingerprint_files(stage.input_files(), None)
        else:
            inputs = _parquet_inputs(input_path) if input_path is not None else []
            if input_path is not None and not inputs:
                # Ingested beside OUT, then moved into OUT/_ingest once OUT is published.
                ingest_dir = output.parent / f".{output.name}.ingest"
                ingest_plan = _single_plan(runner, "ingest", ingest_dir, 0)
                stage = registry.get("ingest")(config.stage_config("ingest"), base_dir=runner.base)
                runner.run_stage(ingest_plan, [], layout.fingerprint_files(stage.input_files(), None), outputs)
                inputs = layout.data_files(ingest_dir)
            fingerprint = layout.fingerprint_files(inputs, None)
        plan = _single_plan(runner, name, output, 0)
        if (manifest := layout.read_manifest(output)) and manifest["config_hash"] == plan.config_hash \
                and manifest["input_fingerprint"] == fingerprint:
            log.info("stage %s: %s is up to date, skipped", name, output)
            result = StageManifest(**manifest)
        else:
            result = runner.run_stage(plan, inputs, fingerprint, outputs)
        if name != "ingest" and input_path is not None and not _parquet_inputs(input_path):
            layout.publish(output.parent / f".{output.name}.ingest", output / "_ingest")
        return result
    finally:
        if runner.executor is not None:
            runner.executor.shutdown()


def _single_plan(runner: Runner, name: str, directory: Path, index: int) -> StagePlan:
    stage_config = runner.config.stage_config(name)
    dumped = _hashable_config(name, stage_config, runner.base)
    return StagePlan(index, name, directory, dumped, layout.config_hash(dumped, runner.seed), status="run")


def _parquet_inputs(path: Path) -> list[Path]:
    if path.is_file():
        return [path] if path.name.endswith(".parquet") else []
    if path.is_dir():
        files = sorted(path.glob("*.parquet"))
        return files if files and all(f.name.endswith(".parquet") for f in files) else []
    raise FileNotFoundError(f"input {path} does not exist")
