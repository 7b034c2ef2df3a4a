"""M1 on one GPU (issue 6's device check, one prepared script under 5 minutes): training tokens/s and
MFU at ~350M and ~1B parameters, sequence 4096, bf16, against a Llama-style baseline of the same size
in the same run (the same code path without the K/V convolution and without sliding windows); then
decode tokens/s and KV-cache bytes per sequence at a 32K context against the same baseline.

    python -m bench.m1_gpu                 # on the GPU machine; writes bench/results/m1_gpu.json
    python -m bench.m1_gpu --smoke         # tiny shapes on CPU: checks the script itself

MFU = model FLOPs per token x tokens/s / peak bf16 dense FLOPs (H100/H200 SXM: 989e12). Model FLOPs
per token = 6 x non-embedding parameters + 6 x attended (query, key) pairs x head_dim x heads per layer
(forward + backward; window-limited on sliding layers, causal everywhere).
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path

import torch

from m1.config import M1Config
from m1.modeling import M1Cache, M1ForCausalLM

RESULTS = Path(__file__).resolve().parent / "results"
PEAK_BF16 = {"H100": 989e12, "H200": 989e12}

# ~350M and ~1B with M1's layout: global layers with fewer, wider heads; odd layers sliding (window 2048 here).
SIZES = {
    "350M": M1Config(vocab_size=32000, hidden_size=1024, intermediate_size=2816, num_hidden_layers=24,
                     num_attention_heads=8, num_key_value_heads=2, num_swa_attention_heads=16, num_swa_key_value_heads=4,
                     sliding_window=2048, sliding_window_layers=list(range(1, 24, 2)), max_position_embeddings=32768),
    "1B": M1Config(vocab_size=32000, hidden_size=2048, intermediate_size=5632, num_hidden_layers=18,
                   num_attention_heads=8, num_key_value_heads=2, num_swa_attention_heads=16, num_swa_key_value_heads=4,
                   sliding_window=2048, sliding_window_layers=list(range(1, 18, 2)), max_position_embeddings=32768),
}
SMOKE = M1Config(vocab_size=512, hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=2,
                 num_key_value_heads=1, num_swa_attention_heads=4, num_swa_key_value_heads=2, sliding_window=32,
                 sliding_window_layers=[1], max_position_embeddings=4096)


def baseline(config: M1Config) -> M1Config:
    return replace(config, conv_window=1, sliding_window_layers=[], extra={})


def flops_per_token(config: M1Config, seq: int, params: int) -> float:
    embedding = 2 * config.vocab_size * config.hidden_size
    attention = 0.0
    for layer in range(config.num_hidden_layers):
        heads, _, dim = config.geometry(layer)
        span = min(seq, config.sliding_window) if config.is_sliding(layer) else seq
        pairs = span * (span + 1) / 2 + (seq - span) * span  # causal pairs, window-limited
        attention += 2 * 2 * heads * dim * pairs / seq  # QK^T and PV, per token
    return 6 * (params - embedding) + 3 * attention


def train(config: M1Config, device: str, seq: int, batch: int, steps: int, attention: str) -> dict:
    torch.manual_seed(0)
    model = M1ForCausalLM(config, attn_implementation=attention).to(device)
    params = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, fused=device == "cuda")
    ids = torch.randint(0, config.vocab_size, (batch, seq), device=device)
    doc_ids = (torch.arange(seq, device=device) // 1024).expand(batch, seq)  # four packed documents per row

    def step():
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device, dtype=torch.bfloat16, enabled=device == "cuda"):
            loss = model(ids, doc_ids=doc_ids, labels=ids).loss
        loss.backward()
        optimizer.step()

    for _ in range(2):  # warm-up (and FlexAttention compilation)
        step()
    if device == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    if device == "cuda":
        torch.cuda.synchronize()
    tokens_per_s = batch * seq * steps / (time.perf_counter() - start)
    memory = torch.cuda.max_memory_allocated() if device == "cuda" else 0
    del model, optimizer
    if device == "cuda":
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
    return {"params": params, "tokens_per_s": tokens_per_s, "flops_per_token": flops_per_token(config, seq, params),
            "peak_memory_gib": memory / 2**30}


@torch.no_grad()
def decode(config: M1Config, device: str, context: int, new: int, chunk: int) -> dict:
    torch.manual_seed(0)
    model = M1ForCausalLM(config).to(device=device, dtype=torch.bfloat16 if device == "cuda" else torch.float32).eval()
    cache = M1Cache()
    for start in range(0, context, chunk):  # chunked prefill of the 32K context
        model(torch.randint(0, config.vocab_size, (1, min(chunk, context - start)), device=device), cache=cache)
    token = torch.randint(0, config.vocab_size, (1, 1), device=device)
    if device == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(new):
        token = model(token, cache=cache).logits[:, -1:].argmax(-1)
    if device == "cuda":
        torch.cuda.synchronize()
    speed = new / (time.perf_counter() - start)
    bytes_ = cache.bytes()
    del model, cache
    if device == "cuda":
        torch.cuda.empty_cache()
    return {"decode_tokens_per_s": speed, "kv_cache_bytes": bytes_}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true", help="tiny shapes on CPU, to check the script")
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--attention", default="flex", choices=["flex", "sdpa"])
    args = parser.parse_args()
    device = "cuda" if torch.cuda.is_available() and not args.smoke else "cpu"
    sizes = {"smoke": SMOKE} if args.smoke else SIZES
    seq, context, chunk = (256, 512, 128) if args.smoke else (4096, 32768, 4096)
    name = torch.cuda.get_device_name() if device == "cuda" else "cpu"
    peak = next((v for k, v in PEAK_BF16.items() if k in name), None)
    out = {"device": name, "seq": seq, "attention": args.attention, "train": {}, "decode": {}}
    for size, config in sizes.items():
        batch = 1 if args.smoke else (4 if size == "350M" else 2)
        for label, cfg in (("M1", config), ("baseline", baseline(config))):
            row = train(cfg, device, seq, batch, 2 if args.smoke else args.steps, args.attention)
            row["mfu"] = row["tokens_per_s"] * row["flops_per_token"] / peak if peak else None
            out["train"][f"{size} {label}"] = row
            print(f"train {size:>5} {label:<8} params {row['params'] / 1e6:7.1f}M  {row['tokens_per_s']:10.0f} tok/s  "
                  f"MFU {row['mfu'] if row['mfu'] is None else round(row['mfu'], 3)}  peak {row['peak_memory_gib']:.1f} GiB", flush=True)
        ratio = out["train"][f"{size} M1"]["tokens_per_s"] / out["train"][f"{size} baseline"]["tokens_per_s"]
        out["train"][f"{size} M1/baseline"] = ratio
        print(f"train {size}: M1 / baseline tokens/s = {ratio:.2f}x (target >= 0.9x)", flush=True)
    decode_config = sizes["smoke" if args.smoke else "1B"]
    for label, cfg in (("M1", decode_config), ("baseline", baseline(decode_config))):
        row = decode(cfg, device, context, 64 if not args.smoke else 8, chunk)
        out["decode"][label] = row
        print(f"decode at {context} {label:<8} {row['decode_tokens_per_s']:8.1f} tok/s  KV {row['kv_cache_bytes'] / 2**20:9.1f} MiB",
              flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / ("m1_gpu_smoke.json" if args.smoke else "m1_gpu.json")).write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
