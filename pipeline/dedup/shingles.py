"""Text to shingle hashes for whole batches: normalise, tokenise, n-gram, hash (no per-token Python).

Normalisation: NFKC (folds full-width forms), lower case, punctuation (ASCII, Unicode and CJK) cut
from token edges, whitespace collapsed by the split. Tokens: whitespace words, and each Han character
(CJK unified ideographs) a token of its own, so Chinese gets character n-grams and English word n-grams in one pass; a
document uses `char_ngram` when most of its tokens are Han characters, else `ngram` (mixed text
follows its majority script). A document shorter than n tokens is one shingle of all its tokens.
Token hashes are xxh3-64 of the token's UTF-8, computed once per distinct token in the batch, so a
token hashes alike in every batch, shard and run.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

# Cut from both ends of every token: ASCII punctuation, general and CJK punctuation, full-width forms
# left after NFKC, quotes and brackets.
PUNCTUATION = (
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    "、。〃〈〉《》「」『』【】〔〕〖〗〘〙〚〛〜〝〞〟〰・"
    "‐‑‒–—―‖‗‘’‚‛“”„‟†‡•‣․‥…‧′″‴‵‶‷‸‹›※‼‽‾"
    "，．：；！？（）［］｛｝｟｠｡｢｣､･～"
)


@dataclass
class Shingles:
    doc: np.ndarray  # int64: document (row) index of each shingle, ascending
    hashes: np.ndarray  # uint64: shingle hash, well mixed in all 64 bits
    n_docs: int


def _mix64(z: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every output bit depends on every input bit."""
    with np.errstate(over="ignore"):
        z = z ^ (z >> np.uint64(30))
        z = z * np.uint64(0xBF58476D1CE4E5B9)
        z = z ^ (z >> np.uint64(27))
        z = z * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


# CJK unified ideographs (with extension A and the compatibility block): all 3 bytes in UTF-8.
HAN_RUN = r"[\x{3400}-\x{9FFF}\x{F900}-\x{FAFF}]+"
_HAN_SALT = np.uint64(0x48414E0000000000)


def _string_buffers(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, bytes) of a string array as numpy views."""
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset : array.offset + len(array) + 1]
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8) if array.buffers()[2] is not None else np.empty(0, np.uint8)
    return offsets.astype(np.int64), data


def token_stream(texts: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(token hash, document index, is Han character) for every token of every normalised text.

    Runs of Han characters are cut out with one regex, then split into characters as 3-byte groups
    of their UTF-8 (no per-character regex): a Han character's hash is the mix of its UTF-8 bytes.
    Every other token hashes as xxh3-64 of its UTF-8, once per distinct token.
    """
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    non_ascii = pc.invert(pc.string_is_ascii(texts))
    any_non_ascii = bool(pc.any(non_ascii).as_py())
    lowered = pc.utf8_lower(_nfkc(texts, non_ascii) if any_non_ascii else texts)
    if any_non_ascii:  # ASCII-only batches skip the regexes and the Han-run split
        subset = pc.replace_substring_regex(lowered.filter(non_ascii), r"[\p{Z}\x{0085}]", " ")  # for the ASCII split
        lowered = pc.replace_with_mask(lowered, non_ascii, pc.replace_substring_regex(subset, f"({HAN_RUN})", r" \1 "))
    words = pc.ascii_split_whitespace(lowered)
    flat = pc.utf8_trim(pc.list_flatten(words), characters=PUNCTUATION)
    parents = pc.list_parent_indices(words).to_numpy()
    keep = pc.not_equal(flat, "")
    flat = flat.filter(keep)
    parents = parents[keep.to_numpy(zero_copy_only=False)].astype(np.int64)

    if not any_non_ascii:
        return token_hashes(flat), parents, np.zeros(len(flat), bool)
    is_run = np.zeros(len(flat), bool)
    candidates = np.flatnonzero(~pc.string_is_ascii(flat).to_numpy(zero_copy_only=False))
    if len(candidates):
        is_run[candidates] = pc.match_substring_regex(flat.take(pa.array(candidates)), f"^{HAN_RUN}$").to_numpy(zero_copy_only=False)
    run_chars = np.where(is_run, pc.utf8_length(flat).to_numpy(zero_copy_only=False), 1).astype(np.int64)
    expanded_start = np.r_[0, np.cumsum(run_chars)[:-1]]
    total = int(run_chars.sum())
    hashes = np.empty(total, np.uint64)
    doc = np.repeat(parents, run_chars)
    is_han = np.zeros(total, bool)

    words_only = np.flatnonzero(~is_run)
    hashes[expanded_start[words_only]] = token_hashes(flat.take(pa.array(words_only)) if len(words_only) < len(flat) else flat)
    runs = np.flatnonzero(is_run)
    if len(runs):
        offsets, data = _string_buffers(flat.take(pa.array(runs)))
        triples = data[offsets[0] : offsets[-1]].reshape(-1, 3).astype(np.uint64)
        values = (triples[:, 0] << np.uint64(16)) | (triples[:, 1] << np.uint64(8)) | triples[:, 2]
        positions = np.repeat(expanded_start[runs], run_chars[runs]) + _ranks(run_chars[runs])
        hashes[positions] = _mix64(values ^ _HAN_SALT)
        is_han[positions] = True
    return hashes, doc, is_han


