"""The classifiers' tokeniser: lower case, jieba words for Chinese, letter-digit words for the rest.

One compiled pass over a batch's UTF-8 buffer finds every token as a byte span:
  - a run of Han characters (jieba's range) is cut into jieba's dictionary words (segment.py);
  - a run of letters and digits (ASCII, Latin, Greek, Cyrillic) is one word, so "CT检查" is
    "ct" + "检查" and "covid-19" is "covid" + "19"; punctuation and spaces separate and vanish;
  - other CJK ideographs, kana and Hangul are one token per character;
  - each lower-case ASCII word of 7+ letters also yields its first 5 letters, appended after the
    document's words (a truncation stem: English inflection and Greek/Latin medical roots).
Training writes the spans as space-joined text for fastText; inference hashes the spans directly
(fasttext_engine.py), so both sides see exactly the same tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from classifiers.segment import HAN_FIRST, HAN_LAST, JiebaTable, jieba_table, segment_run
from pipeline.text_kernels import decode_utf8, string_buffers

TOKENIZER_NAME = "medcurate-jieba-words-stems-v1"
STEM_MIN_LETTERS = 7  # English words this long also yield a truncation stem ...
STEM_LETTERS = 5  # ... of this many letters


@numba.njit(cache=True, nogil=True, inline="always")
def _is_word_char(cp):
    return ((48 <= cp <= 57) or (97 <= cp <= 122) or (65 <= cp <= 90)  # ASCII digits and letters
            or (0xC0 <= cp <= 0x24F and cp != 0xD7 and cp != 0xF7)  # Latin-1 and Latin Extended letters
            or (0x370 <= cp <= 0x3FF and cp != 0x37E and cp != 0x387)  # Greek (alpha-blockers, beta-lactam)
            or (0x400 <= cp <= 0x4FF))  # Cyrillic


@numba.njit(cache=True, nogil=True, inline="always")
def _is_single_char_token(cp):
    return ((0x3400 <= cp <= 0x4DBF) or (0x9FD6 <= cp <= 0x9FFF) or (0xF900 <= cp <= 0xFAFF)
            or (0x20000 <= cp <= 0x3134F) or (0x3041 <= cp <= 0x30FF) or (0xAC00 <= cp <= 0xD7AF))


@numba.njit(cache=True, nogil=True)
def token_spans(data, offsets, keys, log_freq, log_total, max_tokens):
    """(starts, ends, doc_offsets): byte spans of every token; doc d owns tokens doc_offsets[d]:[d+1].

    max_tokens > 0 keeps only each document's first max_tokens tokens (and stops reading there)."""
    n_docs = len(offsets) - 1
    capacity = max(1, offsets[n_docs] - offsets[0])
    starts = np.empty(capacity, np.int64)
    ends = np.empty(capacity, np.int64)
    doc_offsets = np.empty(n_docs + 1, np.int64)
    longest = 1
    for d in range(n_docs):
        longest = max(longest, offsets[d + 1] - offsets[d] + 1)
    cps = np.empty(longest, np.int64)
    at = np.empty(longest + 1, np.int64)
    score = np.empty(longest + 1, np.float64)
    nxt = np.empty(longest + 1, np.int64)
    n = 0
    for d in range(n_docs):
        doc_offsets[d] = n
        pos = offsets[d]
        end = offsets[d + 1]
        limit = n + max_tokens if max_tokens > 0 else n + capacity
        while pos < end and n < limit:
            cp, size = decode_utf8(data, pos)
            if HAN_FIRST <= cp <= HAN_LAST:
                m = 0
                while pos < end:
                    cp, size = decode_utf8(data, pos)
                    if not (HAN_FIRST <= cp <= HAN_LAST):
                        break
                    cps[m] = cp
                    at[m] = pos
                    m += 1
                    pos += size
                at[m] = pos
                segment_run(cps, m, keys, log_freq, log_total, score, nxt)
                i = 0
                while i < m and n < limit:
                    j = nxt[i] + 1
                    starts[n] = at[i]
                    ends[n] = at[j]
                    n += 1
                    i = j
            elif _is_word_char(cp):
                start = pos
                while pos < end:
                    cp, size = decode_utf8(data, pos)
                    if not _is_word_char(cp):
                        break
                    pos += size
                starts[n] = start
                ends[n] = pos
                n += 1
            else:
                if _is_single_char_token(cp):
                    starts[n] = pos
                    ends[n] = pos + size
                    n += 1
                pos += size
        # truncation stems: the first letters of each long English word, after the document's words,
        # so "cardiology", "cardiomyopathy" and "cardiac" share a feature (Paice 1994: 5-6 letter
        # truncation stems about as well as Porter for retrieval); word bigrams stay intact
        last = n
        for t in range(doc_offsets[d], last):
            if ends[t] - starts[t] >= STEM_MIN_LETTERS:
                letters = True
                for i in range(starts[t], ends[t]):
                    if not (97 <= data[i] <= 122):
                        letters = False
                        break
                if letters:
                    starts[n] = starts[t]
                    ends[n] = starts[t] + STEM_LETTERS
                    n += 1
    doc_offsets[n_docs] = n
    return starts[:n], ends[:n], doc_offsets


