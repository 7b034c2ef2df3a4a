"""Token counts: a real tokenizer (tokenizer.json) when configured, else a documented estimate.

The estimate: 1 token per 1.5 Han characters and 1 token per 4 other non-space characters.
English BPE vocabularies average ~4 characters per token (OpenAI's rule of thumb); Chinese-capable
vocabularies of 100k+ entries such as Baichuan's encode ~1.3-1.7 Han characters per token.
Calibrate against your tokenizer with `medcurate tokens --input DIR --tokenizer tokenizer.json`.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from pipeline.stage import StageConfig


class TokenizerConfig(StageConfig):
    kind: Literal["estimate", "hf_tokenizers"] = "estimate"
    path: str | None = Field(None, description="tokenizer.json for kind=hf_tokenizers")
    han_chars_per_token: float = Field(1.5, gt=0)
    other_chars_per_token: float = Field(4.0, gt=0)

    def describe(self) -> str:
        if self.kind == "hf_tokenizers":
            return f"hf_tokenizers:{self.path}"
        return f"estimate(han/{self.han_chars_per_token}, other/{self.other_chars_per_token})"


class TokenCounter:
    def __init__(self, config: TokenizerConfig):
        self.config = config
        self.tokenizer = None
        if config.kind == "hf_tokenizers":
            if not config.path:
                raise ValueError("tokenizer.path: required when tokenizer.kind is hf_tokenizers")
            from tokenizers import Tokenizer

            self.tokenizer = Tokenizer.from_file(config.path)

    def count(self, texts: pa.Array | pa.ChunkedArray) -> np.ndarray:
        if self.tokenizer is not None:
            encodings = self.tokenizer.encode_batch(texts.to_pylist(), add_special_tokens=False)
            return np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(encodings))
        han = pc.count_substring_regex(texts, r"\p{Han}").to_numpy(zero_copy_only=False)
        non_space = pc.utf8_length(pc.replace_substring_regex(texts, r"\s+", "")).to_numpy(zero_copy_only=False)
        estimate = han / self.config.han_chars_per_token + (non_space - han) / self.config.other_chars_per_token
        return np.maximum(np.ceil(estimate), np.where(non_space > 0, 1, 0)).astype(np.int64)
