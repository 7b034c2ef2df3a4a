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
TRAILING_PUNCT = ".,;:!?\"')]}”’»，。；：！？、）」』"


def _per_doc(values: np.ndarray, parents: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(parents, weights=values, minlength=n)


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / np.maximum(denominator, 1), 0.0)


def _ngram_keys(ids: np.ndarray, parents: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(start positions, sort keys) of every word n-gram that does not cross a document boundary.

    Key = document (high 24 bits) | 40-bit hash of the n-gram's word ids: sorting the keys groups
    each document's equal n-grams without an argsort. A 40-bit collision inside one document of
    ~1,000 n-grams has odds of ~1e-6.
    """
    if len(ids) < n:
        return np.empty(0, np.int64), np.empty(0, np.uint64)
    starts = np.flatnonzero(parents[: len(ids) - n + 1] == parents[n - 1 :])
    hashed = np.full(len(starts), 0xCBF29CE484222325, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            hashed = (hashed ^ ids[starts + k].astype(np.uint64)) * np.uint64(0x100000001B3)
    keys = (parents[starts].astype(np.uint64) << np.uint64(40)) | (hashed >> np.uint64(24))
    return starts, keys


def _runs(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start index and length of each run of equal values in a sorted array."""
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    return starts, np.diff(np.r_[starts, len(sorted_keys)])


def _max_per_doc(values: np.ndarray, docs: np.ndarray, n_docs: int) -> np.ndarray:
    """Per-document maximum of values whose doc ids are sorted ascending (segment reduce)."""
    out = np.zeros(n_docs)
    if len(values):
        starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
        out[docs[starts]] = np.maximum.reduceat(values, starts)
    return out


def _top_2gram_chars(ids, word_chars, parents, n_docs) -> np.ndarray:
    """Characters covered by each document's most frequent repeated word 2-gram (Gopher)."""
    starts, keys = _ngram_keys(ids, parents, 2)
    if not len(starts):
        return np.zeros(n_docs)
    # The 2-gram's length rides in the low 10 bits: equal 2-grams have equal lengths, so grouping holds.
    lengths = np.minimum(word_chars[starts] + word_chars[starts + 1], 1023).astype(np.uint64)
    keys = np.sort(((keys >> np.uint64(10)) << np.uint64(10)) | lengths)
    run_starts, counts = _runs(keys)
    first = keys[run_starts]
    covered = np.where(counts > 1, counts * (first & np.uint64(1023)).astype(np.float64), 0.0)
    return _max_per_doc(covered, (first >> np.uint64(40)).astype(np.int64), n_docs)


def _dup_5gram_chars(ids, word_chars, parents, n_docs) -> np.ndarray:
    """Characters in words covered by a repeated word 5-gram, first occurrences excluded (Gopher)."""
    starts, keys = _ngram_keys(ids, parents, 5)
    if not len(starts):
        return np.zeros(n_docs)
    order = np.argsort(keys, kind="stable")  # by key, then by position
    run_starts, _ = _runs(keys[order])
    later = np.ones(len(order), bool)
    later[run_starts] = False
    repeated_starts = starts[order[later]]
    # Words covered by a repeated 5-gram: +1 at its start, -1 five words later, running sum > 0.
    marks = np.bincount(repeated_starts, minlength=len(ids) + 5) - np.bincount(repeated_starts + 5, minlength=len(ids) + 5)
    in_repeat = np.cumsum(marks[: len(ids)]) > 0
    return _per_doc(np.where(in_repeat, word_chars, 0), parents, n_docs)


def compute_stats(texts: pa.Array | pa.ChunkedArray) -> dict[str, pa.Array]:
    """One array per QUALITY_STAT_FIELDS column for already-normalised texts."""
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    n = len(texts)
    lowered = pc.utf8_lower(texts)
    chars = pc.utf8_length(texts).to_numpy(zero_copy_only=False).astype(np.int64)
    # A space before every Han character: each becomes a word, trailing punctuation stays attached
    # to it as it does to English words. ASCII-only texts skip the regex.
    non_ascii = pc.invert(pc.string_is_ascii(lowered))
    spaced = pc.replace_substring_regex(lowered.filter(non_ascii), r"(\p{Han})", r" \1")
    lowered_spaced = pc.replace_with_mask(lowered, non_ascii, spaced) if len(spaced) else lowered
    words = pc.utf8_split_whitespace(pc.utf8_ltrim_whitespace(lowered_spaced))  # no empty leading word
    flat = pc.list_flatten(words)
    parents = pc.list_parent_indices(words).to_numpy()
    word_chars = pc.utf8_length(flat).to_numpy(zero_copy_only=False).astype(np.int64)
    nonempty_words = word_chars > 0
    if not nonempty_words.all():
        flat = flat.filter(pa.array(nonempty_words))
        parents, word_chars = parents[nonempty_words], word_chars[nonempty_words]
    is_han = pc.match_substring_regex(flat, r"^\p{Han}").to_numpy(zero_copy_only=False)
    has_alpha = pc.match_substring_regex(flat, r"\p{L}").to_numpy(zero_copy_only=False)
    bare = pc.utf8_rtrim(flat, characters=TRAILING_PUNCT)
    is_stop = pc.is_in(bare, value_set=pa.array(STOPWORDS)).to_numpy(zero_copy_only=False)
    ids = pc.dictionary_encode(flat).indices.to_numpy(zero_copy_only=False) if len(flat) else np.empty(0, np.int32)

    n_words = np.bincount(parents, minlength=n).astype(np.int64)
    han = _per_doc(is_han, parents, n)  # every Han character starts a word of its own
    latin_words = _per_doc(~is_han, parents, n)
    latin_chars = _per_doc(np.where(is_han, 0, word_chars), parents, n)
    doc_word_chars = _per_doc(word_chars, parents, n)
    mean_word_len = np.where(latin_words > 0, latin_chars / np.maximum(latin_words, 1), np.nan)
    top2 = _ratio(_top_2gram_chars(ids, word_chars, parents, n), doc_word_chars)
    dup5 = _ratio(_dup_5gram_chars(ids, word_chars, parents, n), doc_word_chars)

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
    non_space = doc_word_chars  # words are exactly the non-whitespace characters

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
