"""Where the models live and how a set of them is loaded and checked against the taxonomy."""

from __future__ import annotations

import os
from pathlib import Path

from classifiers.bootstrap.datasets import TASKS
from classifiers.fasttext_engine import FastTextClassifier
from classifiers.taxonomy import Taxonomy

# The labels each task's model must predict (category and department come from the taxonomy).
BINARY_LABELS = {"medical": ("medical", "general"), "quality": ("hq", "lq"), "medical_value": ("high", "low")}


class ModelSetError(ValueError):
    pass


def default_models_dir() -> Path:
    """$MEDCURATE_MODELS_DIR, else classifiers/models/default inside the checkout (git-ignored)."""
    env = os.environ.get("MEDCURATE_MODELS_DIR")
    return Path(env) if env else Path(__file__).parent / "models" / "default"


def ensure_default_models(models_dir: Path | None = None) -> Path:
    """The default models folder, built from the bootstrap data if it is missing or stale."""
    from classifiers.bootstrap.build import build_default_models

    return build_default_models(models_dir or default_models_dir())


def load_model_set(models_dir: Path, overrides: dict[str, str], taxonomy: Taxonomy) -> dict[str, FastTextClassifier]:
    models = {}
    for task in TASKS:
        path = Path(overrides[task]) if task in overrides else models_dir / f"{task}.bin"
        models[task] = FastTextClassifier(path)
        check_labels(task, models[task], taxonomy)
    return models


def check_labels(task: str, model: FastTextClassifier, taxonomy: Taxonomy) -> None:
    labels = set(model.labels)
    if task in BINARY_LABELS:
        missing = set(BINARY_LABELS[task]) - labels
        if missing:
            raise ModelSetError(f"{model.path}: the {task} model must predict {list(BINARY_LABELS[task])}; "
                                f"it lacks {sorted(missing)}")
        return
    allowed = set(taxonomy.category_ids if task == "category" else taxonomy.department_ids)
    unknown = labels - allowed
    if unknown:
        raise ModelSetError(f"{model.path}: {task} labels {sorted(unknown)[:5]} are not ids in {taxonomy.source}")