@numba.njit(cache=True, nogil=True)
def _join(data, starts, ends, doc_offsets):
    total = 0
    for t in range(len(starts)):
        total += ends[t] - starts[t] + 1
    out = np.empty(max(total, 1), np.uint8)
    out_offsets = np.empty(len(doc_offsets), np.int64)
    w = 0
    for d in range(len(doc_offsets) - 1):
        out_offsets[d] = w
        for t in range(doc_offsets[d], doc_offsets[d + 1]):
            if t > doc_offsets[d]:
                out[w] = 32
                w += 1
            for i in range(starts[t], ends[t]):
                out[w] = data[i]
                w += 1
    out_offsets[len(doc_offsets) - 1] = w
    return out[:w], out_offsets


@numba.njit(cache=True, nogil=True)
def fasttext_hash(data, start, end):
    """fastText's Dictionary::hash (FNV-1a 32 over bytes read as *signed* char), sign-extended to 64
    bits the way addWordNgrams widens its int32 hashes."""
    h = np.uint64(2166136261)
    for i in range(start, end):
        b = np.uint64(data[i])
        if b >= 128:
            b = b | np.uint64(0xFFFFFF00)
        h = ((h ^ b) * np.uint64(16777619)) & np.uint64(0xFFFFFFFF)
    if h >= np.uint64(0x80000000):
        h = h | np.uint64(0xFFFFFFFF00000000)
    return h


@dataclass
class Tokens:
    data: np.ndarray  # the lower-cased UTF-8 buffer the spans point into
    starts: np.ndarray
    ends: np.ndarray
    doc_offsets: np.ndarray

    def counts(self) -> np.ndarray:
        return np.diff(self.doc_offsets)


class ClassifierTokenizer:
    """Batch tokeniser; `user_dict` adds words to jieba's dictionary (jieba's user-dict format)."""

    def __init__(self, user_dict: str | None = None, max_tokens: int = 0):
        self.user_dict = user_dict
        self.max_tokens = max_tokens  # 0: whole documents
        self.table: JiebaTable = jieba_table(user_dict)

    @property
    def fingerprint(self) -> str:
        return f"{TOKENIZER_NAME}/{self.table.fingerprint}"

    def tokens(self, texts: pa.Array | pa.ChunkedArray | list[str]) -> Tokens:
        if isinstance(texts, list):
            texts = pa.array(texts, pa.large_string())
        data, offsets = string_buffers(pc.utf8_lower(texts))
        starts, ends, doc_offsets = token_spans(data, offsets, self.table.keys, self.table.log_freq,
                                                self.table.log_total, self.max_tokens)
        return Tokens(data, starts, ends, doc_offsets)

    def joined(self, texts: pa.Array | pa.ChunkedArray | list[str]) -> list[str]:
        """Each text as its tokens joined by single spaces (what fastText trains on)."""
        tok = self.tokens(texts)
        out, out_offsets = _join(tok.data, tok.starts, tok.ends, tok.doc_offsets)
        blob = out.tobytes()
        return [blob[out_offsets[i]:out_offsets[i + 1]].decode("utf-8") for i in range(len(out_offsets) - 1)]
