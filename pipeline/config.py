"""The run config (YAML): run settings, sources, the stages to run and their configs, mix policies.

Every key is checked: a typo is an error that names the file and the key, never a silent default.
Relative paths (sources, policies, output_dir) are taken from the current working directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError, field_validator

from pipeline import registry
from pipeline.ingest.stage import SourceConfig
from pipeline.stage import StageConfig

DEFAULT_PIPELINE = ["ingest", "filter", "exact_dedup", "dedup", "upsample", "mix"]


class ConfigError(ValueError):
    """A bad config file or key; the message is one line naming the file and the key."""


class RunSettings(StageConfig):
    name: str = Field("demo", pattern=r"^[A-Za-z0-9_.\-]+$")
    output_dir: str = "runs"
    seed: int = 0
    executor: Literal["ray", "local"] = Field("ray", description="local: in-process, no Ray (debugging, tiny inputs)")
    num_workers: int | None = Field(None, gt=0, description="default: every CPU Ray sees")
    object_store_memory_mb: int = Field(256, gt=0, description="local Ray only; Ray's default takes 30% of RAM")


class RunConfig(StageConfig):
    run: RunSettings = Field(default_factory=RunSettings)
    sources: list[SourceConfig] = Field(default_factory=list)
    pipeline: list[str] = Field(default_factory=lambda: list(DEFAULT_PIPELINE))
    stages: dict[str, dict[str, Any]] = Field(default_factory=dict, description="per-stage config, by stage name")
    mixes: list[str | dict[str, Any]] = Field(default_factory=list, description="mix policies (YAML paths or inline)")

    @field_validator("pipeline")
    @classmethod
    def _known_order(cls, value: list[str]):
        order = list(registry.PIPELINE_ORDER)
        for name in value:
            if name not in order:
                raise ValueError(f"unknown stage '{name}' (stages: {', '.join(order)})")
        positions = [order.index(name) for name in value]
        if positions != sorted(set(positions)):
            raise ValueError(f"stages must be unique and in DAG order: {', '.join(n for n in order if n in value)}")
        return value

    def stage_config(self, name: str) -> StageConfig:
        """The validated config of one stage, with top-level sources and mixes folded in."""
        cls = registry.get(name)
        raw = dict(self.stages.get(name, {}))
        if name == "ingest" and self.sources:
            raw.setdefault("sources", [s.model_dump() for s in self.sources])
        if name == "mix" and self.mixes:
            raw.setdefault("policies", self.mixes)
        try:
            return cls.Config(**raw)
        except ValidationError as error:
            raise ConfigError(format_validation_error(error, None, prefix=f"stages.{name}.")) from None


def format_validation_error(error: ValidationError, where: str | None, prefix: str = "") -> str:
    """One line: `<file>: <dotted.key>: <problem>` for each problem, joined by '; '."""
    parts = []
    for item in error.errors():
        key = prefix + ".".join(str(p) for p in item["loc"])
        line = f"{key}: {item['msg']}" if key else item["msg"]
        parts.append(f"{where}: {line}" if where else line)
    return "; ".join(parts)


def read_yaml(path: str | Path, error: type[Exception] = ConfigError, what: str = "config file") -> Any:
    """The parsed YAML of `path`; a missing file or bad YAML is a one-line `error` naming the file."""
    path = Path(path)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"{path}: {what} does not exist") from None
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None


def load_run_config(path: str | Path, base_dir: Path | None = None) -> RunConfig:
    return parse_run_config(read_yaml(path) or {}, str(path), base_dir)


def parse_run_config(data: dict[str, Any], where: str = "config", base_dir: Path | None = None) -> RunConfig:
    """Validate a config mapping; relative paths are checked against base_dir (default: the working directory)."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the config must be a mapping")
    try:
        config = RunConfig(**data)
    except ValidationError as error:
        raise ConfigError(format_validation_error(error, where)) from None
    unknown = set(config.stages) - set(config.pipeline)
    if unknown:
        raise ConfigError(f"{where}: stages.{sorted(unknown)[0]}: configured but not in pipeline {config.pipeline}")
    for name in config.pipeline:
        try:
            config.stage_config(name)
        except ConfigError as error:
            raise ConfigError(f"{where}: {error}") from None
        except (KeyError, ValueError) as error:
            raise ConfigError(f"{where}: stages.{name}: {error}") from None
    if "mix" in config.pipeline:
        from pipeline.mix.policy import load_policy

        for spec in config.stage_config("mix").policies:
            try:
                load_policy(spec, base_dir or Path.cwd())
            except (ValueError, FileNotFoundError) as error:
                raise ConfigError(f"{where}: mixes: {error}") from None
    return config
