"""The stage contract: a name, a pydantic config with documented defaults, and one of two shapes.

- MapStage: `process(table) -> table` over one Arrow batch, adding columns and a `reject_reason`
  (null for kept rows). Pure and testable without Ray; the runner maps it over shards.
- GlobalStage: `run(ctx) -> Counts`, free to group across all shards (dedup, mix).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pyarrow as pa
from pydantic import BaseModel, ConfigDict

from schemas.document import DOCUMENT_SCHEMA

REJECT_REASON = "reject_reason"


class StageConfig(BaseModel):
    """Base for stage configs: unknown keys are errors, so a typo never silently falls back to a default."""

    model_config = ConfigDict(extra="forbid")


class MapStage(ABC):
    name: ClassVar[str]
    Config: ClassVar[type[StageConfig]]
    input_schema: ClassVar[pa.Schema] = DOCUMENT_SCHEMA
    adds: ClassVar[list[pa.Field]] = []  # annotation columns this stage adds (from schemas/annotations.py)

    def __init__(self, config: StageConfig | None = None):
        # Heavy state (models, detectors) is built here: the runner builds one stage per worker.
        self.config = config if config is not None else self.Config()

    @abstractmethod
    def process(self, table: pa.Table) -> pa.Table:
        """The batch with the stage's columns added and `reject_reason` set on rows it drops."""

    def summarize(self, kept: pa.Table) -> dict[str, Any]:
        """Additive figures (counts, histograms) about kept rows; summed over shards for the manifest."""
        return {}


@dataclass
class StageContext:
    """What a global stage needs from the runner."""

    inputs: list[Path]  # input Parquet shards, sorted
    output_dir: Path  # a temporary directory, renamed into place by the runner on success
    executor: Any  # pipeline.execution.Executor
    seed: int
    stage_name: str
    work_dir: Path  # scratch space inside output_dir's temp area
    summary: dict[str, Any] = field(default_factory=dict)


class GlobalStage(ABC):
    name: ClassVar[str]
    Config: ClassVar[type[StageConfig]]
    adds: ClassVar[list[pa.Field]] = []

    def __init__(self, config: StageConfig | None = None):
        self.config = config if config is not None else self.Config()

    @abstractmethod
    def run(self, ctx: StageContext) -> list[dict]:
        """Write kept shards to ctx.output_dir and rejects to ctx.output_dir/'rejects'; return one
        result per task: {"shards", "bytes_out", "counts", "summary"} (see map_runner.run_shard)."""


def put_column(table: pa.Table, name: str, values) -> pa.Table:
    """Replace column `name` if present, else append it."""
    if name in table.column_names:
        return table.set_column(table.column_names.index(name), name, values)
    return table.append_column(name, values)
