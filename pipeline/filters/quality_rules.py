"""Thresholds over the quality statistics: the 'decide' half of Data-Juicer's compute/decide split.

Each rule names one stat column, bounds, the languages it applies to, and where its default comes
from. A document is rejected by the first rule it fails, with reason `quality:<rule>`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from pipeline.stage import StageConfig
from schemas.annotations import QUALITY_STAT_FIELDS

GOPHER = "Gopher (Rae et al. 2021, MassiveText quality filters)"
C4 = "C4 (Raffel et al. 2020, section 2.2)"
FINEWEB = "FineWeb (Penedo et al. 2024, custom filters)"
DATA_JUICER = "Data-Juicer (Chen et al. 2024) default op thresholds"


class Rule(StageConfig):
    stat: str
    min: float | None = None
    max: float | None = None
    langs: list[str] | None = Field(None, description="apply only to these detected languages; None = all")
    enabled: bool = True
    source: str = ""


def default_rules() -> dict[str, dict[str, Any]]:
    # Han characters count as words (see quality_stats), so Gopher's word-count bounds carry over to Chinese.
    return {
        "gopher_min_words": dict(stat="stat_words", min=50, source=GOPHER),
        "gopher_max_words": dict(stat="stat_words", max=100_000, source=GOPHER),
        "gopher_mean_word_len": dict(stat="stat_mean_word_len", min=3, max=10, langs=["en"], source=GOPHER),
        "gopher_symbol_word_ratio": dict(stat="stat_symbol_word_ratio", max=0.1, source=GOPHER),
        "gopher_bullet_lines": dict(stat="stat_bullet_line_frac", max=0.9, source=GOPHER),
        "gopher_ellipsis_lines": dict(stat="stat_ellipsis_line_frac", max=0.3, source=GOPHER),
        "gopher_alpha_words": dict(stat="stat_alpha_word_frac", min=0.8, source=GOPHER),
        "gopher_stopwords": dict(stat="stat_stopwords", min=2, source=GOPHER + "; Chinese function characters added"),
        "gopher_dup_lines": dict(stat="stat_dup_line_frac", max=0.3, source=GOPHER),
        "gopher_top_2gram": dict(stat="stat_top_2gram_char_frac", max=0.2, source=GOPHER),
        "gopher_dup_5gram": dict(stat="stat_dup_5gram_char_frac", max=0.15, source=GOPHER),
        "fineweb_dup_line_chars": dict(stat="stat_dup_line_char_frac", max=0.01, source=FINEWEB + " (Gopher's is 0.2)"),
        "fineweb_line_punct": dict(stat="stat_terminal_punct_line_frac", min=0.12, source=FINEWEB),
        "fineweb_short_lines": dict(stat="stat_short_line_frac", max=0.67, langs=["en"],
                                    source=FINEWEB + "; English only, Chinese lines of 30 characters are full sentences"),
        "c4_lorem_ipsum": dict(stat="stat_has_lorem_ipsum", max=0, source=C4),
        "c4_curly_bracket": dict(stat="stat_has_curly_bracket", max=0, source=C4 + "; turn off for code-heavy corpora"),
        "special_chars": dict(stat="stat_special_char_frac", max=0.25, source=DATA_JUICER + " (special_characters_filter)"),
        "replacement_chars": dict(stat="stat_replacement_char_frac", max=0.001,
                                  source="MedCurate: U+FFFD marks text broken by a wrong decoding"),
    }


_STAT_NAMES = {f.name for f in QUALITY_STAT_FIELDS}


def merge_rules(overrides: dict[str, dict[str, Any]] | None) -> dict[str, Rule]:
    """Defaults with the user's overrides applied key by key; a new rule must name its stat."""
    merged = default_rules()
    for name, change in (overrides or {}).items():
        if name not in merged and "stat" not in change:
            raise ValueError(f"filter.rules.{name}: unknown rule; a new rule needs 'stat' (one of the stat_* columns)")
        merged[name] = {**merged.get(name, {}), **change}
    rules = {name: Rule(**spec) for name, spec in merged.items()}
    for name, rule in rules.items():
        if rule.stat not in _STAT_NAMES:
            raise ValueError(f"filter.rules.{name}.stat: '{rule.stat}' is not a quality stat column")
    return rules


def decide(table: pa.Table, rules: dict[str, Rule], langs: pa.Array) -> np.ndarray:
    """Reason (`quality:<rule>`) or None per row; the first failing rule in order wins."""
    n = table.num_rows
    reasons = np.full(n, None, dtype=object)
    lang_values = np.asarray(langs.to_pylist(), dtype=object)
    for name, rule in rules.items():
        if not rule.enabled:
            continue
        column = table.column(rule.stat)
        values = pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False)
        known = ~np.isnan(values)
        failing = np.zeros(n, bool)
        if rule.min is not None:
            failing |= known & (values < rule.min)
        if rule.max is not None:
            failing |= known & (values > rule.max)
        if rule.langs is not None:
            failing &= np.isin(lang_values, rule.langs)
        failing &= reasons == None  # noqa: E711 (elementwise on an object array)
        reasons[failing] = f"quality:{name}"
    return reasons