def _nfkc(texts: pa.Array, non_ascii: pa.Array) -> pa.Array:
    """NFKC, applied only to the texts that need it (Python's quick check is far cheaper than a
    normalisation pass, and most Chinese text is already NFKC)."""
    candidates = np.flatnonzero(non_ascii.to_numpy(zero_copy_only=False))
    values = texts.take(pa.array(candidates)).to_pylist()
    needs = [i for i, text in zip(candidates.tolist(), values) if text is not None and not unicodedata.is_normalized("NFKC", text)]
    if not needs:
        return texts
    mask = np.zeros(len(texts), bool)
    mask[needs] = True
    return pc.replace_with_mask(texts, pa.array(mask), pc.utf8_normalize(texts.take(pa.array(needs)), "NFKC"))


def _ranks(lengths: np.ndarray) -> np.ndarray:
    """0..len-1 for each segment length, concatenated."""
    total = int(lengths.sum())
    return np.arange(total) - np.repeat(np.r_[0, np.cumsum(lengths)[:-1]], lengths)


def token_hashes(flat: pa.Array) -> np.ndarray:
    if len(flat) == 0:
        return np.empty(0, np.uint64)
    encoded = pc.dictionary_encode(flat)
    hasher = xxhash.xxh3_64_intdigest
    distinct = np.fromiter((hasher(t.encode("utf-8")) for t in encoded.dictionary.to_pylist()), dtype=np.uint64,
                           count=len(encoded.dictionary))
    return distinct[encoded.indices.to_numpy(zero_copy_only=False)]


def shingle_hashes(texts: pa.Array | pa.ChunkedArray, ngram: int = 5, char_ngram: int = 5) -> Shingles:
    """Every shingle of every document, as (doc index, 64-bit hash)."""
    n_docs = len(texts)
    hashed_tokens, doc, is_han = token_stream(texts)
    count = np.bincount(doc, minlength=n_docs)
    han = np.bincount(doc, weights=is_han, minlength=n_docs)
    n_of_doc = np.where(han * 2 > count, char_ngram, ngram)
    n_of_doc = np.minimum(n_of_doc, np.maximum(count, 1))  # short documents: one shingle of everything
    if len(doc) == 0:
        return Shingles(np.empty(0, np.int64), np.empty(0, np.uint64), n_docs)
    doc_start = np.r_[0, np.cumsum(count)[:-1]]
    position = np.arange(len(doc)) - doc_start[doc]
    n = n_of_doc[doc]
    starts = np.flatnonzero(position + n <= count[doc])
    width = n[starts]
    hashed = np.empty(len(starts), np.uint64)
    with np.errstate(over="ignore"):
        widths = [int(width[0])] if width.min() == width.max() else np.unique(width).tolist()  # no masking below
        for w in widths:
            at = slice(None) if len(widths) == 1 else np.flatnonzero(width == w)
            first = starts[at]
            h = hashed_tokens[first].copy()
            for k in range(1, w):
                h *= np.uint64(0x9E3779B97F4A7C15)
                h += hashed_tokens[first + k]
            hashed[at] = _mix64(h ^ np.uint64(w))
    return Shingles(doc[starts], hashed, n_docs)
