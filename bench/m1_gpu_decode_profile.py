"""Where decode time goes at a 32K context (a device probe): the time of each 4K prefill chunk and
the top operators (device and CPU time) of a few profiled decode steps, M1 against the Llama-style
baseline. It found cuDNN attention planning anew for every key length (bench/recorded/m1_gpu_h200/).

    python -m bench.m1_gpu_decode_profile
"""

from __future__ import annotations

import time

import torch

from bench.m1_gpu import SIZES, baseline
from m1.modeling import M1Cache, M1ForCausalLM


@torch.no_grad()
def probe(label, config, context=32768, chunk=4096):
    model = M1ForCausalLM(config).to(device="cuda", dtype=torch.bfloat16).eval()
    cache = M1Cache()
    for offset in range(0, context, chunk):
        torch.cuda.synchronize(); t = time.perf_counter()
        model(torch.randint(0, config.vocab_size, (1, chunk), device="cuda"), cache=cache)
        torch.cuda.synchronize()
        print(f"{label} prefill chunk at {offset}: {1000 * (time.perf_counter() - t):.1f} ms", flush=True)
    token = torch.randint(0, config.vocab_size, (1, 1), device="cuda")
    for _ in range(3):
        token = model(token, cache=cache).logits[:, -1:].argmax(-1)
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA]) as prof:
        for _ in range(4):
            token = model(token, cache=cache).logits[:, -1:].argmax(-1)
        torch.cuda.synchronize()
    print(f"== {label}: by device time", flush=True)
    print(prof.key_averages().table(sort_by="cuda_time_total", row_limit=12, max_name_column_width=60), flush=True)
    print(f"== {label}: by CPU time", flush=True)
    print(prof.key_averages().table(sort_by="cpu_time_total", row_limit=12, max_name_column_width=60), flush=True)
    del model, cache
    torch.cuda.empty_cache()


if __name__ == "__main__":
    probe("M1", SIZES["1B"])
    probe("baseline", baseline(SIZES["1B"]))
