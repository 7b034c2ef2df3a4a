"""The synth stage: KG paths -> drafts -> verifier + reward model -> self-reflection -> kept samples.

In a run it sits after upsample and passes the documents through unchanged (so later stages read
them as before); what it makes goes beside them:

  <nn>-synth/part-*.parquet           the input documents, unchanged (hard links where possible)
  <nn>-synth/samples/part-*.parquet   kept samples (schemas/synth.py SYNTH_SAMPLE_SCHEMA)
  <nn>-synth/samples/rejects/         samples that failed after reflection, with reject_reason
  <nn>-synth/preferences/             preference pairs (PREFERENCE_PAIR_SCHEMA)
  <nn>-synth/reward_model/            the reward model used, with its held-out pairwise accuracy

A mix policy takes the samples with `inputs: [synth, synth/samples]`. The manifest's summary holds the
synthesis accounting: candidates = kept + rejected, by reason.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import os
import shutil
import zlib
from pathlib import Path

import numpy as np

from pipeline import layout
from pipeline.registry import register
from pipeline.shards import row_count
from pipeline.stage import GlobalStage, StageContext
from synth.config import SynthConfig
from synth.corruption import corruption_pairs
from synth.engine import REWARD_DIR, Batch, Worker, run_batch
from synth.generators.template import TemplateGenerator
from synth.loaders import load_kg
from synth.paths import PathSampler, SamplerConfig


CLEAN_RECALL = 0.95  # share of clean held-out samples the default reward threshold keeps


def sampler_config(config: SynthConfig) -> SamplerConfig:
    return SamplerConfig(question_types=tuple(config.question_types.items()), min_findings=config.min_findings,
                         max_findings=config.max_findings, hub_alpha=config.hub_alpha, group_cap=config.group_cap,
                         num_options=config.num_options, open_ended_share=config.open_ended_share)


def train_default_reward(config: SynthConfig, kg, seed: int, directory: Path) -> dict:
    """Train the Bradley-Terry scorer on corrupted template drafts; evaluate on anchors held out of training."""
    from synth.reward import RewardModel, pairwise_accuracy, train_reward_model

    if (directory / "reward.json").exists():  # a resumed stage keeps the model it trained
        return RewardModel.load(directory).report
    sampler = PathSampler(kg, dataclasses.replace(sampler_config(config), group_cap=10**6))
    paths, _ = sampler.sample(config.reward_train_paths, list(config.langs), seed=seed + 7919)
    generator = TemplateGenerator(kg)
    # Held-out pairs come from anchor diseases never seen in training (from unseen samples on a KG too small for that).
    split = "anchor"
    held = {p.id for p in paths if zlib.crc32(p.anchor.encode()) % 5 == 0}
    if not held or len(held) == len(paths):
        split, held = "sample", {p.id for p in paths if zlib.crc32(p.id.encode()) % 5 == 0}
    train = corruption_pairs([generator.generate(p) for p in paths if p.id not in held], kg, seed)
    test = corruption_pairs([generator.generate(p) for p in paths if p.id in held], kg, seed + 1)
    model = train_reward_model([(c, r) for c, r, _ in train])
    model.report.update({"held_out_split": split, "held_out_pairs": len(test),
                         "held_out_accuracy_by_corruption": pairwise_accuracy(model, test)})
    # BT scores rank well within a pair but overlap across questions: the default keep threshold is the
    # score that CLEAN_RECALL of clean held-out samples reach, with the corrupted share it lets through.
    clean = model.score(sorted({c for c, _, _ in test}))
    corrupted = model.score([r for _, r, _ in test])
    threshold = float(np.quantile(clean, 1 - CLEAN_RECALL)) if len(clean) else 0.5
    model.report.update({"keep_threshold": threshold, "clean_recall": CLEAN_RECALL,
                         "corrupted_kept_at_threshold": float(np.mean(corrupted >= threshold)) if len(corrupted) else None})
    model.save(directory)
    return model.report


def corpus_mentions(kg, inputs: list[Path], limit: int) -> tuple[dict[str, int], int]:
    """(mentions per KG disease, documents read) over up to `limit` input documents (rows the classify
    stage marked medical first), by the alias dictionary."""
    if not limit or not inputs:
        return {}, 0
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from synth.linking import EntityLinker

    texts: list[str] = []
    for medical_first in (True, False):
        for path in inputs:
            names = pq.ParquetFile(path).schema_arrow.names
            table = pq.read_table(path, columns=["text"] + (["is_medical"] if "is_medical" in names else []))
            if "is_medical" in names:
                flag = pc.fill_null(table.column("is_medical"), False)
                table = table.filter(flag if medical_first else pc.invert(flag))
            elif not medical_first:
                continue
            texts.extend(table.column("text").to_pylist()[: limit - len(texts)])
            if len(texts) >= limit:
                break
        if len(texts) >= limit:
            break
    linker = EntityLinker(kg, types=("Disease",))
    counts: dict[str, int] = {}
    for text in texts:
        for mention in linker.link_text(text[:4000]):
            counts[mention.node] = counts.get(mention.node, 0) + 1
    return counts, len(texts)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@register
class SynthStage(GlobalStage):
    name = "synth"
    Config = SynthConfig

    def run(self, ctx: StageContext) -> list[dict]:
        config: SynthConfig = self.config
        results = []
        for i, source in enumerate(ctx.inputs):
            target = ctx.output_dir / f"part-{i:05d}.parquet"
            if not target.exists():
                _link_or_copy(source, target)
            rows = row_count(target)
            results.append({"shards": [], "bytes_out": 0, "counts": {"rows_in": rows, "kept": rows, "rejected": 0, "by_reason": {}}})

        kg, load_report = load_kg(config.kg)
        mentions, documents = corpus_mentions(kg, ctx.inputs, config.link_corpus_docs)
        boost = {node: 1.0 + math.log1p(count) for node, count in mentions.items()}
        paths, path_report = PathSampler(kg, sampler_config(config), boost).sample(config.n, list(config.langs), seed=ctx.seed)
        if not paths:
            raise ValueError(f"synth: no question could be sampled from {config.kg} in {config.langs} "
                             f"({path_report['rejected_paths']}); does the KG have names in these languages?")
        reward_dir = config.reward_model
        reward_report = None
        if reward_dir is None and config.reward_backend == "bt":
            reward_dir = str(ctx.output_dir / REWARD_DIR)
            reward_report = train_default_reward(config, kg, ctx.seed, Path(reward_dir))
        batches = [Batch(index=b, paths=tuple(paths[start : start + config.batch_size]), out_dir=str(ctx.output_dir), seed=ctx.seed)
                   for b, start in enumerate(range(0, len(paths), config.batch_size))]
        summaries = ctx.executor.map(_resumable_batch, batches, label="synth",
                                     state_factory=functools.partial(Worker, config, reward_dir))
        linked = {"documents": documents, "diseases_mentioned": len(mentions),
                  "top": dict(sorted(mentions.items(), key=lambda kv: (-kv[1], kv[0]))[:20])}
        summary = {"synth": {"kg": {**kg.stats(), "load": load_report.as_dict()}, "paths": path_report, "corpus_links": linked,
                             "reward_model": reward_report or {"loaded": reward_dir}}}
        results.append({"shards": [], "bytes_out": 0, "counts": {"rows_in": 0, "kept": 0, "rejected": 0, "by_reason": {}},
                        "summary": summary})
        results += [{"shards": [], "bytes_out": 0, "counts": {"rows_in": 0, "kept": 0, "rejected": 0, "by_reason": {}},
                     "summary": {"synth": s}} for s in summaries]
        return results


def _resumable_batch(worker: Worker, batch: Batch) -> dict:
    """A batch whose outputs and marker exist is not redone (a crashed stage resumes)."""
    key = f"synth-{batch.index:05d}"
    done = layout.done_result(Path(batch.out_dir), key)
    if done is not None:
        return done
    summary = run_batch(worker, batch)
    layout.mark_done(Path(batch.out_dir), key, summary)
    return summary
