"""Synthesis benchmarks on the bundled KG, one process (one core for the generation loop):

- samples/s with the template generator and the verifier, against a MedReason-style anchor in the same
  run over the same questions (link the question's entities, networkx shortest paths from each to the
  answer, paths up to 3 hops rendered as node chains: no relation names, no checks);
- verifier pass rate before and after reflection, with 30% of first drafts corrupted (a fallible
  generator; the template generator itself always passes);
- reward-model pairwise accuracy per corruption, on anchors held out of its training and on fresh pairs;
- departments and question types in a 10k-sample run.

    python -m bench.synth [--n 10000]      # also writes bench/results/synth.json
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

import networkx as nx
import torch

from synth.config import SynthConfig
from synth.corruption import corruption_pairs
from synth.engine import simulate_errors, reward_threshold
from synth.generators.template import TemplateGenerator
from synth.linking import EntityLinker
from synth.loaders import load_kg
from synth.paths import PathSampler
from synth.reflection import ReflectionConfig, Reflector
from synth.reward import RewardModel, pairwise_accuracy
from synth.stage import sampler_config, train_default_reward
from synth.verifier import Verifier

RESULTS = Path(__file__).resolve().parent / "results"


def medreason_style(kg, drafts) -> float:
    """The anchor: per question, entities linked from its text, shortest undirected paths to the answer."""
    linker = EntityLinker(kg)
    graph = nx.Graph(kg.graph)
    start = time.perf_counter()
    for draft in drafts:
        lang, answer = draft.path.lang, draft.path.answer
        chains = []
        for mention in linker.link_text(draft.question):
            try:
                nodes = nx.shortest_path(graph, mention.node, answer)
            except nx.NetworkXNoPath:
                continue
            if len(nodes) <= 4:
                chains.append(" -> ".join(kg.name(n, lang) for n in nodes))
    return len(drafts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    torch.set_num_threads(1)
    kg, _ = load_kg(["bundled"])
    config = SynthConfig(n=args.n)
    out: dict = {"kg": kg.stats()}

    start = time.perf_counter()
    paths, report = PathSampler(kg, sampler_config(config)).sample(args.n, ["zh", "en"], seed=0)
    sample_s = time.perf_counter() - start
    generator, verifier = TemplateGenerator(kg), Verifier(kg)
    start = time.perf_counter()
    drafts = [generator.generate(p) for p in paths]
    generate_s = time.perf_counter() - start
    start = time.perf_counter()
    failures = [verifier.check(d) for d in drafts]
    verify_s = time.perf_counter() - start
    ours = len(paths) / (sample_s + generate_s + verify_s)
    anchor = medreason_style(kg, drafts)
    out["throughput"] = {"samples": len(paths), "sample_s": round(sample_s, 2), "generate_s": round(generate_s, 2),
                         "verify_s": round(verify_s, 2), "samples_per_s": round(ours, 1),
                         "anchor_medreason_style_per_s": round(anchor, 1), "vs_anchor": round(ours / anchor, 2),
                         "verifier_pass": sum(1 for f in failures if not f) / len(failures)}
    out["distribution"] = {"requested": report["requested"], "sampled": report["sampled"],
                           "departments": report["departments"], "question_types": report["question_types"],
                           "langs": dict(Counter(p.lang for p in paths)), "rejected_paths": report["rejected_paths"],
                           "options": dict(Counter("multiple_choice" if p.options else "open" for p in paths))}

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        train_default_reward(config, kg, seed=0, directory=Path(tmp))
        train_s = time.perf_counter() - start
        model = RewardModel.load(Path(tmp))
    fresh = corruption_pairs(drafts[:1000], kg, seed=11)
    out["reward_model"] = {"train_s": round(train_s, 1), "train_pairs": model.report["pairs"],
                           "keep_threshold": model.report["keep_threshold"],
                           "corrupted_kept_at_threshold": model.report["corrupted_kept_at_threshold"],
                           "held_out_split": model.report["held_out_split"],
                           "held_out": model.report["held_out_accuracy_by_corruption"],
                           "fresh_pairs": pairwise_accuracy(model, fresh)}

    subset = drafts[:2000]
    noisy = simulate_errors(subset, kg, 0.3, seed=0)
    start = time.perf_counter()
    threshold = reward_threshold(config, model)
    outcomes = Reflector(generator, verifier, model, ReflectionConfig(reward_threshold=threshold)).run(noisy)
    reflect_s = time.perf_counter() - start
    out["reflection"] = {
        "drafts": len(noisy), "simulated_error_rate": 0.3, "seconds": round(reflect_s, 2), "reward_threshold": round(threshold, 4),
        "verifier_pass_before": sum(1 for o in outcomes if not o.failures[0]) / len(outcomes),
        "verifier_pass_after": sum(1 for o in outcomes if not o.failures[-1]) / len(outcomes),
        "kept_after_reward_and_reflection": sum(1 for o in outcomes if o.passed) / len(outcomes),
        "strategies": dict(Counter(s for o in outcomes for s in o.strategies)),
        "attempts": dict(Counter(o.attempts for o in outcomes)),
        "reject_reasons": dict(Counter(o.reject_reason() for o in outcomes if not o.passed)),
    }
    print(json.dumps(out, indent=2, ensure_ascii=False))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "synth.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
