"""Self-reflection: drafts that fail the verifier or score under the reward threshold are revised, up to
`max_depth` times, and only passing drafts are kept.

Strategy per round (HuatuoGPT-o1's search, picked from what failed rather than at random):
- correction when steps cite wrong edges, repeat themselves or give the wrong answer;
- backtrack when the chain breaks (order, unused findings, answer not reached): keep the sound prefix;
- explore_new_path when the draft is unusable, or a strategy already failed for it.
Work is batched: every round scores all drafts still open in one reward-model call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from synth.draft import Draft
from synth.generators.base import Generator
from synth.verifier import Failure, Verifier

CORRECTABLE = {"edge_not_in_kg", "wrong_answer", "duplicate_step", "step_text", "type_mismatch", "unknown_entity",
               "question_text"}
CHAIN = {"step_order", "answer_not_derived", "finding_unused"}


@dataclass(frozen=True)
class ReflectionConfig:
    max_depth: int = 2  # HuatuoGPT-o1 revises a failing chain at most twice before giving up on it
    reward_threshold: float = 0.5  # calibrated reward in [0, 1]


@dataclass
class Outcome:
    drafts: list[Draft]  # every version, first to last
    failures: list[list[Failure]]  # per version
    rewards: list[float]  # per version
    strategies: list[str] = field(default_factory=list)
    reward_ok: bool = True

    @property
    def final(self) -> Draft:
        return self.drafts[-1]

    @property
    def passed(self) -> bool:
        return not self.failures[-1] and self.reward_ok

    @property
    def attempts(self) -> int:
        return len(self.drafts)

    def reject_reason(self) -> str:
        if self.failures[-1]:
            return "verifier:" + ",".join(sorted({f.code for f in self.failures[-1]}))
        return "low_reward"


def choose_strategy(failures: list[Failure], tried: list[str]) -> str:
    codes = {f.code for f in failures}
    if codes and codes <= CORRECTABLE and "correction" not in tried:
        return "correction"
    if codes & CHAIN and "backtrack" not in tried:
        return "backtrack"
    if "explore_new_path" not in tried:
        return "explore_new_path"
    return "correction" if "correction" not in tried else "backtrack"


class Reflector:
    def __init__(self, generator: Generator, verifier: Verifier, reward_model, config: ReflectionConfig | None = None):
        self.generator = generator
        self.verifier = verifier
        self.reward_model = reward_model
        self.config = config or ReflectionConfig()

    def _score(self, drafts: list[Draft]) -> list[float]:
        if self.reward_model is None or not drafts:
            return [1.0] * len(drafts)
        return [float(s) for s in self.reward_model.score([d.document_text() for d in drafts])]

    def _fails(self, failures: list[Failure], reward: float) -> bool:
        return bool(failures) or reward < self.config.reward_threshold

    def run(self, drafts: list[Draft]) -> list[Outcome]:
        rewards = self._score(drafts)
        outcomes = []
        for draft, reward in zip(drafts, rewards):
            failures = self.verifier.check(draft)
            outcomes.append(Outcome([draft], [failures], [reward], reward_ok=reward >= self.config.reward_threshold))
        for _ in range(self.config.max_depth):
            open_ = [o for o in outcomes if self._fails(o.failures[-1], o.rewards[-1])]
            if not open_:
                break
            revised = []
            for outcome in open_:
                problems = [str(f) for f in outcome.failures[-1]]
                if not problems:
                    problems = [f"low_reward: {outcome.rewards[-1]:.3f} < {self.config.reward_threshold}"]
                strategy = choose_strategy(outcome.failures[-1], outcome.strategies)
                outcome.strategies.append(strategy)
                revised.append(self.generator.revise(outcome.final, problems, strategy))
            for outcome, draft, reward in zip(open_, revised, self._score(revised)):
                outcome.drafts.append(draft)
                outcome.failures.append(self.verifier.check(draft))
                outcome.rewards.append(reward)
                outcome.reward_ok = reward >= self.config.reward_threshold
        return outcomes
