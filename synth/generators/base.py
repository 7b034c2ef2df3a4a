"""The generator interface: a sampled KG path in, a Draft out; and a revision given the verifier's findings."""

from __future__ import annotations

from abc import ABC, abstractmethod

from synth.draft import Draft
from synth.paths import PathSample

# Revision strategies, after HuatuoGPT-o1's search: go back to the last sound step and continue,
# reason along a different path, or correct the faulty steps in place.
STRATEGIES = ("backtrack", "explore_new_path", "correction")


class Generator(ABC):
    name: str

    @abstractmethod
    def generate(self, path: PathSample) -> Draft:
        """A first draft for this path."""

    @abstractmethod
    def revise(self, draft: Draft, problems: list[str], strategy: str) -> Draft:
        """A new draft for the same question, told what failed (verifier codes with details) and how to revise."""
