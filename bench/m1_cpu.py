"""M1 on CPU: training and decode tokens/s of a small config, against a Llama-style baseline of the
same size measured in the same run (the same code path without the K/V convolution and without
sliding windows: conv_window 1, every layer global). Also KV-cache bytes per sequence, measured on
the small configs and computed for the 14B geometry at 32K context.

    python -m bench.m1_cpu            # also writes bench/results/m1_cpu.json
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import torch

from m1.config import M1Config
from m1.modeling import M1Cache, M1ForCausalLM

RESULTS = Path(__file__).resolve().parent / "results"
SMALL = M1Config(vocab_size=8000, hidden_size=256, intermediate_size=704, num_hidden_layers=4, num_attention_heads=2,
                 num_key_value_heads=1, num_swa_attention_heads=4, num_swa_key_value_heads=2, sliding_window=256,
                 sliding_window_layers=[1, 3], max_position_embeddings=4096)


def baseline(config: M1Config) -> M1Config:
    return replace(config, conv_window=1, sliding_window_layers=[], extra={})


def train_tokens_per_s(config: M1Config, batch: int = 4, seq: int = 512, steps: int = 6) -> float:
    torch.manual_seed(0)
    model = M1ForCausalLM(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    ids = torch.randint(0, config.vocab_size, (batch, seq))
    model(ids, labels=ids).loss.backward()  # warm-up
    start = time.perf_counter()
    for _ in range(steps):
        optimizer.zero_grad()
        model(ids, labels=ids).loss.backward()
        optimizer.step()
    return batch * seq * steps / (time.perf_counter() - start)


def decode(config: M1Config, prompt: int = 128, new: int = 128, context: int = 1024) -> tuple[float, int]:
    torch.manual_seed(0)
    model = M1ForCausalLM(config).eval()
    ids = torch.randint(0, config.vocab_size, (1, prompt))
    model.generate(ids, max_new_tokens=4)  # warm-up
    start = time.perf_counter()
    model.generate(ids, max_new_tokens=new)
    speed = new / (time.perf_counter() - start)
    cache = M1Cache()
    with torch.no_grad():
        model(torch.randint(0, config.vocab_size, (1, context)), cache=cache)
    return speed, cache.bytes()


def cache_bytes_14b(context: int, config: M1Config, dtype_bytes: int = 2) -> int:
    """K and V cache plus convolution state of one sequence, from the geometry."""
    total = 0
    for layer in range(config.num_hidden_layers):
        _, kv, dim = config.geometry(layer)
        kept = min(context, config.sliding_window - 1) if config.is_sliding(layer) else context
        total += 2 * kept * kv * dim * dtype_bytes + 2 * (config.conv_window - 1) * kv * dim * dtype_bytes
    return total


def main() -> None:
    torch.set_num_threads(1)
    rows = []
    for name, config in (("M1", SMALL), ("Llama-style baseline", baseline(SMALL))):
        train = train_tokens_per_s(config)
        speed, cache = decode(config)
        rows.append({"model": name, "train_tokens_per_s": round(train), "decode_tokens_per_s": round(speed, 1),
                     "cache_bytes_at_1024": cache})
    full = M1Config()
    big = {"M1-14B": cache_bytes_14b(32768, full), "Llama-style 14B (same heads, all global)":
           cache_bytes_14b(32768, baseline(full))}
    print("small config (hidden 256, 4 layers, window 256), one thread, fp32")
    print(f"{'model':<22} {'train tok/s':>12} {'decode tok/s':>13} {'cache bytes @1024':>18}")
    for r in rows:
        print(f"{r['model']:<22} {r['train_tokens_per_s']:>12} {r['decode_tokens_per_s']:>13} {r['cache_bytes_at_1024']:>18}")
    ratio = rows[0]["train_tokens_per_s"] / rows[1]["train_tokens_per_s"]
    print(f"M1 / baseline training speed: {ratio:.2f}x; decode: "
          f"{rows[0]['decode_tokens_per_s'] / rows[1]['decode_tokens_per_s']:.2f}x")
    for name, value in big.items():
        print(f"KV cache per sequence at 32K, bf16, {name}: {value / 2**30:.2f} GiB")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "m1_cpu.json").write_text(json.dumps({"small": rows, "cache_32k_bytes": big}, indent=2))


if __name__ == "__main__":
    main()
