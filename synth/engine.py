"""One synthesis worker: sampled paths in; kept samples, rejected samples (with reasons) and preference
pairs out, as Parquet. The stage maps `run_batch` over path batches, one worker (KG, generator,
verifier, reward model) per Ray actor.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipeline.shards import write_parquet
from schemas.synth import PREFERENCE_PAIR_SCHEMA, SYNTH_SAMPLE_SCHEMA
from schemas.validate import validate_table
from synth.config import SynthConfig
from synth.corruption import CORRUPTIONS, corrupt
from synth.draft import Draft
from synth.generators.base import Generator
from synth.generators.template import TemplateGenerator
from synth.graph import KnowledgeGraph
from synth.linking import EntityLinker
from synth.loaders import load_kg
from synth.paths import PathSample
from synth.reflection import Outcome, ReflectionConfig, Reflector
from synth.verifier import Verifier

SAMPLES = "samples"
PREFERENCES = "preferences"
REWARD_DIR = "reward_model"


def make_generator(config: SynthConfig, kg: KnowledgeGraph, linker: EntityLinker | None = None) -> Generator:
    settings = config.generator
    if settings.kind == "template":
        return TemplateGenerator(kg)
    from synth.generators.llm import LLMGenerator, m1_chat, openai_chat

    if settings.kind == "openai":
        key = os.environ.get(settings.api_key_env) if settings.api_key_env else None
        chat = openai_chat(settings.base_url, settings.model, key, settings.max_tokens, settings.temperature)
        return LLMGenerator(kg, chat, name=f"openai:{settings.model}", linker=linker)
    chat = m1_chat(settings.model_dir, max_new_tokens=settings.max_tokens, temperature=settings.temperature)
    return LLMGenerator(kg, chat, name="m1", linker=linker)


def load_reward_model(config: SynthConfig, directory: str | None):
    if config.reward_backend == "huggingface":
        from synth.reward import HFRewardScorer

        if not directory:
            raise ValueError("synth: reward_backend huggingface needs reward_model (a local model folder)")
        return HFRewardScorer(directory)
    from synth.reward import RewardModel

    return RewardModel.load(Path(directory)) if directory else None


def reward_threshold(config: SynthConfig, model) -> float:
    """The configured threshold, else the trained model's keep threshold, else 0.5."""
    if config.reward_threshold is not None:
        return config.reward_threshold
    report = getattr(model, "report", None) or {}
    return float(report.get("keep_threshold", 0.5))


def quality_from_reward(reward: float, threshold: float) -> float:
    """The reward mapped piecewise-linearly so the keep threshold sits at 0.5, the medium-tier boundary
    mix policies select on (`quality_score: {min: 0.5}` then means "passed the reward check")."""
    if threshold <= 0:
        return 0.5 + 0.5 * reward
    if reward < threshold:
        return 0.5 * reward / threshold
    return 0.5 + 0.5 * (reward - threshold) / (1 - threshold) if threshold < 1 else 1.0


class Worker:
    def __init__(self, config: SynthConfig, reward_dir: str | None):
        self.config = config
        self.kg, _ = load_kg(config.kg)
        self.linker = EntityLinker(self.kg) if config.generator.kind != "template" else None
        self.generator = make_generator(config, self.kg, self.linker)
        self.verifier = Verifier(self.kg, self.linker)
        self.reward_model = load_reward_model(config, reward_dir)
        self.threshold = reward_threshold(config, self.reward_model)
        self.reflector = Reflector(self.generator, self.verifier, self.reward_model,
                                   ReflectionConfig(max_depth=config.max_depth, reward_threshold=self.threshold))


@dataclass(frozen=True)
class Batch:
    index: int
    paths: tuple[PathSample, ...]
    out_dir: str
    seed: int


def simulate_errors(drafts: list[Draft], kg: KnowledgeGraph, rate: float, seed: int) -> list[Draft]:
    """Benchmarks only: a seeded share of first drafts gets one random corruption (a fallible generator)."""
    out = []
    for draft in drafts:
        rng = random.Random(f"{seed}:{draft.path.id}")
        if rng.random() < rate:
            for kind in rng.sample(CORRUPTIONS, len(CORRUPTIONS)):
                bad = corrupt(draft, kind, kg, rng)
                if bad is not None:
                    draft = bad
                    break
        out.append(draft)
    return out


def sample_row(outcome: Outcome, reply_style: str, threshold: float, reason: str | None = None) -> dict:
    draft, path = outcome.final, outcome.final.path
    reward = float(outcome.rewards[-1])
    row = {
        "id": f"synth-{path.id}", "question": draft.question, "options": draft.options,
        "steps": [{"text": s.text, "head": s.head, "relation": s.relation, "tail": s.tail} for s in draft.steps],
        "answer": draft.answer, "lang": path.lang, "department": path.department, "path": path.nodes,
        "question_type": path.question_type, "generator": draft.generator, "reward": reward,
        "verified": not outcome.failures[-1], "reflection_strategy": ">".join(outcome.strategies) or None,
        "attempts": outcome.attempts, "messages": draft.messages(fluent=reply_style == "fluent"),
        "text": draft.document_text(), "source": f"synth/{draft.generator.split(':')[0]}", "is_medical": True,
        "quality_score": quality_from_reward(reward, threshold),
    }
    if reason is not None:
        row["reject_stage"] = "synth"
        row["reject_reason"] = reason
    return row


