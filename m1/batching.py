"""Rows in and out of one batched decode cache, for continuous batching in `m1 serve`.

Each request is prefilled on its own (so it can reuse the prefix cache) and then joins the running
batch: `merge` left-pads the single-row caches to a common length, with padded keys marked invalid,
and returns the attention mask whose running sum gives every row its own positions. `split` takes rows
back out (a finished request's state goes to the prefix cache; survivors are re-merged when the batch
changes). Between changes the batch steps in place. This is iteration-level scheduling as in Orca
(Yu et al., OSDI 2022), over a padded rather than a paged cache.
"""

from __future__ import annotations

import torch

from m1.modeling import LayerCache, M1Cache


def _left_pad(t: torch.Tensor, length: int, value) -> torch.Tensor:
    missing = length - t.shape[1]
    if not missing:
        return t
    pad = torch.full((t.shape[0], missing, *t.shape[2:]), value, dtype=t.dtype, device=t.device)
    return torch.cat((pad, t), dim=1)


def merge(rows: list[M1Cache]) -> tuple[M1Cache, torch.Tensor]:
    """One batch from unpadded single-row caches: (cache, attention mask [B, seen], 1 = a real token)."""
    seen = max(row.seen for row in rows)
    layers = []
    for per_row in zip(*(row.layers for row in rows)):
        length = max(c.k.shape[1] for c in per_row)
        layers.append(LayerCache(
            conv_k=torch.cat([c.conv_k for c in per_row]), conv_v=torch.cat([c.conv_v for c in per_row]),
            k=torch.cat([_left_pad(c.k, length, 0) for c in per_row]),
            v=torch.cat([_left_pad(c.v, length, 0) for c in per_row]),
            positions=torch.cat([_left_pad(c.positions, length, 0) for c in per_row]),
            valid=torch.cat([_left_pad(c.valid, length, False) for c in per_row])))
    device = layers[0].k.device if layers else None
    mask = torch.zeros(len(rows), seen, dtype=torch.long, device=device)
    for i, row in enumerate(rows):
        mask[i, seen - row.seen:] = 1
    padded = any(row.seen != seen for row in rows)
    return M1Cache(layers=layers, seen=seen, padded=padded), mask


def split(cache: M1Cache, mask: torch.Tensor, row: int) -> M1Cache:
    """Row `row` of a batched cache as its own unpadded cache (copied: the batch may be freed)."""
    seen = int(mask[row].sum())
    layers = []
    for c in cache.layers:
        kept = int(c.valid[row].sum())  # padding is on the left, so the real keys are the last ones
        take = slice(c.k.shape[1] - kept, None)
        layers.append(LayerCache(conv_k=c.conv_k[row:row + 1].clone(), conv_v=c.conv_v[row:row + 1].clone(),
                                 k=c.k[row:row + 1, take].clone(), v=c.v[row:row + 1, take].clone(),
                                 positions=c.positions[row:row + 1, take].clone(),
                                 valid=c.valid[row:row + 1, take].clone()))
    return M1Cache(layers=layers, seen=seen, padded=False)
