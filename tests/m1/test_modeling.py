"""The M1 model on CPU with a tiny config: cache semantics, convolution restarts, windows, checkpoints."""

import json

import pytest
import torch

from m1.config import M1Config
from m1.modeling import M1Cache, M1ForCausalLM

torch.manual_seed(0)


def tiny(**overrides) -> M1Config:
    values = dict(vocab_size=97, hidden_size=32, intermediate_size=48, num_hidden_layers=4,
                  num_attention_heads=2, num_key_value_heads=1, num_swa_attention_heads=4,
                  num_swa_key_value_heads=2, sliding_window=5, sliding_window_layers=[1, 3],
                  max_position_embeddings=256, rope_theta=10000.0)
    values.update(overrides)
    return M1Config(**values)


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(1)
    return M1ForCausalLM(tiny()).eval()


def test_geometry_follows_the_layer_type(model):
    attn = [layer.self_attn for layer in model.model.layers]
    assert attn[0].W_pack.weight.shape == (32 + 2 * 16, 32)  # global: 2 heads x 16, 1 kv head
    assert attn[1].W_pack.weight.shape == (32 + 2 * 2 * 8, 32)  # SWA: 4 heads x 8, 2 kv heads
    assert attn[1].conv_k.shape == (1, 1, 2, 1, 2) and attn[0].conv_v.shape == (1, 1, 1, 1, 2)


def test_token_by_token_and_chunked_prefill_equal_the_full_forward(model):
    ids = torch.randint(0, 97, (2, 13))
    full = model(ids).logits
    for chunk in (1, 3, 5, 13):
        cache = M1Cache()
        pieces = [model(ids[:, i:i + chunk], cache=cache).logits for i in range(0, 13, chunk)]
        assert torch.allclose(torch.cat(pieces, dim=1), full, atol=1e-5), chunk
    # the cache on sliding-window layers keeps window-1 tokens, global layers keep everything
    assert cache.layers[1].k.shape[1] == 4 and cache.layers[0].k.shape[1] == 13


def test_convolution_and_attention_restart_at_document_boundaries(model):
    a, b = torch.randint(0, 97, (1, 6)), torch.randint(0, 97, (1, 7))
    packed = model(torch.cat((a, b), 1), doc_ids=torch.tensor([[0] * 6 + [1] * 7])).logits
    assert torch.allclose(packed[:, :6], model(a).logits, atol=1e-5)
    assert torch.allclose(packed[:, 6:], model(b).logits, atol=1e-5)
    unpacked = model(torch.cat((a, b), 1)).logits
    assert not torch.allclose(unpacked[:, 6:], model(b).logits, atol=1e-3)


def test_sliding_window_edges():
    """One sliding-window layer, window 5, no convolution: position 11 sees positions 7..11 only."""
    torch.manual_seed(2)
    one = M1ForCausalLM(tiny(num_hidden_layers=1, sliding_window_layers=[0], conv_window=1)).eval()
    ids = torch.randint(0, 97, (1, 12))
    out = one(ids).logits
    outside = ids.clone()
    outside[0, 6] = (outside[0, 6] + 1) % 97  # just outside the window of position 11
    assert torch.allclose(one(outside).logits[0, 11], out[0, 11], atol=1e-6)
    inside = ids.clone()
    inside[0, 7] = (inside[0, 7] + 1) % 97  # the oldest position the window includes
    assert not torch.allclose(one(inside).logits[0, 11], out[0, 11], atol=1e-4)


def test_loss_is_the_shifted_cross_entropy(model):
    ids = torch.randint(0, 97, (2, 8))
    labels = ids.clone()
    labels[0, 5] = -100
    out = model(ids, labels=labels)
    expected = torch.nn.functional.cross_entropy(out.logits[:, :-1].reshape(-1, 97), labels[:, 1:].reshape(-1),
                                                 ignore_index=-100)
    assert torch.allclose(out.loss, expected)


def test_left_padded_batch_equals_each_sequence_alone(model):
    short, long = torch.randint(0, 97, (1, 4)), torch.randint(0, 97, (1, 7))
    batch = torch.cat((torch.cat((torch.zeros(1, 3, dtype=torch.long), short), 1), long), 0)
    mask = torch.tensor([[0, 0, 0, 1, 1, 1, 1], [1] * 7])
    out = model(batch, attention_mask=mask).logits
    assert torch.allclose(out[0, 3:], model(short).logits[0], atol=1e-5)
    generated = model.generate(batch, attention_mask=mask, max_new_tokens=4)
    alone = model.generate(short, max_new_tokens=4)
    assert torch.equal(generated[0, 3:], alone[0])


def test_greedy_generate_returns_prompt_plus_argmax_tokens(model):
    prompt = torch.randint(0, 97, (1, 5))
    out = model.generate(prompt, max_new_tokens=6, do_sample=False)
    ids = prompt
    for _ in range(6):
        ids = torch.cat((ids, model(ids).logits[:, -1].argmax(-1, keepdim=True)), 1)
    assert torch.equal(out, ids)
    sampled = model.generate(prompt, max_new_tokens=6, do_sample=True, temperature=0.8, top_p=0.9, top_k=20,
                             generator=torch.Generator().manual_seed(3))
    assert sampled.shape == (1, 11) and torch.equal(sampled[:, :5], prompt)


