"""LLM generators: any OpenAI-compatible chat endpoint (vLLM serving Baichuan-M1, `m1 serve`, ...) or the
local M1 module in-process, both behind the Generator interface.

The model gets the sampled path as facts with their relation names, the question (the template's,
which it may reword) and the options, and answers in JSON: steps that each cite one fact by
(head, relation, tail), and the answer. Cited names are resolved to KG nodes (the path's own nodes
first, then the entity linker), so the verifier checks the model's citations against the KG.
"""

from __future__ import annotations

import json
import re
from typing import Callable

from synth.draft import Draft, Step
from synth.generators.base import Generator
from synth.generators.template import TemplateGenerator
from synth.graph import KnowledgeGraph
from synth.linking import EntityLinker, normalize
from synth.paths import PathSample
from synth.vocabulary import canonical_relation

SYSTEM = {
    "zh": "你是医学考试命题与讲解专家。只根据给出的知识图谱事实推理，每一步引用一条事实。只输出JSON。",
    "en": "You write and explain medical exam questions. Reason only from the knowledge-graph facts given, "
          "one fact per step. Output JSON only.",
}

STRATEGY_HINTS = {
    "backtrack": "Keep the steps that are correct, go back to the first wrong step and continue from there.",
    "explore_new_path": "Discard the previous reasoning and reason again from the findings along the facts.",
    "correction": "Correct the faulty steps and the answer in place; keep everything else.",
}

ChatFn = Callable[[list[dict]], str]


def _fact_lines(kg: KnowledgeGraph, path: PathSample) -> list[str]:
    lang = path.lang
    return [f"({kg.name(e.head, lang)}, {e.relation}, {kg.name(e.tail, lang)})" for e in path.edges]


def build_messages(kg: KnowledgeGraph, draft_question: str, options: list[str], path: PathSample) -> list[dict]:
    facts = "\n".join(_fact_lines(kg, path))
    listed = "\n".join(f"- {o}" for o in options) if options else "(open-ended)"
    user = (f"Facts (head, relation, tail):\n{facts}\n\nQuestion:\n{draft_question}\n\nOptions:\n{listed}\n\n"
            'Reply with JSON: {"question": "...", "steps": [{"text": "...", "head": "...", "relation": "...", '
            '"tail": "..."}], "answer": "..."}. Each step states one fact in words and cites it; the findings '
            "come first, then each hop; the answer is one option, written exactly as listed."
            + (" Write the question and steps in Chinese." if path.lang == "zh" else ""))
    return [{"role": "system", "content": SYSTEM[path.lang]}, {"role": "user", "content": user}]


def parse_reply(reply: str) -> dict | None:
    """The first JSON object in a reply (fenced or bare), or None."""
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", reply.strip(), flags=re.M)
    start = text.find("{")
    while start != -1:
        depth = 0
        for end in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                try:
                    value = json.loads(text[start : end + 1])
                    return value if isinstance(value, dict) else None
                except json.JSONDecodeError:
                    break
        start = text.find("{", start + 1)
    return None


class LLMGenerator(Generator):
    def __init__(self, kg: KnowledgeGraph, chat: ChatFn, name: str = "llm", linker: EntityLinker | None = None):
        self.kg = kg
        self.chat = chat
        self.name = name
        self.linker = linker or EntityLinker(kg)
        self.template = TemplateGenerator(kg)

    def _resolve(self, name: str, path: PathSample) -> str:
        key = normalize(str(name))
        for node in path.nodes + path.options + path.valid_answers:
            if node == name or any(key == normalize(n) for n in self.kg.names(node)):
                return node
        linked = self.linker.link_term(str(name))
        return linked[0] if linked else str(name)

    def _draft(self, path: PathSample, question: str, options: list[str], reply: str) -> Draft:
        parsed = parse_reply(reply)
        if parsed is None or not isinstance(parsed.get("steps"), list):
            return Draft(path, question, options, [], "", self.name, notes=[f"unparseable reply: {reply[:80]!r}"])
        steps, notes = [], []
        for i, raw in enumerate(parsed["steps"], start=1):
            if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("text", "head", "relation", "tail")):
                notes.append(f"step {i} lacks text/head/relation/tail")
                continue
            relation = canonical_relation(raw["relation"]) or raw["relation"]
            steps.append(Step(raw["text"], self._resolve(raw["head"], path), relation, self._resolve(raw["tail"], path)))
        answer = parsed.get("answer") if isinstance(parsed.get("answer"), str) else ""
        letter = re.fullmatch(r"\s*([A-H])[.)]?\s*", answer or "")
        if letter and options and "ABCDEFGH".index(letter.group(1)) < len(options):
            answer = options["ABCDEFGH".index(letter.group(1))]
        reworded = parsed.get("question") if isinstance(parsed.get("question"), str) and parsed["question"].strip() else question
        return Draft(path, reworded, options, steps, answer.strip(), self.name, notes=notes)

    def generate(self, path: PathSample) -> Draft:
        base = self.template.generate(path)
        return self._draft(path, base.question, base.options, self.chat(build_messages(self.kg, base.question, base.options, path)))

    def revise(self, draft: Draft, problems: list[str], strategy: str) -> Draft:
        messages = build_messages(self.kg, draft.question, draft.options, draft.path)
        previous = json.dumps({"question": draft.question, "answer": draft.answer,
                               "steps": [{"text": s.text, "head": s.head, "relation": s.relation, "tail": s.tail}
                                         for s in draft.steps]}, ensure_ascii=False)
        messages += [{"role": "assistant", "content": previous},
                     {"role": "user", "content": "A checker found these problems:\n- " + "\n- ".join(problems)
                      + f"\n{STRATEGY_HINTS[strategy]} Reply with the full JSON again."}]
        return self._draft(draft.path, draft.question, draft.options, self.chat(messages))


def openai_chat(base_url: str, model: str, api_key: str | None = None, max_tokens: int = 1024,
                temperature: float = 0.0, timeout_s: float = 120.0, retries: int = 3) -> ChatFn:
    """A chat function for any OpenAI-compatible endpoint (the annotate client, with room for a chain)."""
    from classifiers.annotate import EndpointConfig, chat

    endpoint = EndpointConfig(base_url=base_url, model=model, api_key=api_key, timeout_s=timeout_s, retries=retries,
                              max_tokens=max_tokens, temperature=temperature)
    return lambda messages: chat(endpoint, messages)


def m1_chat(model_dir: str, tokenizer_dir: str | None = None, max_new_tokens: int = 512, temperature: float = 0.0,
            seed: int = 0) -> ChatFn:
    """A chat function on the local M1 module in-process: a checkpoint from `m1 train`, generated with
    the same engine `m1 serve` uses."""
    from m1.modeling import M1ForCausalLM
    from m1.serve import Engine, GenerationRequest
    from m1.tokenizer import M1Tokenizer

    engine = Engine(M1ForCausalLM.from_pretrained(model_dir), M1Tokenizer.load(tokenizer_dir or model_dir))

    def reply(messages: list[dict]) -> str:
        prompt = engine.tokenizer.encode(engine.tokenizer.apply_chat_template(messages, add_generation_prompt=True))
        request = GenerationRequest(prompt_ids=prompt, max_tokens=max_new_tokens, temperature=temperature, top_p=1.0,
                                    top_k=0, stop=[], stream=False, seed=seed)
        return "".join(piece for piece, _ in engine.stream(request))

    return reply