def _pair(draft: Draft, chosen_reward: float, rejected: Draft, rejected_reward: float, kind: str, reply_style: str) -> dict:
    fluent = reply_style == "fluent"
    prompt, reply = draft.messages(fluent)
    return {"id": f"pair-{draft.path.id}-{kind.replace(':', '-').replace(',', '+')}", "prompt": [prompt], "chosen": [reply],
            "rejected": [rejected.messages(fluent)[1]], "chosen_reward": chosen_reward, "rejected_reward": rejected_reward,
            "rejected_kind": kind, "lang": draft.path.lang, "department": draft.path.department}


def run_batch(worker: Worker, batch: Batch) -> dict:
    config = worker.config
    drafts = [worker.generator.generate(p) for p in batch.paths]
    if config.simulate_error_rate:
        drafts = simulate_errors(drafts, worker.kg, config.simulate_error_rate, batch.seed)
    outcomes = worker.reflector.run(drafts)

    kept, rejected, pairs = [], [], []
    corruptions: list[tuple[Draft, float, Draft, str]] = []
    for outcome in outcomes:
        if not outcome.passed:
            rejected.append(sample_row(outcome, config.reply_style, worker.threshold, outcome.reject_reason()))
            continue
        kept.append(sample_row(outcome, config.reply_style, worker.threshold))
        final = outcome.final
        if outcome.attempts > 1:
            first_kind = ("verifier:" + ",".join(sorted({f.code for f in outcome.failures[0]}))) if outcome.failures[0] else "low_reward"
            pairs.append(_pair(final, outcome.rewards[-1], outcome.drafts[0], outcome.rewards[0], first_kind, config.reply_style))
        rng = random.Random(f"{batch.seed}:pairs:{final.path.id}")
        kinds = rng.sample(CORRUPTIONS, len(CORRUPTIONS))
        made = 0
        for kind in kinds:
            if made >= config.corruption_pairs:
                break
            bad = corrupt(final, kind, worker.kg, rng)
            if bad is not None:
                corruptions.append((final, outcome.rewards[-1], bad, kind))
                made += 1
    if corruptions:
        scores = (worker.reward_model.score([bad.document_text() for _, _, bad, _ in corruptions])
                  if worker.reward_model is not None else np.full(len(corruptions), np.nan))
        for (final, reward, bad, kind), score in zip(corruptions, scores):
            pairs.append(_pair(final, reward, bad, float(score), kind, config.reply_style))

    out = Path(batch.out_dir)
    name = f"part-{batch.index:05d}.parquet"
    if kept:
        write_parquet(validate_table(pa.Table.from_pylist(kept, SYNTH_SAMPLE_SCHEMA), SYNTH_SAMPLE_SCHEMA,
                                     where=f"synth samples {name}"), out / SAMPLES / name)
    if rejected:
        reject_schema = SYNTH_SAMPLE_SCHEMA.append(pa.field("reject_stage", pa.string())).append(pa.field("reject_reason", pa.string()))
        write_parquet(pa.Table.from_pylist(rejected, reject_schema), out / SAMPLES / "rejects" / name)
    if pairs:
        write_parquet(validate_table(pa.Table.from_pylist(pairs, PREFERENCE_PAIR_SCHEMA), PREFERENCE_PAIR_SCHEMA,
                                     where=f"synth preferences {name}"), out / PREFERENCES / name)

    first_pass = sum(1 for o in outcomes if not o.failures[0])
    final_pass = sum(1 for o in outcomes if not o.failures[-1])
    summary = {
        "candidates": len(outcomes), "kept": len(kept), "rejected": len(rejected),
        "by_reason": dict(Counter(r["reject_reason"] for r in rejected)),
        "verifier_pass_first_draft": first_pass, "verifier_pass_final": final_pass,
        "passed_first_try": sum(1 for o in outcomes if o.passed and o.attempts == 1),
        "passed_after_reflection": sum(1 for o in outcomes if o.passed and o.attempts > 1),
        "strategies": dict(Counter(s for o in outcomes for s in o.strategies)),
        "attempts": dict(Counter(str(o.attempts) for o in outcomes)),
        "question_types": dict(Counter(r["question_type"] for r in kept)),
        "departments": dict(Counter(r["department"] or "none" for r in kept)),
        "langs": dict(Counter(r["lang"] for r in kept)),
        "preference_pairs": dict(Counter("reflection" if p["rejected_kind"].startswith(("verifier", "low_reward")) else "corruption"
                                         for p in pairs)),
    }
    if len(kept) + len(rejected) != len(outcomes):
        raise AssertionError(f"synth batch {batch.index}: {len(outcomes)} candidates != {len(kept)} kept + {len(rejected)} rejected")
    return summary
