"""From model probabilities to the classify columns: routing thresholds and the combined quality score.

quality_score mixes three signals, each in [0, 1], with configurable weights (renormalised over the
signals a row has): the DCLM-style fastText quality probability, a heuristic score from the filter
stage's stat_* columns, and, for medical text, the medical-value probability. M1 used quality and
medical value together to decide how often a document repeats; upsample.py turns this score into
tiers and repeats.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from pydantic import Field

from pipeline.stage import StageConfig


class QualityWeights(StageConfig):
    model: float = Field(0.5, ge=0, description="weight of the fastText quality classifier's P(hq)")
    heuristics: float = Field(0.3, ge=0, description="weight of the heuristic score from stat_* columns")
    medical_value: float = Field(0.2, ge=0, description="weight of P(high medical value), medical rows only")


class RoutingConfig(StageConfig):
    medical_threshold: float = Field(0.5, ge=0, le=1, description="medical_score >= this: is_medical")
    department_min_score: float = Field(
        0.0, ge=0, le=1, description="a department scored below this is left null (uncertain)")
    consistent_category: bool = Field(
        True, description="medical rows get the medical category; general rows the best non-medical one")


def _clip(x: np.ndarray) -> np.ndarray:
    return np.clip(np.nan_to_num(x, nan=0.0), 0.0, 1.0)


def heuristic_score(table: pa.Table) -> np.ndarray | None:
    """Mean of sub-scores in [0, 1] from the filter's stats, each pointing the way its rule does
    (Gopher: terminal punctuation, duplicate lines, alphabetic words, symbols; C4: special characters;
    Gopher's stop-word rule, graded). None when the table carries no stats."""
    needed = ["stat_chars", "stat_terminal_punct_line_frac", "stat_dup_line_frac", "stat_alpha_word_frac",
              "stat_symbol_word_ratio", "stat_special_char_frac", "stat_stopwords"]
    if not all(name in table.column_names for name in needed):
        return None

    def col(name):
        return table.column(name).to_numpy(zero_copy_only=False).astype(np.float64)

    parts = [
        _clip(col("stat_terminal_punct_line_frac") / 0.8),
        _clip(1.0 - col("stat_dup_line_frac") / 0.3),
        _clip((col("stat_alpha_word_frac") - 0.5) / 0.4),
        _clip(1.0 - col("stat_symbol_word_ratio") / 0.1),
        _clip(1.0 - col("stat_special_char_frac") / 0.1),
        _clip(col("stat_stopwords") / 10.0),
        _clip(np.log10(np.maximum(col("stat_chars"), 1.0)) / 3.0),  # 1,000+ characters score full
    ]
    return np.mean(parts, axis=0)


def combined_quality(model_prob: np.ndarray, heuristics: np.ndarray | None, medical_value: np.ndarray,
                     is_medical: np.ndarray, weights: QualityWeights) -> np.ndarray:
    total = np.full(len(model_prob), weights.model, np.float64)
    score = weights.model * model_prob
    if heuristics is not None:
        score = score + weights.heuristics * heuristics
        total = total + weights.heuristics
    medical = is_medical.astype(np.float64)
    score = score + weights.medical_value * medical_value * medical
    total = total + weights.medical_value * medical
    return np.divide(score, total, out=np.zeros_like(score), where=total > 0)
