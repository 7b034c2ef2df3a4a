"""Unicode and whitespace normalisation over whole Arrow arrays (RE2 kernels, no per-row Python)."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from pipeline.stage import StageConfig

# Full-width Latin letters, digits and the ideographic space; CJK punctuation (，。) is kept as it is.
_FULLWIDTH = r"[\x{FF10}-\x{FF19}\x{FF21}-\x{FF3A}\x{FF41}-\x{FF5A}\x{3000}]"
_FULLWIDTH_TABLE = {code: code - 0xFEE0 for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_FULLWIDTH_TABLE[0x3000] = 0x20
# C0/C1 controls except tab and newline, zero-width space, BOM, soft hyphen.
_CONTROL = r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\x{200B}\x{FEFF}\x{00AD}]"


class NormalizeConfig(StageConfig):
    # NFC keeps Chinese full-width punctuation; NFKC also folds compatibility forms (，-> ,), as
    # Dolma and CCNet do for English-centric corpora.
    unicode_form: Literal["NFC", "NFKC", "none"] = "NFC"
    fullwidth_to_halfwidth: bool = Field(True, description="full-width Latin letters and digits to ASCII")
    strip_control: bool = True
    normalize_whitespace: bool = Field(True, description="CRLF to LF, runs of spaces to one, at most one blank line")


def _translate_fullwidth(texts: pa.Array) -> pa.Array:
    mask = pc.match_substring_regex(texts, _FULLWIDTH).to_numpy(zero_copy_only=False)
    if not mask.any():
        return texts
    values = texts.to_pylist()
    for i in np.flatnonzero(mask):
        values[i] = values[i].translate(_FULLWIDTH_TABLE)
    return pa.array(values, pa.string())


def normalize_texts(texts: pa.Array | pa.ChunkedArray, config: NormalizeConfig) -> pa.Array:
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    if config.unicode_form != "none":
        texts = pc.utf8_normalize(texts, config.unicode_form)
    if config.fullwidth_to_halfwidth:
        texts = _translate_fullwidth(texts)
    if config.strip_control:
        texts = pc.replace_substring_regex(texts, _CONTROL, "")
    if config.normalize_whitespace:
        texts = pc.replace_substring_regex(texts, r"\r\n?", "\n")
        # Only runs of 2+ blanks, tabs and no-break spaces match: most single spaces are left alone (fast).
        texts = pc.replace_substring_regex(texts, r"[ \t\x{00A0}]{2,}|[\t\x{00A0}]", " ")
        texts = pc.replace_substring_regex(texts, r" ?\n ?", "\n")
        texts = pc.replace_substring_regex(texts, r"\n{3,}", "\n\n")
        texts = pc.utf8_trim_whitespace(texts)
    return texts
