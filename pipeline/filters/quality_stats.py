"""Heuristic quality statistics as columns, computed over whole Arrow batches.

Words: whitespace tokens, with every Han character its own word, so one set of measures serves
English, Chinese and mixed text (Gopher's word rules become character rules for Chinese).
Per-document sums use numpy bincount over the flattened word/line arrays: no per-row Python.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from schemas.annotations import QUALITY_STAT_FIELDS

# Gopher's stop words (Rae et al. 2021, appendix A) and the commonest Chinese function characters.
STOPWORDS = ["the", "be", "to", "of", "and", "that", "have", "with",
             "的", "了", "是", "在", "和", "有", "不", "这", "也", "就", "都", "与", "及", "或", "而", "但"]
BULLET_LINE = r"^\s*(?:[•●○▪▫◦‣∙·*\-–—]|\d{1,2}[.)、])\s"
ELLIPSIS_LINE = r"(?:\.\.\.|…)\s*$"
TERMINAL_PUNCT_LINE = r"[.!?。！？\"”’」』)）:：]\s*$"
SHORT_LINE_CHARS = 30  # FineWeb's short_line_length
SPECIAL_CHAR = r"[^\p{L}\p{N}\p{P}\s]"


def _per_doc(values: np.ndarray, parents: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(parents, weights=values, minlength=n)


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / np.maximum(denominator, 1), 0.0)


def _ngram_hashes(ids: np.ndarray, parents: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(start positions, 64-bit hash) of every word n-gram that does not cross a document boundary."""
    if len(ids) < n:
        return np.empty(0, np.int64), np.empty(0, np.uint64)
    starts = np.flatnonzero(parents[: len(ids) - n + 1] == parents[n - 1 :])
    hashed = parents[starts].astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        for k in range(n):
            hashed = (hashed ^ ids[starts + k].astype(np.uint64)) * np.uint64(0x100000001B3)
    return starts, hashed


def _ngram_stats(ids, word_chars, parents, n_docs, doc_word_chars) -> tuple[np.ndarray, np.ndarray]:
    """Gopher's repetition measures: top 2-gram character share, duplicated 5-gram character share."""
    top2 = np.zeros(n_docs)
    starts, hashed = _ngram_hashes(ids, parents, 2)
    if len(starts):
        _, inverse, counts = np.unique(hashed, return_inverse=True, return_counts=True)
        covered = counts[inverse] * (word_chars[starts] + word_chars[starts + 1])
        covered = np.where(counts[inverse] > 1, covered, 0)
        np.maximum.at(top2, parents[starts], covered)
    dup5 = np.zeros(n_docs)
    starts, hashed = _ngram_hashes(ids, parents, 5)
    if len(starts):
        order = np.lexsort((starts, hashed))
        sorted_hash = hashed[order]
        repeat = np.zeros(len(order), bool)
        repeat[1:] = sorted_hash[1:] == sorted_hash[:-1]  # every occurrence after the first
        marks = np.zeros(len(ids) + 1, np.int64)
        repeated_starts = starts[order][repeat]
        np.add.at(marks, repeated_starts, 1)
        np.add.at(marks, repeated_starts + 5, -1)
        in_repeat = np.cumsum(marks[:-1]) > 0
        dup5 = _per_doc(np.where(in_repeat, word_chars, 0), parents, n_docs)
    return _ratio(top2, doc_word_chars), _ratio(dup5, doc_word_chars)


