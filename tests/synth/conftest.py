"""Synthesis fixtures: the hand-made tiny KG, the bundled KG, and one small reward model per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from synth.loaders import load_kg

TINY_KG = Path(__file__).parent / "tiny_kg.yaml"


@pytest.fixture(scope="session")
def tiny_kg():
    kg, _ = load_kg([str(TINY_KG)])
    return kg


@pytest.fixture(scope="session")
def bundled_kg():
    kg, _ = load_kg(["bundled"])
    return kg


@pytest.fixture(scope="session")
def reward_dir(tmp_path_factory, bundled_kg):
    """A Bradley-Terry reward model trained the stage's way on the bundled KG (small, for speed)."""
    from synth.config import SynthConfig
    from synth.stage import train_default_reward

    directory = tmp_path_factory.mktemp("reward")
    train_default_reward(SynthConfig(reward_train_paths=500), bundled_kg, seed=3, directory=directory)
    return directory
