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
    # A 1,000-character prefix decides the language of a page: lingua's accuracy saturates well below it.
    prefix_chars: int = Field(1000, gt=0)
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
        prefixes = pc.utf8_slice_codeunits(texts, 0, self.config.prefix_chars).to_pylist()
        confidences = self.detector.compute_language_confidence_values_in_parallel(prefixes)
        langs, scores = [], []
        for values in confidences:
            best = values[0] if values else None
            if best is None or best.value < self.config.min_confidence:
                langs.append(None)
                scores.append(best.value if best else 0.0)
            else:
                langs.append(best.language.iso_code_639_1.name.lower())
                scores.append(float(best.value))
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
