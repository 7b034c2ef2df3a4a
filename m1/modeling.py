"""Baichuan-M1 in PyTorch (../shared/M1_SPEC.md §2-§4), with the official parameter names.

Per layer: RMSNorm -> attention (fused W_pack; a short causal convolution on K and V before RoPE,
restarting at document boundaries; RoPE over the full head dim; GQA; a sliding window on the
configured layers) -> residual -> RMSNorm -> SwiGLU -> residual. The LM head L2-normalises each
vocabulary row at use (NormHead). Attention runs through PyTorch's SDPA with an explicit boolean
mask (causal, window, document, padding), which is exact on CPU; or, for training and prefill
without padding, through FlexAttention with a block mask built from the same rule
(`attn_implementation="flex"`: blocks that are fully masked, such as those outside a window or
across documents, are skipped; compiled on CUDA; on CPU only without gradients, as its reference
implementation has no CPU backward). Without padding or documents, decode steps and global-layer
chunks need no dense mask: SDPA runs plain or lower-right causal, which its fused kernels take.

The cache (M1Cache) keeps, per layer, the last conv_window-1 *raw* K/V tokens (convolution state)
and the convolved, RoPE'd K/V with their absolute positions; sliding-window layers keep only the
last sliding_window-1 tokens. Any number of tokens may be fed into a non-empty cache (chunked
prefill, multi-turn reuse): the convolution reads its left context from the stored raw tokens, not
from a single "last" token, which is what the official remote code gets wrong.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.attention import SDPBackend, sdpa_kernel
from torch.nn.attention.bias import causal_lower_right

from m1.config import M1Config

ATTENTION_KERNELS = ("sdpa", "flex")
DECODE_KERNELS = [SDPBackend.FLASH_ATTENTION, SDPBackend.EFFICIENT_ATTENTION, SDPBackend.MATH]
WEIGHTS = "model.safetensors"
WEIGHTS_INDEX = "model.safetensors.index.json"


class RMSNorm(nn.Module):
    def __init__(self, size: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        variance = x.float().pow(2).mean(-1, keepdim=True)
        return (x.float() * torch.rsqrt(variance + self.eps)).to(self.weight.dtype) * self.weight


class MLP(nn.Module):
    def __init__(self, config: M1Config):
        super().__init__()
        self.gate_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.up_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.down_proj = nn.Linear(config.intermediate_size, config.hidden_size, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


def apply_rope(x: torch.Tensor, positions: torch.Tensor, theta: float) -> torch.Tensor:
    """Rotate-half (GPT-NeoX) RoPE over the full head dim, in fp32. x: [B, L, H, D]; positions: [B, L]."""
    dim = x.shape[-1]
    inv_freq = theta ** (-torch.arange(0, dim, 2, device=x.device, dtype=torch.float32) / dim)
    angles = positions.float()[..., None] * inv_freq  # [B, L, D/2]
    cos = torch.cat((angles.cos(), angles.cos()), dim=-1)[:, :, None, :]
    sin = torch.cat((angles.sin(), angles.sin()), dim=-1)[:, :, None, :]
    xf = x.float()
    return (xf * cos + rotate_half(xf) * sin).to(x.dtype)


@dataclass
class LayerCache:
    conv_k: torch.Tensor  # [B, W-1, Hkv, D] raw K of the last W-1 tokens (zeros before any)
    conv_v: torch.Tensor
    k: torch.Tensor  # [B, T, Hkv, D] convolved, RoPE'd keys
    v: torch.Tensor
    positions: torch.Tensor  # [B, T] absolute positions of the cached keys
    valid: torch.Tensor  # [B, T] False for padding


@dataclass
class M1Cache:
    layers: list[LayerCache | None] = field(default_factory=list)
    seen: int = 0  # tokens fed so far (padding included)
    padded: bool = False  # some cached key is padding (an attention_mask with zeros was given)

    def bytes(self) -> int:
        return sum(t.numel() * t.element_size() for c in self.layers if c is not None
                   for t in (c.conv_k, c.conv_v, c.k, c.v))


class Attention(nn.Module):
    def __init__(self, config: M1Config, layer: int):
        super().__init__()
        self.config = config
        self.sliding = config.is_sliding(layer)
        self.heads, self.kv_heads, self.head_dim = config.geometry(layer)
        width = (self.heads + 2 * self.kv_heads) * self.head_dim
        self.W_pack = nn.Linear(config.hidden_size, width, bias=False)
        self.o_proj = nn.Linear(self.heads * self.head_dim, config.hidden_size, bias=False)
        # one scalar tap per (kv head, time offset), shared across the head's channels; last tap = current token
        taps = torch.softmax(torch.randn(self.kv_heads, config.conv_window), dim=-1)
        self.conv_k = nn.Parameter(taps.view(1, 1, self.kv_heads, 1, config.conv_window).clone())
        self.conv_v = nn.Parameter(torch.softmax(torch.randn(self.kv_heads, config.conv_window), dim=-1)
                                   .view(1, 1, self.kv_heads, 1, config.conv_window))

    def _convolve(self, raw: torch.Tensor, state: torch.Tensor | None, taps: torch.Tensor,
                  doc_ids: torch.Tensor | None) -> tuple[torch.Tensor, torch.Tensor]:
        """Causal conv over time of raw [B, L, Hkv, D]; left context from `state` (stored raw tokens).
        Returns (convolved, new state = the last W-1 raw tokens)."""
        window = self.config.conv_window
        batch, length = raw.shape[:2]
        if state is None:
            state = raw.new_zeros(batch, window - 1, self.kv_heads, self.head_dim)
        history = torch.cat((state, raw), dim=1)  # [B, W-1+L, Hkv, D]
        taps = taps.view(self.kv_heads, window).to(raw.dtype)
        out = raw * taps[:, window - 1][None, None, :, None]
        for shift in range(1, window):
            previous = history[:, window - 1 - shift: window - 1 - shift + length]
            if doc_ids is not None:  # restart at document boundaries inside the chunk
                same = torch.ones(batch, length, dtype=torch.bool, device=raw.device)
                same[:, shift:] = doc_ids[:, shift:] == doc_ids[:, :-shift]
                previous = previous * same[:, :, None, None]
            out = out + previous * taps[:, window - 1 - shift][None, None, :, None]
        return out, history[:, history.shape[1] - (window - 1):]

    def forward(self, x: torch.Tensor, positions: torch.Tensor, valid: torch.Tensor,
                doc_ids: torch.Tensor | None, cache: LayerCache | None,
                flex_masks: dict | None = None, unpadded: bool = False) -> tuple[torch.Tensor, LayerCache]:
        batch, length, _ = x.shape
        q, k, v = self.W_pack(x).split(
            [self.heads * self.head_dim, self.kv_heads * self.head_dim, self.kv_heads * self.head_dim], dim=-1)
        q = q.view(batch, length, self.heads, self.head_dim)
        k = k.view(batch, length, self.kv_heads, self.head_dim) * valid[:, :, None, None]
        v = v.view(batch, length, self.kv_heads, self.head_dim) * valid[:, :, None, None]
        k, conv_k = self._convolve(k, cache.conv_k if cache else None, self.conv_k, doc_ids)
        v, conv_v = self._convolve(v, cache.conv_v if cache else None, self.conv_v, doc_ids)
        q = apply_rope(q, positions, self.config.rope_theta)
        k = apply_rope(k, positions, self.config.rope_theta)
        if cache is not None and cache.k.shape[1]:
            keys, values = torch.cat((cache.k, k), 1), torch.cat((cache.v, v), 1)
            key_pos, key_valid = torch.cat((cache.positions, positions), 1), torch.cat((cache.valid, valid), 1)
        else:
            keys, values, key_pos, key_valid = k, v, positions, valid
        cached = cache is not None and cache.k.shape[1] > 0
        if flex_masks is not None:
            out = flex_attention_fn(q.device)(q.transpose(1, 2), keys.transpose(1, 2), values.transpose(1, 2),
                                              block_mask=flex_masks[self.sliding], enable_gqa=True)
        elif unpadded and (length == 1 or not self.sliding) and (doc_ids is None or cached):
            # No padding and no document mask: a single query sees every cached key (the window cache
            # holds exactly window-1 of them), and a global chunk is causal aligned to the last key.
            # Decode steps also keep off cuDNN attention, which plans anew for every key length (3 ms
            # of CPU per layer and step on an H200: 14 tokens/s at 32K instead of 48).
            causal = None if length == 1 else (causal_lower_right(length, keys.shape[1]) if cached else True)
            with sdpa_kernel(DECODE_KERNELS) if length == 1 else contextlib.nullcontext():
                out = F.scaled_dot_product_attention(q.transpose(1, 2), keys.transpose(1, 2), values.transpose(1, 2),
                                                     attn_mask=causal if causal is not True else None,
                                                     is_causal=causal is True, enable_gqa=True)
        else:
            mask = (key_pos[:, None, :] <= positions[:, :, None]) & key_valid[:, None, :]
            if self.sliding:
                mask &= (positions[:, :, None] - key_pos[:, None, :]) < self.config.sliding_window
            if doc_ids is not None and (cache is None or not cache.k.shape[1]):
                mask &= doc_ids[:, :, None] == doc_ids[:, None, :]
            # a padding query may see nothing: let it see itself so softmax stays finite (its output is unused)
            own = torch.arange(length, device=x.device)
            mask[:, own, keys.shape[1] - length + own] = True
            out = F.scaled_dot_product_attention(q.transpose(1, 2), keys.transpose(1, 2), values.transpose(1, 2),
                                                 attn_mask=mask[:, None], enable_gqa=True)
        out = self.o_proj(out.transpose(1, 2).reshape(batch, length, self.heads * self.head_dim))
        if self.sliding:  # a query sees sliding_window keys including itself: keep window-1 past ones
            keep = self.config.sliding_window - 1
            keys, values, key_pos, key_valid = (t[:, -keep:] if keep else t[:, :0]
                                                for t in (keys, values, key_pos, key_valid))
        return out, LayerCache(conv_k, conv_v, keys, values, key_pos, key_valid)


class DecoderLayer(nn.Module):
    def __init__(self, config: M1Config, layer: int):
        super().__init__()
        self.input_layernorm = RMSNorm(config.hidden_size, config.rms_norm_eps)
        self.self_attn = Attention(config, layer)
        self.post_attention_layernorm = RMSNorm(config.hidden_size, config.rms_norm_eps)
        self.mlp = MLP(config)

    def forward(self, x, positions, valid, doc_ids, cache, flex_masks=None, unpadded=False):
        attended, cache = self.self_attn(self.input_layernorm(x), positions, valid, doc_ids, cache, flex_masks,
                                         unpadded)
        x = x + attended
        return x + self.mlp(self.post_attention_layernorm(x)), cache


class M1Model(nn.Module):
    def __init__(self, config: M1Config):
        super().__init__()
        self.embed_tokens = nn.Embedding(config.vocab_size, config.hidden_size)
        self.layers = nn.ModuleList(DecoderLayer(config, i) for i in range(config.num_hidden_layers))
        self.norm = RMSNorm(config.hidden_size, config.rms_norm_eps)


class NormHead(nn.Module):
    """Baichuan's LM head: logits = x . normalize(W rows); W is stored unnormalised."""

    def __init__(self, hidden: int, vocab: int):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(vocab, hidden))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.linear(x, F.normalize(self.weight, dim=-1))


