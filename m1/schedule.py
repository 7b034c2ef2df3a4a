"""Warmup-Stable-Decay learning rate (MiniCPM, Hu et al. 2024), as Baichuan-M1 trained (report §4.2):
linear warm-up to the peak, constant, then a cosine (or linear) decay to a floor."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class WSD:
    peak_lr: float = 4e-4  # M1's peak
    warmup_steps: int = 2000  # M1: 2,000 linear warm-up steps
    stable_steps: int = 0
    decay_steps: int = 0
    final_lr: float = 2e-5  # M1 anneals to the SFT start rate
    decay: str = "cosine"  # or "linear"

    def __post_init__(self):
        if min(self.warmup_steps, self.stable_steps, self.decay_steps) < 0 or self.peak_lr <= 0:
            raise ValueError("WSD: steps must be >= 0 and peak_lr > 0")
        if self.decay not in ("cosine", "linear"):
            raise ValueError(f"WSD: decay must be cosine or linear, not {self.decay!r}")

    def lr(self, step: int) -> float:
        """Learning rate for optimizer step `step` (0-based)."""
        if step < self.warmup_steps:
            return self.peak_lr * (step + 1) / self.warmup_steps
        step -= self.warmup_steps
        if step < self.stable_steps or self.decay_steps == 0:
            return self.peak_lr
        progress = min(1.0, (step - self.stable_steps) / self.decay_steps)
        shape = 0.5 * (1 + math.cos(math.pi * progress)) if self.decay == "cosine" else 1 - progress
        return self.final_lr + (self.peak_lr - self.final_lr) * shape
