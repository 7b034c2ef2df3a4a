"""M1 on one GPU (issue 6's device check, one prepared script under 5 minutes): training tokens/s and
MFU at ~350M and ~1B parameters, sequence 4096, bf16, against a Llama-style baseline of the same size
in the same run (the same code path without the K/V convolution and without sliding windows); then
decode tokens/s and KV-cache bytes per sequence at a 32K context against the same baseline.

    python -m bench.m1_gpu                 # on the GPU machine; writes bench/results/m1_gpu.json
    python -m bench.m1_gpu --smoke         # tiny shapes on CPU: checks the script itself

Each size runs twice: eager layers, and regionally compiled layers (`compile_layers`), both with
FlexAttention. Rows are written to the JSON as they finish, and `--deadline` skips what would start
after it, so a run cut short by the device lease still reports what it measured.

MFU = model FLOPs per token x tokens/s / peak bf16 dense FLOPs (H100/H200 SXM datasheet: 989e12;
the measured rate of one large bf16 matmul is printed beside it). Model FLOPs per token = 6 x
(parameters - input embedding), the LM head included, + 6 x attended (query, key) pairs x head_dim x
heads per layer (forward + backward; window-limited on sliding layers; causal; document masks not
subtracted, as in PaLM's accounting).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch

from bench.m1_cpu import baseline
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
# Half these (4 and 2) gave 32% and 39% MFU on an H200: too few tokens per step to fill the card.
BATCH = {"350M": 8, "1B": 4}
SMOKE = M1Config(vocab_size=512, hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=2,
                 num_key_value_heads=1, num_swa_attention_heads=4, num_swa_key_value_heads=2, sliding_window=32,
                 sliding_window_layers=[1], max_position_embeddings=4096)


def flops_per_token(config: M1Config, seq: int, params: int) -> float:
    embedding = config.vocab_size * config.hidden_size  # a lookup; the LM head's matmul counts
    attention = 0.0
    for layer in range(config.num_hidden_layers):
        heads, _, dim = config.geometry(layer)
        span = min(seq, config.sliding_window) if config.is_sliding(layer) else seq
        pairs = span * (span + 1) / 2 + (seq - span) * span  # causal pairs, window-limited
        attention += 2 * 2 * heads * dim * pairs / seq  # QK^T and PV, per token
    return 6 * (params - embedding) + 3 * attention


def compiled_graphs() -> int:
    """Graphs compiled so far (more than one per layer kind would mean recompiles every step)."""
    from torch._dynamo.utils import counters

    return counters["stats"]["unique_graphs"]


def synchronize(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


def train(config: M1Config, device: str, seq: int, batch: int, steps: int, attention: str, compiled: bool) -> dict:
    torch.manual_seed(0)
    graphs_before = compiled_graphs()
    model = M1ForCausalLM(config, attn_implementation=attention).to(device)
    if compiled:
        model.compile_layers()
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
        return loss

    started = time.perf_counter()
    for _ in range(2):  # warm-up (and compilation)
        loss = step()
    synchronize(device)
    warmup_s = time.perf_counter() - started
    start = time.perf_counter()
    for _ in range(steps):
        loss = step()
    synchronize(device)
    tokens_per_s = batch * seq * steps / (time.perf_counter() - start)
    memory = torch.cuda.max_memory_allocated() if device == "cuda" else 0
    row = {"params": params, "batch": batch, "tokens_per_s": tokens_per_s, "warmup_s": warmup_s,
           "flops_per_token": flops_per_token(config, seq, params), "peak_memory_gib": memory / 2**30,
           "last_loss": loss.item(), "compiled_graphs": compiled_graphs() - graphs_before}
    del model, optimizer
    if device == "cuda":
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
    return row


@torch.no_grad()
def decode(config: M1Config, device: str, context: int, new: int, chunk: int) -> dict:
    torch.manual_seed(0)
    model = M1ForCausalLM(config).to(device=device, dtype=torch.bfloat16 if device == "cuda" else torch.float32).eval()
    warm = M1Cache()  # kernel selection and allocator warm-up, on a throwaway cache
    for _ in range(2):
        model(torch.randint(0, config.vocab_size, (1, chunk), device=device), cache=warm)
    for _ in range(4):
        model(torch.randint(0, config.vocab_size, (1, 1), device=device), cache=warm)
    del warm
    cache = M1Cache()
    start = time.perf_counter()
    for offset in range(0, context, chunk):  # chunked prefill of the 32K context
        model(torch.randint(0, config.vocab_size, (1, min(chunk, context - offset)), device=device), cache=cache)
    synchronize(device)
    prefill_s = time.perf_counter() - start
    token = torch.randint(0, config.vocab_size, (1, 1), device=device)
    for _ in range(4):
        token = model(token, cache=cache).logits[:, -1:].argmax(-1)
    synchronize(device)
    start = time.perf_counter()
    for _ in range(new):
        token = model(token, cache=cache).logits[:, -1:].argmax(-1)
    synchronize(device)
    speed = new / (time.perf_counter() - start)
    bytes_ = cache.bytes()
    del model, cache
    if device == "cuda":
        torch.cuda.empty_cache()
    return {"decode_tokens_per_s": speed, "kv_cache_bytes": bytes_, "prefill_tokens_per_s": context / prefill_s}


def matmul_tflops(device: str) -> float | None:
    """The measured bf16 rate of one 8192^3 product: what MFU's datasheet peak looks like on this card."""
    if device != "cuda":
        return None
    a, b = (torch.randn(8192, 8192, device=device, dtype=torch.bfloat16) for _ in range(2))
    for _ in range(3):
        a @ b
    synchronize(device)
    start = time.perf_counter()
    for _ in range(10):
        a @ b
    synchronize(device)
    return 10 * 2 * 8192**3 / (time.perf_counter() - start) / 1e12


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true", help="tiny shapes on CPU, to check the script")
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--attention", default="flex", choices=["flex", "sdpa"])
    parser.add_argument("--modes", default="compiled,eager", help="comma list of eager, compiled (in this order)")
    parser.add_argument("--deadline", type=float, default=float("inf"), help="seconds: start nothing after this")
    parser.add_argument("--batch", type=int, default=None,
                        help="sequences per step for every size (default 8 at 350M, 4 at 1B: 32K and 16K tokens)")
    parser.add_argument("--no-decode", action="store_true", help="training rows only")
    parser.add_argument("--out", type=Path, default=None, help="JSON path (default bench/results/m1_gpu[_smoke].json)")
    args = parser.parse_args()
    began = time.perf_counter()
    device = "cuda" if torch.cuda.is_available() and not args.smoke else "cpu"
    sizes = {"smoke": SMOKE} if args.smoke else SIZES
    seq, context, chunk = (256, 512, 128) if args.smoke else (4096, 32768, 4096)
    name = torch.cuda.get_device_name() if device == "cuda" else "cpu"
    peak = next((v for k, v in PEAK_BF16.items() if k in name), None)
    out_path = args.out or RESULTS / ("m1_gpu_smoke.json" if args.smoke else "m1_gpu.json")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out = {"device": name, "torch": torch.__version__, "seq": seq, "attention": args.attention, "batch": args.batch,
           "peak_bf16_tflops": peak and peak / 1e12, "matmul_tflops": matmul_tflops(device),
           "train": {}, "decode": {}, "skipped": [], "errors": {}}
    print(f"{name}, torch {torch.__version__}; measured bf16 matmul {out['matmul_tflops']} TFLOP/s", flush=True)

    def measure(key: str, run) -> dict | None:
        if time.perf_counter() - began > args.deadline:
            out["skipped"].append(key)
            print(f"{key}: skipped (past the {args.deadline:.0f} s deadline)", flush=True)
            return None
        try:
            return run()
        except Exception as error:  # one failing configuration must not cost the others' figures
            out["errors"][key] = f"{type(error).__name__}: {error}"[:2000]
            print(f"{key}: {type(error).__name__}: {str(error)[:500]}", file=sys.stderr, flush=True)
            return None
        finally:
            out_path.write_text(json.dumps(out, indent=2))

    def train_size(size: str, mode: str) -> None:
        config = sizes[size]
        batch = args.batch or (1 if args.smoke else BATCH[size])
        rows = {}
        for label, cfg in (("M1", config), ("baseline", baseline(config))):
            key = f"{size} {mode} {label}"
            steps = 2 if args.smoke else args.steps
            row = measure(key, lambda: train(cfg, device, seq, batch, steps, args.attention, mode == "compiled"))
            if row is None and args.attention == "flex" and key in out["errors"]:  # e.g. no kernel for a head dim
                row = measure(key + " sdpa", lambda: train(cfg, device, seq, batch, steps, "sdpa", mode == "compiled"))
                if row is not None:
                    row["attention"] = "sdpa (flex failed)"
            if row is None:
                continue
            row["mfu"] = row["tokens_per_s"] * row["flops_per_token"] / peak if peak else None
            out["train"][key] = rows[label] = row
            print(f"train {key:<24} params {row['params'] / 1e6:7.1f}M  {row['tokens_per_s']:10.0f} tok/s  "
                  f"MFU {row['mfu'] if row['mfu'] is None else round(row['mfu'], 3)}  "
                  f"peak {row['peak_memory_gib']:.1f} GiB  warm-up {row['warmup_s']:.0f} s", flush=True)
        if len(rows) == 2:
            ratio = rows["M1"]["tokens_per_s"] / rows["baseline"]["tokens_per_s"]
            out["train"][f"{size} {mode} M1/baseline"] = ratio
            print(f"train {size} {mode}: M1 / baseline tokens/s = {ratio:.2f}x (target >= 0.9x)", flush=True)
        out_path.write_text(json.dumps(out, indent=2))

    modes = [m for m in args.modes.split(",") if m]
    first, rest = modes[:1], modes[1:]
    for mode in first:  # the headline mode for every size, then decode, then the other modes
        for size in sizes:
            train_size(size, mode)
    decode_config = sizes["smoke" if args.smoke else "1B"]
    for label, cfg in () if args.no_decode else (("M1", decode_config), ("baseline", baseline(decode_config))):
        row = measure(f"decode {label}", lambda: decode(cfg, device, context, 64 if not args.smoke else 8, chunk))
        if row is not None:
            out["decode"][label] = row
            print(f"decode at {context} {label:<8} {row['decode_tokens_per_s']:8.1f} tok/s  "
                  f"KV {row['kv_cache_bytes'] / 2**20:9.1f} MiB  prefill {row['prefill_tokens_per_s']:9.0f} tok/s", flush=True)
    for mode in rest:
        for size in sizes:
            train_size(size, mode)
    out["elapsed_s"] = time.perf_counter() - began
    out_path.write_text(json.dumps(out, indent=2))
    print(f"done in {out['elapsed_s']:.0f} s; {out_path}", flush=True)


if __name__ == "__main__":
    main()
