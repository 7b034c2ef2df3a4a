"""`m1 serve` under concurrent clients: completion tokens/s with continuous batching against the same
server decoding one request at a time (`--max-batch 1`, how it served before batching), in one run.

    python -m bench.m1_serve            # also writes bench/results/m1_serve.json

The model is bench.m1_cpu's small config (untrained, fp32, CPU); the clients are real HTTP clients
(the openai package), each asking for a seeded sampled completion of 64 tokens.
"""

from __future__ import annotations

import json
import random
import threading
import time

import openai
import torch

from bench.m1_cpu import RESULTS, SMALL
from m1.modeling import M1ForCausalLM
from m1.serve import Limits, Server
from m1.tokenizer import M1Tokenizer, train_tokenizer
from scripts.text_bank import compose_document


def serve_clients(model, tokenizer, max_batch: int, clients: int, max_tokens: int) -> dict:
    server = Server(model, tokenizer, max_batch=max_batch, prefix_cache_tokens=0,
                    limits=Limits(max_new_tokens=max_tokens))
    http = server.http_server(port=0)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    client = openai.OpenAI(base_url=f"http://127.0.0.1:{http.server_address[1]}/v1", api_key="none", max_retries=0)
    client.completions.create(model="m1", prompt="warm-up", max_tokens=4)
    produced = [0] * clients
    latency = [0.0] * clients
    barrier = threading.Barrier(clients + 1)

    def ask(i: int) -> None:
        barrier.wait()
        start = time.perf_counter()
        reply = client.completions.create(model="m1", prompt=f"病人 {i}: fever and cough", max_tokens=max_tokens,
                                          temperature=1.0, seed=i)
        latency[i] = time.perf_counter() - start
        produced[i] = reply.usage.completion_tokens

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    http.shutdown()
    return {"max_batch": max_batch, "clients": clients, "completion_tokens": sum(produced), "wall_s": wall,
            "tokens_per_s": sum(produced) / wall, "mean_latency_s": sum(latency) / clients,
            "widest_batch": server.engine.widest}


def main() -> None:
    torch.set_num_threads(1)
    rng = random.Random(0)
    tokenizer = M1Tokenizer(train_tokenizer([compose_document(rng, rng.choice(["zh", "en"]), "medical")
                                             for _ in range(2000)], vocab_size=SMALL.vocab_size))
    torch.manual_seed(0)
    model = M1ForCausalLM(SMALL).eval()
    rows = [serve_clients(model, tokenizer, max_batch, clients=8, max_tokens=64) for max_batch in (1, 8)]
    print("8 concurrent HTTP clients, 64 sampled tokens each; small config, one thread, fp32")
    print(f"{'max_batch':>9} {'tokens/s':>9} {'wall s':>7} {'mean latency s':>15} {'widest':>7}")
    for r in rows:
        print(f"{r['max_batch']:>9} {r['tokens_per_s']:>9.1f} {r['wall_s']:>7.2f} {r['mean_latency_s']:>15.2f} "
              f"{r['widest_batch']:>7}")
    print(f"continuous batching / one at a time: {rows[1]['tokens_per_s'] / rows[0]['tokens_per_s']:.2f}x tokens/s")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "m1_serve.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
