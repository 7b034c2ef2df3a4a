"""The mix stage: one training mix per curriculum-stage policy, from the annotated documents.

Documents used by no mix are this stage's rejects (`not_in_any_mix`), so rows in = kept + rejected
holds here too; the mixes themselves go to runs/<run>/mixes/<policy name>/.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from pydantic import Field

from pipeline import layout
from pipeline.accounting import count_reasons
from pipeline.mix.emit import ShardWrite, write_mix_shard
from pipeline.mix.plan import allocate, group_column, uniform_hash, where_mask
from pipeline.mix.policy import MixPolicy, load_policy
from pipeline.registry import register
from pipeline.shards import write_parquet
from pipeline.stage import REJECT_REASON, GlobalStage, StageConfig, StageContext
from pipeline.tokens import TokenCounter, TokenizerConfig
from schemas.manifest import GroupShare, MixManifest


class MixConfig(StageConfig):
    policies: list[str | dict[str, Any]] = Field(default_factory=list, description="policy YAML paths or inline policies")
    tokenizer: TokenizerConfig = Field(default_factory=TokenizerConfig, description="counts tokens where no `tokens` column exists")


@dataclass(frozen=True)
class _LightRead:
    index: int
    path: str
    columns: tuple[str, ...]
    tokenizer: TokenizerConfig


def _read_light(job: _LightRead) -> pa.Table:
    """The columns a plan needs (no text unless tokens must be counted), plus where each row lives."""
    available = pq.ParquetFile(job.path).schema_arrow.names
    wanted = [c for c in job.columns if c in available]
    needs_tokens = "tokens" not in available
    table = pq.read_table(job.path, columns=wanted + (["text"] if needs_tokens else []))
    if needs_tokens:
        table = table.append_column("tokens", pa.array(TokenCounter(job.tokenizer).count(table.column("text")), pa.int64()))
        table = table.drop_columns(["text"])
    table = table.append_column("_file", pa.array(np.full(table.num_rows, job.index, np.int64)))
    return table.append_column("_row", pa.array(np.arange(table.num_rows, dtype=np.int64)))


@dataclass(frozen=True)
class _RejectUnused:
    path: str
    used_rows: np.ndarray
    out: str


def _write_unused(job: _RejectUnused) -> dict:
    table = pq.read_table(job.path)
    mask = np.ones(table.num_rows, bool)
    mask[job.used_rows] = False
    rejected = table.filter(pa.array(mask))
    if rejected.num_rows:
        rejected = rejected.append_column("reject_stage", pa.array(["mix"] * rejected.num_rows, pa.string()))
        rejected = rejected.append_column(REJECT_REASON, pa.array(["not_in_any_mix"] * rejected.num_rows, pa.string()))
        write_parquet(rejected, Path(job.out))
    return {"rows_in": table.num_rows, "kept": table.num_rows - rejected.num_rows, "rejected": rejected.num_rows,
            "by_reason": count_reasons(rejected.column(REJECT_REASON)) if rejected.num_rows else {}}


@register
class MixStage(GlobalStage):
    name = "mix"
    Config = MixConfig

    def __init__(self, config: MixConfig | None = None, base_dir: Path | None = None, mixes_dir: Path | None = None,
                 stage_outputs: dict[str, Path] | None = None):
        super().__init__(config)
        self.base_dir = base_dir or Path.cwd()
        self.mixes_dir = mixes_dir
        self.stage_outputs = stage_outputs or {}
        self.policies = [load_policy(p, self.base_dir) for p in self.config.policies]
        names = [p.name for p in self.policies]
        if len(set(names)) != len(names):
            raise ValueError(f"mix: policy names must be unique, got {names}")

    def _inputs(self, policy: MixPolicy, ctx: StageContext) -> list[Path]:
        if not policy.inputs:
            return ctx.inputs
        files = []
        for entry in policy.inputs:
            stage, _, part = entry.partition("/")  # "synth/samples": a stage's side output folder
            if stage not in self.stage_outputs:
                raise KeyError(f"mix '{policy.name}': input stage '{stage}' did not run (ran: {', '.join(self.stage_outputs)})")
            folder = self.stage_outputs[stage] / part if part else self.stage_outputs[stage]
            found = layout.data_files(folder)
            if part and not found:
                raise KeyError(f"mix '{policy.name}': input '{entry}' has no part-*.parquet in {folder}")
            files.extend(found)
        return files

    def run(self, ctx: StageContext) -> list[dict]:
        if not self.policies:
            raise ValueError("mix: no policies configured")
        mixes_dir = self.mixes_dir or ctx.output_dir
        used: dict[str, set[int]] = {}
        mix_summary = {}
        for policy in self.policies:
            files = self._inputs(policy, ctx)
            manifest, used_rows = self._build(policy, files, ctx, mixes_dir / policy.name)
            for file_index, row in used_rows:
                used.setdefault(str(files[file_index]), set()).add(row)
            mix_summary[policy.name] = {"tokens": manifest.tokens, "rows": manifest.rows, "unique_docs": manifest.unique_docs}
        jobs = [_RejectUnused(str(f), np.array(sorted(used.get(str(f), ())), np.int64),
                              str(ctx.output_dir / layout.REJECTS / f"part-{i:05d}.parquet")) for i, f in enumerate(ctx.inputs)]
        counts = ctx.executor.map(_write_unused, jobs, label="mix: unused documents")
        return [{"shards": [], "bytes_out": 0, "counts": c, "summary": {}} for c in counts] + [
            {"shards": [], "bytes_out": 0, "counts": {"rows_in": 0, "kept": 0, "rejected": 0, "by_reason": {}},
             "summary": {"mixes": mix_summary}}]

    def _build(self, policy: MixPolicy, files: list[Path], ctx: StageContext, out_dir: Path):
        started = time.perf_counter()
        repeat_columns = ["dup_count", policy.repeat.score_column] if policy.repeat else ["repeat"]
        wanted = tuple(dict.fromkeys(["id", "source", "tokens", *policy.group_by, *policy.where, *repeat_columns]))
        light = ctx.executor.map(_read_light, [_LightRead(i, str(f), wanted, self.config.tokenizer) for i, f in enumerate(files)],
                                 label=f"mix {policy.name}: plan")
        table = pa.concat_tables(light, promote_options="permissive")
        selected = table.filter(pa.array(where_mask(table, policy.where)))
        if policy.repeat is not None:
            weights, _ = policy.repeat.repeats(selected)
        elif "repeat" in selected.column_names:
            weights = pc.fill_null(selected.column("repeat"), 1.0).to_numpy()
        else:
            weights = np.ones(selected.num_rows)
        allocation = allocate(selected, policy, ctx.seed, weights)

        doc = np.repeat(np.arange(selected.num_rows), allocation.counts)
        epoch = np.concatenate([np.arange(c) for c in allocation.counts]) if len(doc) else np.empty(0, np.int64)
        ids = selected.column("id").to_pylist()
        shuffle_key = uniform_hash([f"{ids[d]}#{e}" for d, e in zip(doc.tolist(), epoch.tolist())], ctx.seed, salt=f"{policy.name}/order")
        order = np.lexsort((doc, shuffle_key))
        doc, epoch = doc[order], epoch[order]

        file_of = selected.column("_file").to_numpy()
        row_of = selected.column("_row").to_numpy()
        tokens = selected.column("tokens").to_numpy()
        available = set().union(*[pq.ParquetFile(f).schema_arrow.names for f in files]) if files else set()
        carry = tuple(c for c in policy.carry_columns if c in available or c == "lang")
        partial = out_dir.parent / f".{out_dir.name}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        jobs = []
        for shard, start in enumerate(range(0, max(len(doc), 1), policy.shard_rows)):
            part = doc[start : start + policy.shard_rows]
            positions = np.arange(len(part))
            sources = tuple((str(files[f]), row_of[part[file_of[part] == f]], positions[file_of[part] == f])
                            for f in np.unique(file_of[part]).tolist())
            jobs.append(ShardWrite(
                path=str(partial / f"part-{shard:05d}.parquet"), curriculum_stage=policy.curriculum_stage, sources=sources,
                epochs=epoch[start : start + policy.shard_rows], groups=allocation.groups[part], tokens=tokens[part],
                carry=carry, row_group_rows=policy.row_group_rows,
            ))
        if len(doc) == 0:
            raise ValueError(f"mix '{policy.name}': no documents selected (where={policy.where}, budget={policy.token_budget})")
        rows = ctx.executor.map(write_mix_shard, jobs, label=f"mix {policy.name}: write")

        total_tokens = int(tokens[doc].sum())
        groups = []
        for g in sorted(allocation.targets):
            members = allocation.groups[doc] == g
            g_tokens = int(tokens[doc][members].sum())
            unique = int(((allocation.groups == g) & (allocation.counts > 0)).sum())
            groups.append(GroupShare(
                group=g, target_share=allocation.targets[g], achieved_share=g_tokens / total_tokens if total_tokens else 0.0,
                tokens=g_tokens, rows=int(members.sum()), unique_docs=unique,
                mean_epochs=float(members.sum() / unique) if unique else 0.0, available_tokens=allocation.available.get(g, 0),
            ))
        sources = np.asarray(selected.column("source").to_pylist(), dtype=object)[doc]
        source_rows = Counter(sources.tolist())
        source_tokens: Counter = Counter()
        for s, t in zip(sources.tolist(), tokens[doc].tolist()):
            source_tokens[s] += t
        repeats = Counter(allocation.counts.tolist())
        manifest = MixManifest(
            mix=policy.name, curriculum_stage=policy.curriculum_stage, group_column=group_column(selected, policy), policy=policy.model_dump(mode="json"),
            policy_hash=layout.config_hash(policy.model_dump(mode="json"), ctx.seed), seed=ctx.seed,
            input_fingerprint=layout.fingerprint_files(files), token_budget=policy.token_budget,
            tokens=total_tokens, rows=len(doc), unique_docs=int((allocation.counts > 0).sum()),
            documents_in=table.num_rows, documents_selected=selected.num_rows, groups=groups,
            rows_per_source=dict(sorted(source_rows.items())), tokens_per_source=dict(sorted(source_tokens.items())),
            repeats={str(k): int(v) for k, v in sorted(repeats.items())}, tokenizer=self.config.tokenizer.describe(),
            shards=[{"name": Path(j.path).name, "rows": r} for j, r in zip(jobs, rows)],
            row_group_rows=policy.row_group_rows, versions=layout.versions(), seconds=round(time.perf_counter() - started, 3),
        )
        layout.write_json_atomic(partial / layout.MANIFEST, manifest.model_dump(mode="json"))
        layout.publish(partial, out_dir)
        used_rows = list(zip(file_of[doc].tolist(), row_of[doc].tolist()))
        return manifest, used_rows
