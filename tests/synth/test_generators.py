"""LLM generators over a real HTTP endpoint (an OpenAI-protocol stand-in that reasons from the given
facts) and over the local M1 module, through the verifier and the reflection loop."""

import json
import random
import re

import pytest
import torch

from synth.generators.llm import LLMGenerator, m1_chat, openai_chat, parse_reply
from synth.paths import PathSampler, SamplerConfig
from synth.reflection import Reflector, ReflectionConfig
from synth.verifier import Verifier
from tests.openai_standin import ChatHandler, serve


class _FactReader(ChatHandler):
    """Answers from the facts in the prompt: steps in order, each citing its fact. The first answer to a
    question is deliberately a wrong option; once told what failed, it answers right. A question with
    "wheezing"/"喘息" in it gets prose instead of JSON."""

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        prompt = body["messages"][1]["content"]
        facts = re.findall(r"^\((.+?), (\w+), (.+?)\)$", prompt, flags=re.M)
        options = re.findall(r"^- (.+)$", prompt.split("Options:\n", 1)[1], flags=re.M)
        revising = any("A checker found" in m["content"] for m in body["messages"])
        zh = "Write the question and steps in Chinese" in prompt
        hops = [f for f in facts if f[1] != "has_symptom"]
        if not hops:
            answer = facts[0][0]
        else:
            answer = hops[-1][0] if hops[-1][1] == "contraindicated_in" else hops[-1][2]
        if not revising and options:
            answer = next(o for o in options if o != answer)
        steps = [{"text": f"{h}{'，' if zh else ' '}{r.replace('_', ' ')}{'，' if zh else ' '}{t}.", "head": h, "relation": r, "tail": t}
                 for h, r, t in facts]
        reply = "```json\n" + json.dumps({"steps": steps, "answer": answer}, ensure_ascii=False) + "\n```"
        if "wheezing" in prompt or "喘息" in prompt:
            reply = "I think it is probably asthma, but I cannot format that."
        self.reply(reply)


@pytest.fixture(scope="module")
def endpoint():
    url, server = serve(_FactReader)
    yield url
    server.shutdown()


def test_an_endpoint_generator_is_verified_and_corrected_by_reflection(tiny_kg, endpoint):
    paths, _ = PathSampler(tiny_kg, SamplerConfig(group_cap=10, open_ended_share=0.0, num_options=3)).sample(30, ["zh", "en"], seed=8)
    generator = LLMGenerator(tiny_kg, openai_chat(endpoint, "stand-in"), name="openai:stand-in")
    verifier = Verifier(tiny_kg, generator.linker)
    outcomes = Reflector(generator, verifier, None, ReflectionConfig(max_depth=2)).run([generator.generate(p) for p in paths])
    prose = [o for o in outcomes if any(f.endswith("symptom:wheezing") for f in o.final.path.nodes)]
    fixed = [o for o in outcomes if o not in prose]
    assert fixed and prose
    for outcome in fixed:
        assert {f.code for f in outcome.failures[0]} >= {"wrong_answer"}  # the first answer was a wrong option
        assert outcome.passed and outcome.attempts == 2
        assert outcome.final.answer == tiny_kg.name(outcome.final.path.answer, outcome.final.path.lang)
        assert [s.edge for s in outcome.final.steps] == [e.as_tuple() for e in outcome.final.path.edges]  # names resolved to ids
    for outcome in prose:
        assert not outcome.passed and "format" in outcome.reject_reason().split(":", 1)[1].split(",")
        assert outcome.attempts == 3


def test_reply_parsing_takes_the_first_json_object():
    assert parse_reply('Sure!\n```json\n{"steps": [], "answer": "B"}\n```') == {"steps": [], "answer": "B"}
    assert parse_reply('noise {not json} then {"a": {"b": 1}} tail') == {"a": {"b": 1}}
    assert parse_reply("no braces at all") is None
    assert parse_reply("") is None


def test_the_local_m1_generator_runs_in_process(tiny_kg, tmp_path):
    from m1.config import M1Config
    from m1.modeling import M1ForCausalLM
    from m1.tokenizer import M1Tokenizer, train_tokenizer

    rng = random.Random(3)
    texts = [f"{rng.choice(['头痛', 'fever', '高血压', 'cough'])} {rng.random():.5f}" for _ in range(300)]
    tokenizer = M1Tokenizer(train_tokenizer(texts, vocab_size=400))
    torch.manual_seed(0)
    M1ForCausalLM(M1Config(vocab_size=tokenizer.vocab_size, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                           num_attention_heads=2, num_key_value_heads=1, num_swa_attention_heads=4,
                           num_swa_key_value_heads=2, sliding_window=16, sliding_window_layers=[1])).save_pretrained(tmp_path)
    tokenizer.save(tmp_path)
    chat = m1_chat(str(tmp_path), max_new_tokens=12)
    reply = chat([{"role": "user", "content": "患者头痛。"}])
    assert isinstance(reply, str) and reply == chat([{"role": "user", "content": "患者头痛。"}])  # greedy: deterministic
    generator = LLMGenerator(tiny_kg, chat, name="m1")
    path = PathSampler(tiny_kg).sample(1, ["zh"], seed=0)[0][0]
    draft = generator.generate(path)
    # An untrained model writes no JSON: the draft carries the parse problem and the verifier rejects it.
    assert draft.steps == [] and draft.notes and draft.notes[0].startswith("unparseable reply")
    assert "format" in {f.code for f in Verifier(tiny_kg).check(draft)}
