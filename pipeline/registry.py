"""Stage registry: every stage the runner and the CLI know, in curriculum-pipeline order.

Later stages (fuzzy `dedup`, `classify`, `synth`) register here under the names in PIPELINE_ORDER;
a run config lists the stages it wants and the runner executes them in this order.
"""

from __future__ import annotations

import importlib

# The DAG, in order. Each entry: stage name -> module that defines it.
PIPELINE_ORDER: dict[str, str] = {
    "ingest": "pipeline.ingest.stage",
    "filter": "pipeline.filters.stage",
    "exact_dedup": "pipeline.exact_dedup",
    "dedup": "pipeline.dedup.stage",  # fuzzy MinHash LSH (issue 3)
    "classify": "classifiers.stage",  # categories, departments, quality (issue 4)
    "upsample": "pipeline.upsample",
    "synth": "synth.stage",  # KG reasoning synthesis (issue 5)
    "mix": "pipeline.mix.stage",
}

_STAGES: dict[str, type] = {}


def register(cls):
    """Class decorator: make a stage known under its `name`."""
    if cls.name not in PIPELINE_ORDER:
        raise ValueError(f"stage '{cls.name}' is not in PIPELINE_ORDER; add it there to place it in the DAG")
    _STAGES[cls.name] = cls
    return cls


def available() -> list[str]:
    """Names of stages whose module exists in this installation, in DAG order."""
    names = []
    for name, module in PIPELINE_ORDER.items():
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name and module.startswith(error.name):
                continue
            raise
        if name in _STAGES:
            names.append(name)
    return names


def get(name: str) -> type:
    if name not in PIPELINE_ORDER:
        raise KeyError(f"unknown stage '{name}'; stages: {', '.join(PIPELINE_ORDER)}")
    if name not in _STAGES:
        try:
            importlib.import_module(PIPELINE_ORDER[name])
        except ModuleNotFoundError as error:
            raise KeyError(f"stage '{name}' is not installed yet (module {PIPELINE_ORDER[name]} is missing)") from error
    return _STAGES[name]
