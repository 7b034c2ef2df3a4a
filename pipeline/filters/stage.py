"""The filter stage: normalise, identify the language, compute quality stats, then apply thresholds."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, field_validator

from pipeline.filters.langid import LangIdConfig, LanguageIdentifier
from pipeline.filters.normalize import NormalizeConfig, normalize_texts
from pipeline.filters.quality_rules import decide, merge_rules
from pipeline.filters.quality_stats import compute_stats
from pipeline.registry import register
from pipeline.stage import REJECT_REASON, MapStage, StageConfig, put_column
from schemas.annotations import LANG_FIELDS, QUALITY_STAT_FIELDS

# Histogram bin edges (characters) for the report's length distribution.
LENGTH_BINS = [0, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 10**12]


class FilterConfig(StageConfig):
    normalize: NormalizeConfig = Field(default_factory=NormalizeConfig)
    langid: LangIdConfig = Field(default_factory=LangIdConfig)
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict, description="overrides of quality_rules.default_rules()")
    action: Literal["drop", "tag"] = Field("drop", description="tag: compute and keep every row (Dolma's tag-then-filter)")
    reuse_stats: bool = Field(True, description="keep stat_* columns already present instead of recomputing them")

    @field_validator("rules")
    @classmethod
    def _check_rules(cls, value):
        merge_rules(value)  # raises naming the bad rule or key
        return value


@register
class FilterStage(MapStage):
    name = "filter"
    Config = FilterConfig
    adds = LANG_FIELDS + QUALITY_STAT_FIELDS

    def __init__(self, config: FilterConfig | None = None):
        super().__init__(config)
        self.rules = merge_rules(self.config.rules)
        self.identifier = LanguageIdentifier(self.config.langid)

    def process(self, table: pa.Table) -> pa.Table:
        texts = normalize_texts(table.column("text"), self.config.normalize)
        table = table.set_column(table.column_names.index("text"), "text", texts)
        given = table.column("lang").combine_chunks()
        langs, scores, lang_reasons = self.identifier.identify(texts, given)
        table = put_column(table, "lang", langs)
        table = put_column(table, "lang_score", scores)
        have_stats = all(f.name in table.column_names for f in QUALITY_STAT_FIELDS)
        if not (self.config.reuse_stats and have_stats):
            for name, values in compute_stats(texts).items():
                table = put_column(table, name, values)
        reasons = np.asarray(lang_reasons.to_pylist(), dtype=object)
        empty = pc.equal(pc.utf8_length(texts), 0).to_numpy(zero_copy_only=False)
        reasons[empty] = "empty_after_normalize"
        quality = decide(table, self.rules, langs)
        reasons = np.where(reasons == None, quality, reasons)  # noqa: E711
        if self.config.action == "tag":
            reasons[:] = None
        return put_column(table, REJECT_REASON, pa.array(reasons.tolist(), pa.string()))

    def summarize(self, kept: pa.Table) -> dict[str, Any]:
        langs = pc.value_counts(pc.fill_null(kept.column("lang"), "unknown"))
        chars = kept.column("stat_chars").to_numpy()
        hist, _ = np.histogram(chars, bins=LENGTH_BINS)
        by_lang_hist = {}
        for lang in ("zh", "en"):
            mask = pc.equal(kept.column("lang"), lang).to_numpy(zero_copy_only=False)
            by_lang_hist[lang] = np.histogram(chars[mask], bins=LENGTH_BINS)[0].tolist()
        return {
            "lang": {str(v): int(c) for v, c in zip(langs.field("values").to_pylist(), langs.field("counts").to_pylist())},
            "length_hist": {"all": hist.tolist(), **by_lang_hist},
        }

