"""Encoding detection for raw corpora: UTF-8, UTF-8 with BOM, and GB18030/GBK (common in Chinese corpora).

Detection works line by line on a sample, so one bad line in a UTF-8 file does not make the whole
file look like GB18030 (GB18030 decodes most byte soup, so trying it first would garble good files).
"""

from __future__ import annotations

import codecs

SAMPLE_BYTES = 1 << 16
# A file is taken to be in an encoding when at least this share of its sampled lines decode cleanly.
MIN_CLEAN_LINE_SHARE = 0.9

ALIASES = {"utf8": "utf-8", "utf-8-bom": "utf-8-sig", "gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030"}


def canonical(name: str) -> str:
    """GBK and GB2312 are subsets of GB18030, so decoding them as GB18030 loses nothing."""
    lowered = name.lower().replace("_", "-")
    lowered = ALIASES.get(lowered, lowered)
    codecs.lookup(lowered)  # raises LookupError with the bad name for unknown encodings
    return lowered


def _clean_share(lines: list[bytes], encoding: str) -> float:
    good = 0
    for line in lines:
        try:
            line.decode(encoding)
            good += 1
        except UnicodeDecodeError:
            pass
    return good / len(lines) if lines else 1.0


def detect(sample: bytes) -> str:
    """Best encoding for a file from its first bytes: 'utf-8-sig', 'utf-8', 'gb18030' or a charset-normalizer guess."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    lines = sample.split(b"\n")
    if len(sample) >= SAMPLE_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut mid-character
    lines = [line for line in lines if line.strip()]
    if _clean_share(lines, "utf-8") >= MIN_CLEAN_LINE_SHARE:
        return "utf-8"
    if _clean_share(lines, "gb18030") >= MIN_CLEAN_LINE_SHARE:
        return "gb18030"
    from charset_normalizer import from_bytes

    guess = from_bytes(sample).best()
    return canonical(guess.encoding) if guess is not None else "utf-8"


def decode_lenient(raw: bytes, encoding: str) -> str:
    """For showing a bad record in the rejects: never fails, marks bad bytes with U+FFFD."""
    return raw.decode(encoding, errors="replace")
