"""Rows of different lengths merged into one padded decode batch step exactly as each row alone."""

import torch

from m1.batching import merge, split
from m1.modeling import M1Cache, M1ForCausalLM
from tests.m1.test_modeling import tiny


def prefilled(model, ids):
    cache = M1Cache()
    logits = model(ids, cache=cache).logits[:, -1]
    return cache, logits


def test_merged_rows_decode_like_each_row_alone():
    torch.manual_seed(4)
    model = M1ForCausalLM(tiny()).eval()  # window 5: rows of 2, 3, 9 and 12 tokens straddle it
    prompts = [torch.randint(0, 97, (1, n)) for n in (9, 2, 12, 3)]
    with torch.no_grad():
        alone = [prefilled(model, p) for p in prompts]
        batch, mask = merge([prefilled(model, p)[0] for p in prompts])
        assert batch.padded and mask.sum(1).tolist() == [9, 2, 12, 3] and mask.shape == (4, 12)
        for step in range(7):
            tokens = torch.randint(0, 97, (4, 1))
            mask = torch.cat((mask, torch.ones_like(tokens)), dim=1)
            batched = model(tokens, attention_mask=mask, cache=batch).logits[:, -1]
            for i, (cache, _) in enumerate(alone):
                own = model(tokens[i:i + 1], cache=cache).logits[:, -1]
                assert torch.allclose(batched[i:i + 1], own, atol=1e-5), (step, i)
        # a row taken back out continues exactly as the row that never left
        row = split(batch, mask, 1)
        assert row.seen == 2 + 7 and not row.padded
        assert row.layers[0].k.shape[1] == 9 and row.layers[1].k.shape[1] == 4  # global: all; window: 4
        token = torch.tensor([[5]])
        assert torch.allclose(model(token, cache=row).logits, model(token, cache=alone[1][0]).logits, atol=1e-5)


def test_rows_of_equal_length_merge_without_padding():
    torch.manual_seed(5)
    model = M1ForCausalLM(tiny()).eval()
    with torch.no_grad():
        batch, mask = merge([prefilled(model, torch.randint(0, 97, (1, 6)))[0] for _ in range(3)])
    assert not batch.padded and bool(mask.all()) and batch.seen == 6