def compute_stats(texts: pa.Array) -> dict[str, pa.Array]:
    """One array per QUALITY_STAT_FIELDS column for already-normalised texts."""
    n = len(texts)
    lowered = pc.utf8_lower(texts)
    chars = pc.utf8_length(texts).to_numpy(zero_copy_only=False).astype(np.int64)
    han = pc.count_substring_regex(texts, r"\p{Han}").to_numpy(zero_copy_only=False)
    spaces = pc.count_substring_regex(texts, r"\s").to_numpy(zero_copy_only=False)

    # A space before every Han character: each becomes a word, trailing punctuation stays attached
    # to it as it does to English words.
    words = pc.utf8_split_whitespace(pc.replace_substring_regex(lowered, r"(\p{Han})", r" \1"))
    flat = pc.list_flatten(words)
    parents = pc.list_parent_indices(words).to_numpy()
    word_chars = pc.utf8_length(flat).to_numpy(zero_copy_only=False).astype(np.int64)
    nonempty_words = word_chars > 0
    if not nonempty_words.all():
        flat = flat.filter(pa.array(nonempty_words))
        parents, word_chars = parents[nonempty_words], word_chars[nonempty_words]
    is_han = pc.match_substring_regex(flat, r"^\p{Han}").to_numpy(zero_copy_only=False)
    has_alpha = pc.match_substring_regex(flat, r"\p{L}").to_numpy(zero_copy_only=False)
    bare = pc.replace_substring_regex(flat, r"[\p{P}]+$", "")
    is_stop = pc.is_in(bare, value_set=pa.array(STOPWORDS)).to_numpy(zero_copy_only=False)
    ids = pc.dictionary_encode(flat).indices.to_numpy(zero_copy_only=False) if len(flat) else np.empty(0, np.int32)

    n_words = np.bincount(parents, minlength=n).astype(np.int64)
    latin_words = _per_doc(~is_han, parents, n)
    latin_chars = _per_doc(np.where(is_han, 0, word_chars), parents, n)
    doc_word_chars = _per_doc(word_chars, parents, n)
    mean_word_len = np.where(latin_words > 0, latin_chars / np.maximum(latin_words, 1), np.nan)
    top2, dup5 = _ngram_stats(ids, word_chars, parents, n, doc_word_chars)

    symbols = sum(pc.count_substring(texts, s).to_numpy(zero_copy_only=False) for s in ("#", "...", "…"))

    lines = pc.split_pattern(texts, "\n")
    flat_lines = pc.utf8_trim_whitespace(pc.list_flatten(lines))
    line_parents = pc.list_parent_indices(lines).to_numpy()
    line_chars = pc.utf8_length(flat_lines).to_numpy(zero_copy_only=False).astype(np.int64)
    nonempty = line_chars > 0
    n_lines = _per_doc(nonempty, line_parents, n)

    def line_share(pattern: str) -> np.ndarray:
        hits = pc.match_substring_regex(flat_lines, pattern).to_numpy(zero_copy_only=False) & nonempty
        return _ratio(_per_doc(hits, line_parents, n), n_lines)

    dup_lines = np.zeros(n)
    dup_line_chars = np.zeros(n)
    if len(flat_lines):
        line_ids = pc.dictionary_encode(flat_lines).indices.to_numpy(zero_copy_only=False).astype(np.int64)
        keys = (line_parents.astype(np.int64) << 32) | line_ids
        keys = keys[nonempty]
        _, first_index, counts = np.unique(keys, return_index=True, return_counts=True)
        extra = counts - 1  # a line counts as duplicate from its second occurrence (Gopher)
        owner = line_parents[nonempty][first_index]
        dup_lines = np.bincount(owner, weights=extra, minlength=n)
        dup_line_chars = np.bincount(owner, weights=extra * line_chars[nonempty][first_index], minlength=n)
    line_total_chars = _per_doc(line_chars, line_parents, n)

    specials = pc.count_substring_regex(texts, SPECIAL_CHAR).to_numpy(zero_copy_only=False)
    replacement = pc.count_substring(texts, "\ufffd").to_numpy(zero_copy_only=False)
    non_space = np.maximum(chars - spaces, 0)

    columns = {
        "stat_chars": chars,
        "stat_words": n_words,
        "stat_lines": n_lines.astype(np.int64),
        "stat_cjk_frac": _ratio(han, non_space),
        "stat_mean_word_len": mean_word_len,
        "stat_alpha_word_frac": _ratio(_per_doc(has_alpha, parents, n), n_words),
        "stat_symbol_word_ratio": _ratio(symbols, n_words),
        "stat_stopwords": _per_doc(is_stop, parents, n).astype(np.int64),
        "stat_bullet_line_frac": line_share(BULLET_LINE),
        "stat_ellipsis_line_frac": line_share(ELLIPSIS_LINE),
        "stat_terminal_punct_line_frac": line_share(TERMINAL_PUNCT_LINE),
        "stat_short_line_frac": _ratio(_per_doc(nonempty & (line_chars < SHORT_LINE_CHARS), line_parents, n), n_lines),
        "stat_dup_line_frac": _ratio(dup_lines, n_lines),
        "stat_dup_line_char_frac": _ratio(dup_line_chars, line_total_chars),
        "stat_top_2gram_char_frac": top2,
        "stat_dup_5gram_char_frac": dup5,
        "stat_special_char_frac": _ratio(specials, non_space),
        "stat_replacement_char_frac": _ratio(replacement, non_space),
        "stat_has_lorem_ipsum": pc.match_substring(lowered, "lorem ipsum"),
        "stat_has_curly_bracket": pc.match_substring(texts, "{"),
    }
    types = {f.name: f.type for f in QUALITY_STAT_FIELDS}
    out = {}
    for name, values in columns.items():
        if isinstance(values, np.ndarray):
            mask = np.isnan(values) if values.dtype.kind == "f" else None
            out[name] = pa.array(values, type=types[name], mask=mask)
        else:
            out[name] = values.cast(types[name])
    return out
