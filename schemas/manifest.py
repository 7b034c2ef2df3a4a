"""Manifests: what a stage or a mix did, written next to its output as `_manifest.json`."""

from typing import Any

from pydantic import BaseModel, Field

MANIFEST_VERSION = 1


class Counts(BaseModel):
    """Rows in = rows kept + rows rejected, always; `by_reason` sums to `rejected`.

    Reasons that name a row (`duplicate_of:<id>`) are counted by their prefix; others as they are.
    """

    rows_in: int = 0
    kept: int = 0
    rejected: int = 0
    by_reason: dict[str, int] = Field(default_factory=dict)

    def check(self, where: str) -> None:
        if self.rows_in != self.kept + self.rejected:
            raise AssertionError(f"{where}: rows in {self.rows_in} != kept {self.kept} + rejected {self.rejected}")
        if sum(self.by_reason.values()) != self.rejected:
            raise AssertionError(f"{where}: reasons sum to {sum(self.by_reason.values())}, rejected {self.rejected}")


class ShardRecord(BaseModel):
    name: str
    rows: int


class StageManifest(BaseModel):
    manifest_version: int = MANIFEST_VERSION
    stage: str
    index: int
    config: dict[str, Any]
    config_hash: str
    seed: int
    input_fingerprint: str
    output_fingerprint: str = ""
    counts: Counts
    tokens: int | None = None  # tokens kept, where the stage knows them
    bytes_out: int = 0  # UTF-8 bytes of kept text
    shards: list[ShardRecord] = Field(default_factory=list)
    summary: dict[str, Any] = Field(default_factory=dict)  # stage-specific histograms and counts for the report
    versions: dict[str, str] = Field(default_factory=dict)
    seconds: float = 0.0  # wall time of the stage, driver included
    task_seconds: float = 0.0  # worker time inside the stage's tasks
    spine_seconds: float = 0.0  # of which Parquet I/O, schema validation and done markers


class GroupShare(BaseModel):
    group: str
    target_share: float | None
    achieved_share: float
    tokens: int
    rows: int
    unique_docs: int
    mean_epochs: float
    available_tokens: int  # tokens of the group's documents at one epoch each


class MixManifest(BaseModel):
    manifest_version: int = MANIFEST_VERSION
    mix: str
    curriculum_stage: int
    group_column: str
    policy: dict[str, Any]
    policy_hash: str
    seed: int
    input_fingerprint: str
    token_budget: int | None
    tokens: int
    rows: int
    unique_docs: int
    documents_in: int = 0  # documents the policy could draw from
    documents_selected: int = 0  # documents passing its `where`
    groups: list[GroupShare]
    rows_per_source: dict[str, int]
    tokens_per_source: dict[str, int]
    repeats: dict[str, int]  # histogram: epochs of a document -> documents
    tokenizer: str
    shards: list[ShardRecord]
    row_group_rows: int
    versions: dict[str, str] = Field(default_factory=dict)
    seconds: float = 0.0
