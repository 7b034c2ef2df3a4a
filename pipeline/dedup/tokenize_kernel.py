"""The tokeniser's inner loop, compiled with numba: one pass over the UTF-8 bytes of a batch.

It does what the Arrow version did in five kernels and two regexes (split on whitespace, cut Han
characters into tokens of their own, trim punctuation from token edges, hash each token), without
building any intermediate string arrays. Semantics, per character (code point):
  - separators: ASCII whitespace and Unicode spaces (Zs, Zl, Zp, U+0085);
  - Han (U+3400-U+9FFF, U+F900-U+FAFF): always a token of its own;
  - anything else joins a run; a run's leading and trailing punctuation is cut, inner punctuation
    stays ("don't", "7.5"); a run of punctuation only is no token.
Token hash: FNV-1a over the token's bytes, then splitmix64 with the byte length mixed in.
"""

from __future__ import annotations

import numba

from pipeline.text_kernels import decode_utf8, hash_bytes


@numba.njit(cache=True, nogil=True, inline="always")
def _is_separator(cp):
    return (cp == 32 or (9 <= cp <= 13) or cp == 0x85 or cp == 0xA0 or cp == 0x1680 or (0x2000 <= cp <= 0x200A)
            or cp == 0x2028 or cp == 0x2029 or cp == 0x202F or cp == 0x205F or cp == 0x3000)


@numba.njit(cache=True, nogil=True)
def tokenize(data, doc_offsets, is_punct, out_hash, out_doc, out_han):
    """Fill out_* (each at least len(data) long) with one entry per token; return the token count."""
    n = 0
    for d in range(len(doc_offsets) - 1):
        pos = doc_offsets[d]
        end = doc_offsets[d + 1]
        core_start = -1
        core_end = -1
        while pos <= end:
            if pos == end:  # end of document: close the open run
                cp = 32
                size = 1
            else:
                cp, size = decode_utf8(data, pos)
            han = (0x3400 <= cp <= 0x9FFF) or (0xF900 <= cp <= 0xFAFF)
            if han or _is_separator(cp):
                if core_start >= 0:
                    out_hash[n] = hash_bytes(data, core_start, core_end)
                    out_doc[n] = d
                    out_han[n] = False
                    n += 1
                    core_start = -1
                if han:
                    out_hash[n] = hash_bytes(data, pos, pos + size)
                    out_doc[n] = d
                    out_han[n] = True
                    n += 1
            elif not (cp < 65536 and is_punct[cp]):
                if core_start < 0:
                    core_start = pos
                core_end = pos + size
            pos += size
    return n
