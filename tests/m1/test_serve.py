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
