"""Prefix reuse across requests for `m1 serve`: the model state after earlier prompts (and their
generated replies) is kept, and a new prompt that starts with one of them feeds only what follows.

Multi-turn chat re-sends the whole conversation each turn, and many requests share a system prompt:
both skip the prefill they share. Reuse is exact because the cache accepts any number of new tokens
on top of a stored state (convolution state, global KV, rotating window KV), and a stored state is
never modified: a forward pass builds new per-layer tensors, so a snapshot is a shallow copy.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import torch

from m1.modeling import M1Cache


@dataclass
class Entry:
    cache: M1Cache
    logits: torch.Tensor  # next-token logits after the last stored token


def snapshot(cache: M1Cache) -> M1Cache:
    return M1Cache(layers=list(cache.layers), seen=cache.seen, padded=cache.padded)


class PrefixCache:
    def __init__(self, max_tokens: int = 65536):
        self.max_tokens = max_tokens
        self.entries: OrderedDict[tuple[int, ...], Entry] = OrderedDict()  # least recently used first

    @property
    def tokens(self) -> int:
        return sum(len(key) for key in self.entries)

    def lookup(self, ids: list[int]) -> tuple[int, M1Cache, torch.Tensor | None]:
        """(tokens reused, a cache to continue from, the logits if the whole prompt was stored)."""
        best: tuple[int, ...] | None = None
        for key in self.entries:
            if len(key) <= len(ids) and (best is None or len(key) > len(best)) and tuple(ids[: len(key)]) == key:
                best = key
        if best is None:
            return 0, M1Cache(), None
        self.entries.move_to_end(best)
        entry = self.entries[best]
        return len(best), snapshot(entry.cache), entry.logits if len(best) == len(ids) else None

    def store(self, ids: list[int], cache: M1Cache, logits: torch.Tensor) -> None:
        if not self.max_tokens or len(ids) > self.max_tokens or not ids:
            return
        key = tuple(ids)
        self.entries[key] = Entry(snapshot(cache), logits)
        self.entries.move_to_end(key)
        while self.tokens > self.max_tokens:
            self.entries.popitem(last=False)
