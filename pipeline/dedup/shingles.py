"""Text to shingle hashes for whole batches: normalise, tokenise, n-gram, hash (no per-token Python).

Normalisation: NFKC (folds full-width forms; applied only where needed), lower case, punctuation
(ASCII, Unicode and CJK) cut from token edges, whitespace collapsed by the split. Tokens: whitespace
words, and each Han character (CJK unified ideographs) a token of its own, so Chinese gets character
n-grams and English word n-grams in one pass (the compiled loop in tokenize_kernel.py). A document
uses `char_ngram` when most of its tokens are Han characters, else `ngram` (mixed text follows its
majority script). A document shorter than n tokens is one shingle of all its tokens. A token's hash
depends on its bytes only, so it is the same in every batch, shard and run.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.dedup.tokenize_kernel import tokenize
from pipeline.text_kernels import mix64, string_buffers

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


_PUNCT_TABLE = np.zeros(65536, bool)
_PUNCT_TABLE[[ord(c) for c in PUNCTUATION]] = True


def token_stream(texts: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(token hash, document index, is Han character) for every token of every normalised text."""
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    texts = pc.fill_null(texts, "")
    non_ascii = pc.invert(pc.string_is_ascii(texts))
    lowered = pc.utf8_lower(_nfkc(texts, non_ascii) if pc.any(non_ascii).as_py() else texts)
    data, offsets = string_buffers(lowered)
    capacity = max(int(offsets[-1] - offsets[0]), 1)
    hashes = np.empty(capacity, np.uint64)
    doc = np.empty(capacity, np.int64)
    is_han = np.empty(capacity, np.bool_)
    n = tokenize(data, offsets, _PUNCT_TABLE, hashes, doc, is_han)
    return hashes[:n], doc[:n], is_han[:n]


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
            hashed[at] = mix64(h ^ np.uint64(w))
    return Shingles(doc[starts], hashed, n_docs)