def test_save_and_load_with_official_names(model, tmp_path):
    model.save_pretrained(tmp_path / "one")
    model.save_pretrained(tmp_path / "sharded", max_shard_bytes=20_000)
    config = json.loads((tmp_path / "one" / "config.json").read_text())
    assert config["model_type"] == "baichuan_m1" and config["sliding_window_layers"] == [1, 3]
    index = json.loads((tmp_path / "sharded" / "model.safetensors.index.json").read_text())
    names = set(index["weight_map"])
    assert {"model.embed_tokens.weight", "lm_head.weight", "model.norm.weight",
            "model.layers.1.self_attn.W_pack.weight", "model.layers.1.self_attn.conv_k",
            "model.layers.0.mlp.gate_proj.weight", "model.layers.3.post_attention_layernorm.weight"} <= names
    assert len(set(index["weight_map"].values())) > 1
    ids = torch.randint(0, 97, (1, 9))
    for folder in ("one", "sharded"):
        again = M1ForCausalLM.from_pretrained(tmp_path / folder).eval()
        assert torch.equal(again(ids).logits, model(ids).logits)


def test_bad_configs_fail_clearly(tmp_path):
    with pytest.raises(ValueError, match="model_type"):
        M1Config(model_type="llama")
    with pytest.raises(ValueError, match="sliding_window_layers"):
        tiny(sliding_window_layers=[9])
    (tmp_path / "config.json").write_text(json.dumps(tiny().to_dict()))
    with pytest.raises(FileNotFoundError, match="model.safetensors"):
        M1ForCausalLM.from_pretrained(tmp_path)


def test_flex_attention_equals_sdpa_on_packed_documents_and_windows():
    """FlexAttention's block mask encodes the same rule as the SDPA mask: causal, per document, window."""
    import warnings

    config = M1Config(vocab_size=97, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
                      num_key_value_heads=1, num_swa_attention_heads=4, num_swa_key_value_heads=2, sliding_window=5,
                      sliding_window_layers=[1])
    torch.manual_seed(0)
    sdpa = M1ForCausalLM(config).eval()
    flex = M1ForCausalLM(config, attn_implementation="flex").eval()
    flex.load_state_dict(sdpa.state_dict())
    ids = torch.randint(0, 97, (2, 40))
    doc_ids = torch.cat([torch.zeros(2, 17, dtype=torch.long), torch.ones(2, 23, dtype=torch.long)], dim=1)
    doc_ids[1, 30:] = 2
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the eager reference implementation warns that it is unfused
        for kwargs in ({}, {"doc_ids": doc_ids}):
            expected = sdpa(ids, **kwargs).logits
            assert torch.allclose(flex(ids, **kwargs).logits, expected, atol=1e-5)
    from torch.nn.attention.flex_attention import create_mask

    from m1.modeling import flex_block_masks

    masks = flex_block_masks(doc_ids, 2, 40, 5, torch.device("cpu"))
    q, k = torch.arange(40)[:, None], torch.arange(40)[None, :]
    same_doc = doc_ids[:, :, None] == doc_ids[:, None, :]
    assert torch.equal(create_mask(masks[False].mask_mod, 2, 1, 40, 40)[:, 0], (q >= k) & same_doc)
    assert torch.equal(create_mask(masks[True].mask_mod, 2, 1, 40, 40)[:, 0], (q >= k) & (q - k < 5) & same_doc)
    # With gradients on CPU (no FlexAttention backward there) training falls back to SDPA: same loss.
    assert torch.allclose(flex(ids, doc_ids=doc_ids, labels=ids).loss, sdpa(ids, doc_ids=doc_ids, labels=ids).loss)
    # Cached decoding and left padding use SDPA whatever the setting: generation is unchanged.
    prompt = torch.randint(0, 97, (1, 9))
    assert torch.equal(flex.generate(prompt, max_new_tokens=6), sdpa.generate(prompt, max_new_tokens=6))
    with pytest.raises(ValueError, match="attn_implementation must be one of"):
        M1ForCausalLM(config, attn_implementation="flash")


def test_unmasked_attention_paths_equal_the_dense_mask(model):
    """Without padding, decode steps and global-layer chunks skip the dense mask (flash-eligible SDPA);
    a cache marked padded forces the dense mask everywhere: both give the same logits."""
    ids = torch.randint(0, 97, (2, 14))
    for chunk in (1, 3, 5):
        fast, dense = M1Cache(), M1Cache(padded=True)
        for i in range(0, 14, chunk):
            a = model(ids[:, i:i + chunk], cache=fast).logits
            b = model(ids[:, i:i + chunk], cache=dense).logits
            assert torch.allclose(a, b, atol=1e-6), (chunk, i)
        assert not fast.padded and dense.padded
    padded_cache = M1Cache()
    model(ids[:, :4], attention_mask=torch.tensor([[0, 1, 1, 1], [1, 1, 1, 1]]), cache=padded_cache)
    assert padded_cache.padded  # left padding stays in the cache: later steps keep the dense mask


def test_compiled_layers_match_eager_loss_and_gradients():
    torch.manual_seed(3)
    eager = M1ForCausalLM(tiny(num_hidden_layers=2, sliding_window_layers=[1]))
    compiled = M1ForCausalLM(tiny(num_hidden_layers=2, sliding_window_layers=[1]))
    compiled.load_state_dict(eager.state_dict())
    compiled.compile_layers()
    ids = torch.randint(0, 97, (2, 16))
    doc_ids = torch.tensor([[0] * 9 + [1] * 7, [0] * 16])
    losses = []
    for net in (eager, compiled):
        loss = net(ids, doc_ids=doc_ids, labels=ids).loss
        loss.backward()
        losses.append(loss.item())
    assert abs(losses[0] - losses[1]) < 1e-5
    for (name, p), q in zip(eager.named_parameters(), compiled.parameters()):
        assert torch.allclose(p.grad, q.grad, atol=1e-5), name
