"""Language identification with lingua (offline), restricted to a candidate set.

Detecting among the allowed languages only would label French as English; the candidate set also
holds common other languages so that they are caught and named in the reject reason.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from pipeline.stage import StageConfig


class LangIdConfig(StageConfig):
    languages: list[str] = Field(["zh", "en"], description="ISO 639-1 codes to keep")
    candidates: list[str] = Field(
        ["zh", "en", "ja", "ko", "fr", "de", "es", "pt", "it", "ru", "ar", "vi"],
        description="languages lingua chooses among; loading all 75 costs 1.3 GB and is 30x slower (ENVIRONMENT.md)",
    )
    # A 300-character prefix (several sentences) decides the language of a page: lingua's accuracy
    # on sentence-length input is already in the high 90s for these languages, and its cost grows
    # with length (3x faster than 1,000 characters here).
    prefix_chars: int = Field(300, gt=0)
    # Script shortcut: a prefix that is mostly Han characters with no kana or Hangul is Chinese;
    # lingua is asked only about the rest. Set to 1.1 to send everything to lingua.
    han_share_for_zh: float = Field(0.3, gt=0, description="Han share of non-space prefix characters")
    min_confidence: float = Field(0.5, ge=0, le=1, description="below this the language counts as undetected")
    trust_source_lang: bool = Field(False, description="keep a `lang` given by the source instead of detecting")


def _language(code: str):
    from lingua import IsoCode639_1, Language

    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
    except AttributeError as error:
        raise ValueError(f"langid: unknown language code '{code}'") from error


class LanguageIdentifier:
    def __init__(self, config: LangIdConfig):
        from lingua import LanguageDetectorBuilder

        self.config = config
        codes = list(dict.fromkeys([*config.languages, *config.candidates]))
        self.detector = LanguageDetectorBuilder.from_languages(*[_language(c) for c in codes]).build()

    def identify(self, texts: pa.Array, given: pa.Array | None = None) -> tuple[pa.Array, pa.Array, pa.Array]:
        """(lang, lang_score, reject reason or null) for each text."""
        prefixes = pc.utf8_slice_codeunits(texts, 0, self.config.prefix_chars)
        han = pc.count_substring_regex(prefixes, r"\p{Han}").to_numpy(zero_copy_only=False)
        kana_hangul = pc.count_substring_regex(prefixes, r"[\p{Hiragana}\p{Katakana}\p{Hangul}]").to_numpy(zero_copy_only=False)
        visible = pc.utf8_length(pc.replace_substring(prefixes, " ", "")).to_numpy(zero_copy_only=False)
        chinese = (kana_hangul == 0) & (han >= self.config.han_share_for_zh * np.maximum(visible, 1)) & (han > 0)
        langs: list[str | None] = ["zh" if c else None for c in chinese]
        scores = [1.0 if c else 0.0 for c in chinese]
        ask = np.flatnonzero(~chinese)
        values_list = prefixes.to_pylist()
        confidences = self.detector.compute_language_confidence_values_in_parallel([values_list[i] for i in ask])
        for i, values in zip(ask.tolist(), confidences):
            best = values[0] if values else None
            if best is None or best.value < self.config.min_confidence:
                scores[i] = best.value if best else 0.0
            else:
                langs[i] = best.language.iso_code_639_1.name.lower()
                scores[i] = float(best.value)
        if self.config.trust_source_lang and given is not None:
            for i, value in enumerate(given.to_pylist()):
                if value:
                    langs[i], scores[i] = value, 1.0
        allowed = set(self.config.languages)
        reasons = [
            "lang_undetected" if lang is None else (None if lang in allowed else f"lang_not_allowed:{lang}")
            for lang in langs
        ]
        return pa.array(langs, pa.string()), pa.array(np.asarray(scores, dtype=np.float64)), pa.array(reasons, pa.string())
