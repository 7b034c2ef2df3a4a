import random

import pytest

from synth.corruption import corrupt
from synth.draft import Draft
from synth.generators.base import Generator
from synth.generators.template import TemplateGenerator
from synth.paths import PathSampler, SamplerConfig
from synth.reflection import Reflector, ReflectionConfig, choose_strategy
from synth.verifier import Failure, Verifier


@pytest.fixture(scope="module")
def paths(tiny_kg):
    return PathSampler(tiny_kg, SamplerConfig(group_cap=10)).sample(40, ["zh", "en"], seed=21)[0]


def test_reflection_fixes_deliberately_broken_samples(tiny_kg, paths):
    generator, verifier = TemplateGenerator(tiny_kg), Verifier(tiny_kg)
    rng = random.Random(0)
    broken = []
    for path, kind in zip(paths, ["fake_edge", "answer_swap", "steps_shuffled", "text_duplicated", "hop_deleted"] * 8):
        bad = corrupt(generator.generate(path), kind, tiny_kg, rng)
        if bad is not None:
            broken.append(bad)
    assert len(broken) >= 20 and all(verifier.check(d) for d in broken)
    outcomes = Reflector(generator, verifier, None, ReflectionConfig(max_depth=2)).run(broken)
    assert all(o.passed for o in outcomes)
    assert all(o.attempts == 2 and len(o.strategies) == 1 for o in outcomes)
    assert {o.strategies[0] for o in outcomes} == {"correction", "backtrack"}
    for outcome in outcomes:
        assert outcome.final.steps == generator.generate(outcome.final.path).steps
        assert outcome.failures[0] and not outcome.failures[-1]


class _Stubborn(Generator):
    """Keeps returning the broken draft: the loop must stop at max_depth and report it."""

    name = "stubborn"

    def __init__(self, broken: Draft):
        self.broken = broken

    def generate(self, path):
        return self.broken

    def revise(self, draft, problems, strategy):
        assert problems and all(":" in p for p in problems)
        return self.broken


@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_depth_bounds_attempts_and_failures_are_rejected(tiny_kg, paths, depth):
    bad = corrupt(TemplateGenerator(tiny_kg).generate(paths[0]), "answer_swap", tiny_kg, random.Random(1))
    outcome = Reflector(_Stubborn(bad), Verifier(tiny_kg), None, ReflectionConfig(max_depth=depth)).run([bad])[0]
    assert not outcome.passed and outcome.attempts == depth + 1
    assert outcome.reject_reason().startswith("verifier:") and "wrong_answer" in outcome.reject_reason()
    assert len(set(outcome.strategies)) == len(outcome.strategies)  # a strategy that failed is not repeated


def test_strategy_choice_follows_what_failed():
    assert choose_strategy([Failure("edge_not_in_kg", "")], []) == "correction"
    assert choose_strategy([Failure("step_order", "")], []) == "backtrack"
    assert choose_strategy([Failure("format", "")], []) == "explore_new_path"
    assert choose_strategy([Failure("edge_not_in_kg", "")], ["correction"]) == "explore_new_path"
    assert choose_strategy([], []) == "explore_new_path"  # low reward only


class _Scores:
    """A stand-in reward model with fixed scores per draft version (the real one is tested in test_reward)."""

    def __init__(self, values):
        self.values = list(values)

    def score(self, texts):
        return [self.values.pop(0) for _ in texts]


def test_low_reward_alone_triggers_revision_and_rejection(tiny_kg, paths):
    generator, verifier = TemplateGenerator(tiny_kg), Verifier(tiny_kg)
    draft = generator.generate(paths[0])
    low = Reflector(generator, verifier, _Scores([0.1, 0.2, 0.3]), ReflectionConfig(max_depth=2, reward_threshold=0.5)).run([draft])[0]
    assert not low.passed and low.reject_reason() == "low_reward" and low.rewards == [0.1, 0.2, 0.3]
    recovered = Reflector(generator, verifier, _Scores([0.1, 0.9]), ReflectionConfig(max_depth=2)).run([draft])[0]
    assert recovered.passed and recovered.attempts == 2 and recovered.strategies == ["explore_new_path"]
