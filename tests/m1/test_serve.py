"""`m1 serve` answers the openai client (streaming included) and rejects bad requests with 4xx."""

import random
import threading

import openai
import pytest
import torch

from m1.config import M1Config
from m1.modeling import M1ForCausalLM
from m1.serve import Limits, Server
from m1.tokenizer import M1Tokenizer, train_tokenizer
from scripts.text_bank import compose_document


@pytest.fixture(scope="module")
def served():
    rng = random.Random(6)
    tokenizer = M1Tokenizer(train_tokenizer(
        [compose_document(rng, rng.choice(["zh", "en"]), "medical") for _ in range(800)], vocab_size=1200))
    torch.manual_seed(0)
    model = M1ForCausalLM(M1Config(vocab_size=tokenizer.vocab_size, hidden_size=32, intermediate_size=64,
                                   num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=1,
                                   num_swa_attention_heads=4, num_swa_key_value_heads=2, sliding_window=16,
                                   sliding_window_layers=[1])).eval()
    server = Server(model, tokenizer, model_name="m1-tiny", api_key="secret",
                    limits=Limits(max_prompt_tokens=200, max_new_tokens=64)).http_server(port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    client = openai.OpenAI(base_url=f"http://127.0.0.1:{server.server_address[1]}/v1", api_key="secret",
                           max_retries=0)
    yield client, model, tokenizer
    server.shutdown()


def test_models_and_greedy_chat_match_generate(served):
    client, model, tokenizer = served
    assert [m.id for m in client.models.list().data] == ["m1-tiny"]
    messages = [{"role": "user", "content": "头痛三天，怎么办？"}]
    reply = client.chat.completions.create(model="m1-tiny", messages=messages, max_tokens=12, temperature=0)
    prompt = tokenizer.encode(tokenizer.apply_chat_template(messages))
    expected = model.generate(torch.tensor([prompt]), max_new_tokens=12, eos_token_id=tokenizer.eos_id)[0, len(prompt):]
    expected = [t for t in expected.tolist() if t != tokenizer.eos_id]
    assert reply.choices[0].message.content == tokenizer.decode(expected)
    assert reply.choices[0].finish_reason in ("stop", "length") and reply.usage.prompt_tokens == len(prompt)


def test_streaming_chat_and_completion_equal_the_whole_answer(served):
    client, _, _ = served
    kwargs = dict(model="m1-tiny", max_tokens=10, temperature=0)
    messages = [{"role": "user", "content": "What causes chest pain?"}]
    whole = client.chat.completions.create(messages=messages, **kwargs).choices[0].message.content
    chunks = list(client.chat.completions.create(messages=messages, stream=True, **kwargs))
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == whole
    assert chunks[-1].choices[0].finish_reason in ("stop", "length")
    text = client.completions.create(prompt="The patient", **kwargs).choices[0].text
    streamed = "".join(c.choices[0].text for c in client.completions.create(prompt="The patient", stream=True, **kwargs))
    assert streamed == text


def test_sampling_is_seeded(served):
    client, _, _ = served
    kwargs = dict(model="m1-tiny", prompt="Fever and", max_tokens=8, temperature=0.9, top_p=0.9, seed=11)
    assert client.completions.create(**kwargs).choices[0].text == client.completions.create(**kwargs).choices[0].text


@pytest.mark.parametrize("kwargs, error, param", [
    (dict(messages=[]), openai.BadRequestError, "messages"),
    (dict(messages=[{"role": "robot", "content": "x"}]), openai.BadRequestError, "messages[0]"),
    (dict(messages=[{"role": "user", "content": "x"}], max_tokens=10_000), openai.BadRequestError, "max_tokens"),
    (dict(messages=[{"role": "user", "content": "x"}], temperature=5), openai.BadRequestError, "temperature"),
    (dict(messages=[{"role": "user", "content": "x " * 500}]), openai.BadRequestError, "messages"),
    (dict(messages=[{"role": "user", "content": "x"}], n=2), openai.BadRequestError, "n"),
])
def test_bad_requests_are_4xx_naming_the_field(served, kwargs, error, param):
    client, _, _ = served
    with pytest.raises(error) as info:
        client.chat.completions.create(model="m1-tiny", **kwargs)
    assert info.value.body["param"] == param


def test_wrong_key_unknown_model_and_route(served):
    client, _, _ = served
    with pytest.raises(openai.AuthenticationError):
        client.with_options(api_key="wrong").models.list()
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="gpt-x", messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(openai.NotFoundError):
        client.embeddings.create(model="m1-tiny", input="hi")


def test_follow_up_turns_reuse_the_prefix_cache_and_answer_the_same(served):
    """A second turn re-sends the first: its state comes from the prefix cache, and the answer equals
    a fresh greedy generation over the whole conversation."""
    client, model, tokenizer = served
    first = [{"role": "system", "content": "你是医生。"}, {"role": "user", "content": "发热咳嗽两天。"}]
    reply = client.chat.completions.create(model="m1-tiny", messages=first, max_tokens=6, temperature=0)
    second = first + [{"role": "assistant", "content": reply.choices[0].message.content},
                      {"role": "user", "content": "需要做什么检查？"}]
    answer = client.chat.completions.create(model="m1-tiny", messages=second, max_tokens=8, temperature=0)
    prompt_one = tokenizer.encode(tokenizer.apply_chat_template(first))
    prompt_two = tokenizer.encode(tokenizer.apply_chat_template(second))
    assert answer.usage.prompt_tokens_details.cached_tokens >= len(prompt_one) - 1
    assert answer.usage.prompt_tokens_details.cached_tokens < len(prompt_two)
    expected = model.generate(torch.tensor([prompt_two]), max_new_tokens=8, eos_token_id=tokenizer.eos_id)[0, len(prompt_two):]
    assert answer.choices[0].message.content == tokenizer.decode([t for t in expected.tolist() if t != tokenizer.eos_id])
    again = client.chat.completions.create(model="m1-tiny", messages=second, max_tokens=8, temperature=0)
    assert again.usage.prompt_tokens_details.cached_tokens == len(prompt_two)  # the whole prompt, logits included
    assert again.choices[0].message.content == answer.choices[0].message.content


def test_the_prefix_cache_evicts_least_recently_used_entries():
    from m1.modeling import M1Cache
    from m1.prefix_cache import PrefixCache

    cache = PrefixCache(max_tokens=10)
    logits = torch.zeros(1, 4)
    cache.store([1, 2, 3, 4], M1Cache(seen=4), logits)
    cache.store([1, 2, 3, 4, 5, 6], M1Cache(seen=6), logits)
    assert cache.lookup([1, 2, 3, 4, 5, 6, 7])[0] == 6  # the longest stored prefix
    assert cache.lookup([1, 2, 9])[0] == 0 and cache.lookup([1, 2, 3, 4])[2] is logits
    cache.store([7, 8, 9], M1Cache(seen=3), logits)  # 13 tokens > 10: the least recently used goes
    assert cache.tokens == 7 and cache.lookup([1, 2, 3, 4, 5, 6])[0] == 4  # the 6-token entry was the older one
    assert cache.lookup([7, 8, 9, 1])[0] == 3
    PrefixCache(max_tokens=0).store([1], M1Cache(), logits)  # off: stores nothing


def test_concurrent_requests_are_batched_and_answer_as_if_alone(served):
    """Seven clients at once against max_batch=4: rows join and leave the running batch, and every greedy
    answer equals `generate` on that prompt alone; a seeded sampled answer equals the same request alone."""
    _, model, tokenizer = served
    server = Server(model, tokenizer, model_name="m1-tiny", max_batch=4, prefix_cache_tokens=0)
    http = server.http_server(port=0)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    client = openai.OpenAI(base_url=f"http://127.0.0.1:{http.server_address[1]}/v1", api_key="none", max_retries=0)
    contents = ["头痛三天，怎么办？", "What causes chest pain?", "发热 and cough 两天", "。。。！！", "Fever", "糖尿病患者的饮食"]
    jobs = [dict(messages=[{"role": "user", "content": c}], max_tokens=6 + 3 * i, temperature=0)
            for i, c in enumerate(contents)]
    jobs.append(dict(messages=[{"role": "user", "content": "咳嗽 cough"}], max_tokens=12, temperature=0.9, seed=5))
    answers = [None] * len(jobs)
    barrier = threading.Barrier(len(jobs))

    def ask(i):
        barrier.wait()
        answers[i] = client.chat.completions.create(model="m1-tiny", **jobs[i]).choices[0].message.content

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for job, answer in zip(jobs[:-1], answers):
        prompt = tokenizer.encode(tokenizer.apply_chat_template(job["messages"]))
        new = model.generate(torch.tensor([prompt]), max_new_tokens=job["max_tokens"],
                             eos_token_id=tokenizer.eos_id)[0, len(prompt):]
        assert answer == tokenizer.decode([t for t in new.tolist() if t != tokenizer.eos_id]), job
    alone = client.chat.completions.create(model="m1-tiny", **jobs[-1]).choices[0].message.content
    assert answers[-1] == alone
    engine = server.engine
    assert engine.widest == 4 and engine.rows_stepped > 2 * engine.steps  # batched, never above max_batch
    http.shutdown()


def test_a_client_that_leaves_frees_its_row(served):
    from m1.serve import Engine, GenerationRequest

    _, model, tokenizer = served
    engine = Engine(model, tokenizer, prefix_cache_tokens=0, max_batch=2)

    def request(text, max_tokens):
        return GenerationRequest(prompt_ids=tokenizer.encode(text), max_tokens=max_tokens, temperature=0.0,
                                 top_p=1.0, top_k=0, stop=[], stream=True, seed=None)

    left = engine.stream(request("A long answer about fever", 64))
    next(left)
    left.close()  # the client went away after its first piece
    steps, rows = engine.steps, engine.rows_stepped
    pieces = list(engine.stream(request("Cough", 10)))
    assert pieces[-1][1] == "length"
    # the abandoned row shares at most the step that was running when it left
    assert (engine.rows_stepped - rows) - (engine.steps - steps) <= 1


def test_a_failing_model_is_a_500_and_the_server_lives_on(served):
    _, model, tokenizer = served
    broken = M1ForCausalLM(model.config).eval()
    trigger = tokenizer.encode("溃疡")[-1]

    def fail_on_trigger(module, args):  # a real fault inside the forward pass, e.g. out of memory
        if bool((args[0] == trigger).any()):
            raise RuntimeError("CUDA out of memory (injected)")

    broken.register_forward_pre_hook(fail_on_trigger)
    server = Server(broken, tokenizer, model_name="m1-tiny")
    http = server.http_server(port=0)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    client = openai.OpenAI(base_url=f"http://127.0.0.1:{http.server_address[1]}/v1", api_key="none", max_retries=0)
    from m1.serve import GenerationRequest

    bystander = server.engine.stream(GenerationRequest(
        prompt_ids=tokenizer.encode("Chest pain"), max_tokens=400, temperature=0.0, top_p=1.0, top_k=0, stop=[],
        stream=True, seed=None))
    next(bystander)  # in the running batch when the failing request arrives
    with pytest.raises(openai.InternalServerError) as info:
        client.completions.create(model="m1-tiny", prompt="胃溃疡", max_tokens=4)
    assert info.value.body["type"] == "server_error" and "out of memory" in info.value.body["message"]
    assert list(bystander)[-1][1] in ("stop", "length")  # a failed prefill fails its own request only
    with pytest.raises(openai.APIError, match="out of memory"):  # streamed: the error arrives as an event
        list(client.completions.create(model="m1-tiny", prompt="胃溃疡", max_tokens=4, stream=True))
    reply = client.completions.create(model="m1-tiny", prompt="Fever", max_tokens=4, temperature=0)
    assert reply.choices[0].finish_reason in ("stop", "length")
    http.shutdown()
