"""Upsample: each document's repeat factor from its quality tier and its duplicate count.

Baichuan-M1 repeats documents by quality and medical value and upsamples by duplicate count (the
more sources carried a text, the more it matters). repeat = tier factor x dup factor, capped at
`max_epochs`; the mix stage turns it into whole repeats.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, model_validator

from pipeline.registry import register
from pipeline.stage import REJECT_REASON, MapStage, StageConfig, put_column
from pipeline.tokens import TokenCounter, TokenizerConfig
from schemas.annotations import UPSAMPLE_FIELDS


class Tier(StageConfig):
    name: str
    min_score: float = Field(description="lowest score (inclusive) in this tier")
    repeat: float = Field(ge=0)


class RepeatConfig(StageConfig):
    score_column: str = Field("quality_score", description="ranks documents into tiers; absent -> every doc in `default_tier`")
    # Tiers follow the M1 report's idea (more epochs for higher quality); the numbers are MedCurate's
    # starting point, in the range DCLM and FineWeb-Edu ablations found useful (up to ~4 epochs).
    tiers: list[Tier] = Field(default_factory=lambda: [
        Tier(name="high", min_score=0.8, repeat=2.0),
        Tier(name="medium", min_score=0.5, repeat=1.0),
        Tier(name="low", min_score=float("-inf"), repeat=0.5),
    ])
    default_tier: str = "medium"
    dup_count_weighting: Literal["none", "log2", "linear"] = Field(
        "log2", description="dup factor: 1 + log2(dup_count) (M1's upsampling by duplicate count, damped)")
    max_epochs: float = Field(4.0, gt=0, description="Muennighoff et al. 2023: up to ~4 epochs of repeats cost little")

    @model_validator(mode="after")
    def _tiers(self):
        names = [t.name for t in self.tiers]
        if self.default_tier not in names:
            raise ValueError(f"default_tier '{self.default_tier}' is not one of the tiers {names}")
        return self

    def repeats(self, table: pa.Table) -> tuple[np.ndarray, list[str]]:
        n = table.num_rows
        tiers = sorted(self.tiers, key=lambda t: -t.min_score)
        if self.score_column in table.column_names:
            scores = pc.cast(table.column(self.score_column), pa.float64()).to_numpy(zero_copy_only=False)
            default = [t.name for t in tiers].index(self.default_tier)
            tier_index = np.full(n, default)  # a document without a score is in the default tier
            scored = ~np.isnan(scores)
            for i, tier in reversed(list(enumerate(tiers))):
                tier_index[scored & (scores >= tier.min_score)] = i
        else:
            tier_index = np.full(n, [t.name for t in tiers].index(self.default_tier))
        base = np.array([t.repeat for t in tiers])[tier_index]
        dup = (pc.fill_null(table.column("dup_count"), 1).to_numpy().astype(np.float64)
               if "dup_count" in table.column_names else np.ones(n))
        if self.dup_count_weighting == "log2":
            factor = 1 + np.log2(np.maximum(dup, 1))
        elif self.dup_count_weighting == "linear":
            factor = np.maximum(dup, 1)
        else:
            factor = np.ones(n)
        return np.minimum(base * factor, self.max_epochs), [tiers[i].name for i in tier_index]


class UpsampleConfig(StageConfig):
    repeat: RepeatConfig = Field(default_factory=RepeatConfig)
    tokenizer: TokenizerConfig = Field(default_factory=TokenizerConfig)


@register
class UpsampleStage(MapStage):
    name = "upsample"
    Config = UpsampleConfig
    adds = UPSAMPLE_FIELDS

    def __init__(self, config: UpsampleConfig | None = None):
        super().__init__(config)
        self.counter = TokenCounter(self.config.tokenizer)

    def process(self, table: pa.Table) -> pa.Table:
        repeats, tiers = self.config.repeat.repeats(table)
        table = put_column(table, "tokens", pa.array(self.counter.count(table.column("text")), pa.int64()))
        table = put_column(table, "quality_tier", pa.array(tiers, pa.string()))
        table = put_column(table, "repeat", pa.array(repeats, pa.float64()))
        return table.append_column(REJECT_REASON, pa.nulls(table.num_rows, pa.string()))

    def summarize(self, kept: pa.Table) -> dict[str, Any]:
        tiers = pc.value_counts(kept.column("quality_tier"))
        return {
            "tokens": int(pc.sum(kept.column("tokens")).as_py() or 0),
            "tiers": {str(v): int(c) for v, c in zip(tiers.field("values").to_pylist(), tiers.field("counts").to_pylist())},
            "expected_epoch_tokens": float(pc.sum(pc.multiply(kept.column("tokens"), kept.column("repeat"))).as_py() or 0),
        }