@dataclass
class CausalLMOutput:
    logits: torch.Tensor
    loss: torch.Tensor | None = None
    cache: M1Cache | None = None


_compiled_flex = None


def flex_attention_fn(device: torch.device):
    """FlexAttention, compiled once on CUDA (where it becomes a fused kernel); the eager reference
    implementation on other devices (exact, for tests and CPU runs)."""
    global _compiled_flex
    from torch.nn.attention.flex_attention import flex_attention

    if device.type != "cuda" or torch.compiler.is_compiling():
        return flex_attention  # inside a compiled layer, the surrounding graph compiles it
    if _compiled_flex is None:
        _compiled_flex = torch.compile(flex_attention, dynamic=False)
    return _compiled_flex


def flex_block_masks(doc_ids: torch.Tensor | None, batch: int, length: int, window: int, device: torch.device) -> dict:
    """{sliding: BlockMask} for a packed, unpadded chunk: causal, same document, and (sliding layers)
    fewer than `window` tokens back, the query's own token included."""
    from torch.nn.attention.flex_attention import create_block_mask

    docs = doc_ids if doc_ids is not None else torch.zeros(batch, length, dtype=torch.long, device=device)

    def causal_document(b, h, q, k):
        return (q >= k) & (docs[b, q] == docs[b, k])

    def windowed(b, h, q, k):
        return causal_document(b, h, q, k) & (q - k < window)

    block = 128 if length >= 128 else 16 * -(-length // 16)
    return {sliding: create_block_mask(rule, batch, None, length, length, device=device, BLOCK_SIZE=block)
            for sliding, rule in ((False, causal_document), (True, windowed))}


class M1ForCausalLM(nn.Module):
    def __init__(self, config: M1Config, attn_implementation: str = "sdpa"):
        super().__init__()
        if attn_implementation not in ATTENTION_KERNELS:
            raise ValueError(f"attn_implementation must be one of {ATTENTION_KERNELS}, got '{attn_implementation}'")
        self.attn_implementation = attn_implementation
        self.config = config
        self.model = M1Model(config)
        self.lm_head = NormHead(config.hidden_size, config.vocab_size)
        self.apply(self._init)

    def compile_layers(self) -> "M1ForCausalLM":
        """Regional compilation: each decoder layer goes through torch.compile on its own, so layers of
        one kind (global or sliding) share one compiled graph and the whole model compiles in the time
        of two layers (PyTorch's regional compilation recipe). Fuses RMSNorm, RoPE, the K/V
        convolution and SwiGLU. Meant for training, where shapes are fixed; a growing decode cache
        changes shapes every step and would recompile."""
        for layer in self.model.layers:
            layer.compile()
        return self

    def _init(self, module: nn.Module) -> None:
        if isinstance(module, (nn.Linear, nn.Embedding, NormHead)):
            nn.init.normal_(module.weight, std=self.config.initializer_range)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor | None = None,
                doc_ids: torch.Tensor | None = None, position_ids: torch.Tensor | None = None,
                labels: torch.Tensor | None = None, cache: M1Cache | None = None) -> CausalLMOutput:
        """input_ids [B, L]. attention_mask [B, cache.seen + L] (1 = token, 0 = left padding).
        doc_ids [B, L]: packed documents (convolution and attention restart at each new id; positions
        restart too unless position_ids are given). With a cache, the new tokens continue its documents."""
        batch, length = input_ids.shape
        seen = cache.seen if cache is not None else 0
        # Known without a device sync when no mask is given: what lets attention skip its dense mask.
        unpadded = not (cache is not None and cache.padded) and (
            attention_mask is None or bool(attention_mask[:, -(seen + length):].all()))
        if attention_mask is None:
            attention_mask = torch.ones(batch, seen + length, dtype=torch.long, device=input_ids.device)
        valid = attention_mask[:, -length:].bool()
        if position_ids is None:
            if doc_ids is not None and seen == 0:
                starts = torch.ones_like(doc_ids, dtype=torch.bool)
                starts[:, 1:] = doc_ids[:, 1:] != doc_ids[:, :-1]
                index = torch.arange(length, device=input_ids.device).expand(batch, length)
                last_start = torch.cummax(torch.where(starts, index, torch.zeros_like(index)), dim=1).values
                position_ids = index - last_start
            else:
                position_ids = (attention_mask.long().cumsum(-1) - 1).clamp(min=0)[:, -length:]
        x = self.model.embed_tokens(input_ids)
        layers = cache.layers if cache is not None and cache.layers else [None] * len(self.model.layers)
        flex_masks = None
        if (self.attn_implementation == "flex" and seen == 0 and bool(valid.all())
                and (input_ids.device.type == "cuda" or not torch.is_grad_enabled())):
            # Prefill or training on unpadded rows; cached decoding and left padding keep the SDPA path,
            # and so does CPU training (FlexAttention has no CPU backward).
            flex_masks = flex_block_masks(doc_ids, batch, length, self.config.sliding_window, input_ids.device)
        new_layers = []
        for layer, layer_cache in zip(self.model.layers, layers):
            x, layer_cache = layer(x, position_ids, valid, doc_ids, layer_cache, flex_masks, unpadded)
            new_layers.append(layer_cache)
        logits = self.lm_head(self.model.norm(x))
        loss = None
        if labels is not None:
            loss = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]).float(), labels[:, 1:].reshape(-1),
                                   ignore_index=-100)
        if cache is not None:
            cache.layers = new_layers
            cache.seen = seen + length
            cache.padded = not unpadded
        return CausalLMOutput(logits=logits, loss=loss, cache=cache)

    @torch.no_grad()
    def generate(self, input_ids: torch.Tensor, max_new_tokens: int = 32, do_sample: bool = False,
                 temperature: float = 1.0, top_p: float = 1.0, top_k: int = 0,
                 eos_token_id: int | list[int] | None = None, attention_mask: torch.Tensor | None = None,
                 generator: torch.Generator | None = None) -> torch.Tensor:
        """Prompt + new tokens [B, L + n]. Batches are left-padded (attention_mask 0 on the left);
        a sequence that produced a stop token keeps emitting it until all have stopped."""
        stops = torch.tensor([] if eos_token_id is None else
                             ([eos_token_id] if isinstance(eos_token_id, int) else list(eos_token_id)),
                             dtype=torch.long, device=input_ids.device)
        mask = attention_mask if attention_mask is not None else torch.ones_like(input_ids)
        padded = not bool(mask.all())  # without padding, steps pass no mask (see M1Cache.padded)
        cache = M1Cache()
        logits = self(input_ids, attention_mask=mask, cache=cache).logits[:, -1]
        out = [input_ids]
        done = torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)
        for _ in range(max_new_tokens):
            token = sample_next(logits, do_sample, temperature, top_p, top_k, generator)
            if len(stops):
                token = torch.where(done, stops[0], token)
                done |= torch.isin(token, stops)
            out.append(token[:, None])
            if len(stops) and bool(done.all()):
                break
            mask = torch.cat((mask, torch.ones_like(token[:, None])), dim=1)
            logits = self(token[:, None], attention_mask=mask if padded else None, cache=cache).logits[:, -1]
        return torch.cat(out, dim=1)

    # -- Hugging Face-format folders -----------------------------------------------------------
    def save_pretrained(self, folder: str | Path, max_shard_bytes: int | None = None,
                        state_dict: dict[str, torch.Tensor] | None = None) -> None:
        """config.json + model.safetensors (or shards + model.safetensors.index.json), official names.
        `state_dict`: the full weights when this module holds only a shard of them (FSDP)."""
        from safetensors.torch import save_file

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self.config.save(folder)
        state = {k: v.detach().contiguous() for k, v in (state_dict or self.state_dict()).items()}
        if not max_shard_bytes:
            save_file(state, str(folder / WEIGHTS), metadata={"format": "pt"})
            return
        shards: list[dict[str, torch.Tensor]] = [{}]
        size = 0
        for name, tensor in state.items():
            nbytes = tensor.numel() * tensor.element_size()
            if shards[-1] and size + nbytes > max_shard_bytes:
                shards.append({})
                size = 0
            shards[-1][name] = tensor
            size += nbytes
        weight_map = {}
        for i, shard in enumerate(shards):
            name = f"model-{i + 1:05d}-of-{len(shards):05d}.safetensors"
            save_file(shard, str(folder / name), metadata={"format": "pt"})
            weight_map.update({key: name for key in shard})
        total = sum(t.numel() * t.element_size() for t in state.values())
        (folder / WEIGHTS_INDEX).write_text(json.dumps({"metadata": {"total_size": total}, "weight_map": weight_map},
                                                       indent=2))

    @classmethod
    def from_pretrained(cls, folder: str | Path, dtype: torch.dtype | None = None,
                        attn_implementation: str = "sdpa") -> "M1ForCausalLM":
        from safetensors.torch import load_file

        folder = Path(folder)
        config = M1Config.load(folder)
        with torch.device("meta"):
            model = cls(config, attn_implementation=attn_implementation)
        if (folder / WEIGHTS_INDEX).is_file():
            files = sorted(set(json.loads((folder / WEIGHTS_INDEX).read_text())["weight_map"].values()))
        elif (folder / WEIGHTS).is_file():
            files = [WEIGHTS]
        else:
            raise FileNotFoundError(f"{folder}: neither {WEIGHTS} nor {WEIGHTS_INDEX}")
        state = {}
        for name in files:
            state.update(load_file(str(folder / name)))
        missing = set(model.state_dict()) - set(state)
        unexpected = set(state) - set(model.state_dict())
        if missing or unexpected:
            raise ValueError(f"{folder}: checkpoint does not match the config: missing {sorted(missing)[:5]}, "
                             f"unexpected {sorted(unexpected)[:5]}")
        model.load_state_dict(state, assign=True)
        return model.to(dtype) if dtype is not None else model


def sample_next(logits: torch.Tensor, do_sample: bool, temperature: float, top_p: float, top_k: int,
                generator: torch.Generator | None) -> torch.Tensor:
    """Next token per row: argmax, or a draw after temperature, top-k and top-p (nucleus) filtering."""
    if not do_sample or temperature <= 0:
        return logits.argmax(dim=-1)
    scores = logits.float() / temperature
    if top_k and top_k < scores.shape[-1]:
        threshold = scores.topk(top_k, dim=-1).values[:, -1:]
        scores = scores.masked_fill(scores < threshold, float("-inf"))
    if top_p < 1.0:
        sorted_scores, order = scores.sort(dim=-1, descending=True)
        cumulative = sorted_scores.softmax(dim=-1).cumsum(dim=-1)
        drop = cumulative - sorted_scores.softmax(dim=-1) > top_p  # keep the smallest set reaching top_p
        sorted_scores = sorted_scores.masked_fill(drop, float("-inf"))
        scores = torch.full_like(scores, float("-inf")).scatter(-1, order, sorted_scores)
    return torch.multinomial(scores.softmax(dim=-1), 1, generator=generator).squeeze(-1)
