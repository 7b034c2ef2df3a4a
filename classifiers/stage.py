"""The classify stage: medical vs general, knowledge category, clinical department, quality.

Every row is kept and annotated (classification never drops; thresholds downstream decide). Models
load once per stage instance, which the runner builds once per Ray actor. Text is tokenised once
per batch and all five models run over that one tokenisation (fasttext_engine.py).
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, field_validator

from classifiers.bootstrap.datasets import TASKS
from classifiers.fasttext_engine import MultiModelPredictor
from classifiers.models import default_models_dir, ensure_default_models, load_model_set
from classifiers.scoring import QualityWeights, RoutingConfig, combined_quality, heuristic_score
from classifiers.taxonomy import load_taxonomy
from classifiers.tokenize import ClassifierTokenizer
from pipeline.registry import register
from pipeline.stage import REJECT_REASON, MapStage, StageConfig, put_column
from schemas.annotations import CLASSIFY_FIELDS

log = logging.getLogger(__name__)


class ClassifyConfig(StageConfig):
    models_dir: str | None = Field(
        None, description="folder of <task>.bin models; unset: the bootstrapped defaults (built on first use)")
    models: dict[str, str] = Field(default_factory=dict, description="per-task model file, overriding models_dir")
    taxonomy: str | None = Field(None, description="taxonomy YAML; unset: classifiers/taxonomy.yaml")
    user_dict: str | None = Field(None, description="extra jieba words (jieba user-dict format)")
    max_tokens: int = Field(
        256, ge=0, description="classify each document by its first N words (jieba words for Chinese; 0: "
        "all). 256 words are ~350-400 subword tokens, close to the 512-token window of FineWeb-Edu's "
        "classifier; bench/classify_throughput.py shows what longer windows cost")
    routing: RoutingConfig = Field(default_factory=RoutingConfig)
    quality: QualityWeights = Field(default_factory=QualityWeights)

    @field_validator("models")
    @classmethod
    def _known_tasks(cls, value):
        unknown = set(value) - set(TASKS)
        if unknown:
            raise ValueError(f"unknown task(s) {sorted(unknown)}; tasks: {', '.join(TASKS)}")
        return value


def _labels(best: np.ndarray, present: np.ndarray, dictionary: pa.Array) -> pa.Array:
    """Label strings (null where not present) without a Python object per row."""
    indices = pa.array(best.astype(np.int32), mask=~present)
    return pa.DictionaryArray.from_arrays(indices, dictionary).cast(pa.string())


@register
class ClassifyStage(MapStage):
    name = "classify"
    Config = ClassifyConfig
    adds = CLASSIFY_FIELDS

    def __init__(self, config: ClassifyConfig | None = None):
        super().__init__(config)
        cfg = self.config
        self.taxonomy = load_taxonomy(cfg.taxonomy)
        if cfg.models_dir:
            models_dir = Path(cfg.models_dir)
        elif len(cfg.models) == len(TASKS):
            models_dir = default_models_dir()  # every task overridden: nothing to build
        else:
            models_dir = ensure_default_models()
        self.models = load_model_set(models_dir, cfg.models, self.taxonomy)
        self.tokenizer = ClassifierTokenizer(cfg.user_dict, cfg.max_tokens)
        for task, model in self.models.items():
            if model.info.tokenizer not in ("unknown", self.tokenizer.fingerprint):
                log.warning("classify: the %s model (%s) was trained with tokenizer %s, this stage uses %s; "
                            "its scores will be off", task, model.path, model.info.tokenizer, self.tokenizer.fingerprint)
        self.predictor = MultiModelPredictor(self.models, self.tokenizer, release_inputs=True)
        category_labels = self.models["category"].labels
        medical_categories = set(self.taxonomy.medical_categories)
        self._category_dictionary = pa.array(category_labels, pa.string())
        self._medical_category_mask = np.array([c in medical_categories for c in category_labels])
        self._department_dictionary = pa.array(self.models["department"].labels, pa.string())

    def _positive(self, task: str, label: str, probs: dict[str, np.ndarray]) -> np.ndarray:
        return probs[task][:, self.models[task].labels.index(label)]

    def process(self, table: pa.Table) -> pa.Table:
        routing = self.config.routing
        tokens = self.tokenizer.tokens(table.column("text"))
        probs = self.predictor.predict_tokens(tokens)
        has_words = tokens.counts() > 0  # empty or punctuation-only text: nothing to classify
        n = table.num_rows

        medical_score = np.where(has_words, self._positive("medical", "medical", probs), 0.0)
        is_medical = has_words & (medical_score >= routing.medical_threshold)

        category_probs = probs["category"].copy()
        if routing.consistent_category and self._medical_category_mask.any():
            # medical rows choose among medical categories, general rows among the rest
            allowed = np.where(is_medical[:, None], self._medical_category_mask[None, :],
                               ~self._medical_category_mask[None, :])
            category_probs = np.where(allowed, category_probs, -1.0)
        best_category = category_probs.argmax(axis=1)
        category_score = np.where(has_words, probs["category"][np.arange(n), best_category], np.nan)

        best_department = probs["department"].argmax(axis=1)
        department_score = probs["department"][np.arange(n), best_department]
        has_department = is_medical & (department_score >= routing.department_min_score)
        department_score = np.where(has_department, department_score, np.nan)

        quality_prob = np.where(has_words, self._positive("quality", "hq", probs), 0.0)
        medical_value = np.where(is_medical, self._positive("medical_value", "high", probs), 0.0)
        quality = np.where(has_words, combined_quality(quality_prob, heuristic_score(table), medical_value,
                                                       is_medical, self.config.quality), 0.0)

        columns = {
            "is_medical": pa.array(is_medical, pa.bool_()),
            "medical_score": pa.array(medical_score, pa.float64()),
            "category": _labels(best_category, has_words, self._category_dictionary),
            "category_score": pa.array(category_score, pa.float64(), from_pandas=True),
            "department": _labels(best_department, has_department, self._department_dictionary),
            "department_score": pa.array(department_score, pa.float64(), from_pandas=True),
            "quality_score": pa.array(quality, pa.float64()),
            "medical_value_score": pa.array(medical_value, pa.float64()),
        }
        for name, values in columns.items():
            table = put_column(table, name, values)
        return put_column(table, REJECT_REASON, pa.nulls(n, pa.string()))

    def summarize(self, kept: pa.Table) -> dict[str, Any]:
        def counts(name: str) -> dict[str, int]:
            return dict(Counter(v for v in kept.column(name).to_pylist() if v is not None))

        return {
            "medical_rows": int(pc.sum(kept.column("is_medical")).as_py() or 0),
            "categories": counts("category"),
            "departments": counts("department"),
            "quality_score_sum": float(pc.sum(kept.column("quality_score")).as_py() or 0.0),
        }
