"""Mix policies: one YAML per curriculum stage (1 general, 2 medical basics, 3 advanced medical reasoning)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from pipeline.stage import StageConfig
from pipeline.upsample import RepeatConfig

OTHER = "_other"  # target key for every group the policy does not name


class MixPolicy(StageConfig):
    name: str = Field(pattern=r"^[A-Za-z0-9_\-]+$")
    curriculum_stage: int = Field(ge=1, le=3)
    description: str = ""
    inputs: list[str] | None = Field(None, description="stage outputs to draw from (`synth/samples`: a stage's side folder); default: the stage before mix")
    where: dict[str, Any] = Field(default_factory=dict, description="column: value | [values] | {min, max, not_in}")
    group_by: list[str] = Field(["source"], description="the first of these columns that exists groups the targets")
    targets: dict[str, float] = Field(default_factory=dict, description=f"share of tokens per group; '{OTHER}' for the rest")
    token_budget: int | None = Field(None, gt=0, description="tokens in the mix; default: every selected token once")
    repeat: RepeatConfig | None = Field(None, description="recompute repeats with these tiers instead of the upsample stage's")
    max_epochs: float = Field(4.0, gt=0, description="Muennighoff et al. 2023: beyond ~4 epochs repeats stop paying")
    redistribute_shortfall: bool = Field(
        True, description="a group that cannot reach its share even at max_epochs gives the rest to the other groups")
    shard_rows: int = Field(50_000, gt=0)
    # ~1k rows (a few MB) per row group: streaming readers (datasets, the M1 loader) read one at a time.
    row_group_rows: int = Field(1024, gt=0)
    carry_columns: list[str] = Field(
        ["lang", "is_medical", "category", "department", "quality_score", "quality_tier", "dup_count"],
        description="annotation columns copied into the mix where they exist",
    )

    @field_validator("targets")
    @classmethod
    def _shares(cls, value: dict[str, float]):
        if any(v < 0 for v in value.values()):
            raise ValueError("targets: shares must be >= 0")
        if sum(value.values()) > 1 + 1e-9:
            raise ValueError(f"targets: shares sum to {sum(value.values()):.4f} > 1")
        return value

    @model_validator(mode="after")
    def _group_by(self):
        if not self.group_by:
            raise ValueError("group_by: give at least one column")
        return self


def load_policy(spec: str | dict[str, Any], base: Path) -> MixPolicy:
    """A policy from a YAML path (relative to base) or an inline dict; errors are one line naming the file."""
    from pipeline.config import format_validation_error

    if isinstance(spec, dict):
        where, data = f"policy '{spec.get('name', '?')}'", spec
    else:
        path = Path(spec) if Path(spec).is_absolute() else base / spec
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise FileNotFoundError(f"mix policy {path} does not exist") from None
        where = str(path)
        if not isinstance(data, dict):
            raise ValueError(f"{path}: a mix policy must be a mapping")
    try:
        return MixPolicy(**data)
    except ValidationError as error:
        raise ValueError(format_validation_error(error, where)) from None
