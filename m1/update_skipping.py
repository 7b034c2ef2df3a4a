"""M1's update skipping on gradient spikes (report Algorithm 1).

Keep the last 100 *accepted* gradient norms. Once 100 are known, a step whose norm exceeds
1.2 x their mean + 0.1 is skipped (no update, norm not recorded), but never two in a row: a second
consecutive spike is applied (a steep region, not bad data). Every accepted step records its norm.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass
class UpdateSkipper:
    history: int = 100
    ratio: float = 1.2
    margin: float = 0.1
    max_consecutive: int = 1
    norms: deque = field(default_factory=deque)
    skipped_in_a_row: int = 0
    skipped_total: int = 0

    def threshold(self) -> float | None:
        if len(self.norms) < self.history:
            return None
        return self.ratio * (sum(self.norms) / len(self.norms)) + self.margin

    def should_skip(self, grad_norm: float) -> bool:
        """Decide for this step, and record the norm if the step is taken."""
        limit = self.threshold()
        if limit is not None and grad_norm > limit and self.skipped_in_a_row < self.max_consecutive:
            self.skipped_in_a_row += 1
            self.skipped_total += 1
            return True
        self.skipped_in_a_row = 0
        self.norms.append(float(grad_norm))
        if len(self.norms) > self.history:
            self.norms.popleft()
        return False

    def state_dict(self) -> dict:
        return {"norms": list(self.norms), "skipped_in_a_row": self.skipped_in_a_row,
                "skipped_total": self.skipped_total}

    def load_state_dict(self, state: dict) -> None:
        self.norms = deque(state["norms"])
        self.skipped_in_a_row = state["skipped_in_a_row"]
        self.skipped_total = state["skipped_total"]
