"""A generated sample before and after checking: question, options, KG-cited steps, answer; and its renderings.

Steps cite edges by node id (head, relation, tail). A generator that writes free text (an LLM) has its
cited names resolved to node ids by the entity linker; names that resolve to nothing stay as written
and fail verification.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from synth.paths import PathSample

LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class Step:
    text: str
    head: str
    relation: str
    tail: str

    @property
    def edge(self) -> tuple[str, str, str]:
        return (self.head, self.relation, self.tail)


@dataclass
class Draft:
    path: PathSample
    question: str
    options: list[str]  # display names, in path.options order; empty = open-ended
    steps: list[Step]
    answer: str  # display name of the chosen answer
    generator: str
    notes: list[str] = field(default_factory=list)  # parse problems and the like, for the verifier

    def copy(self, **changes) -> "Draft":
        return replace(self, steps=list(changes.pop("steps", self.steps)), options=list(changes.pop("options", self.options)),
                       notes=list(changes.pop("notes", self.notes)), **changes)

    # -- renderings -------------------------------------------------------------------------------------
    def prompt_text(self) -> str:
        """What the user asks: the question and its lettered options."""
        lines = [self.question]
        lines += [f"{LETTERS[i]}. {option}" for i, option in enumerate(self.options)]
        return "\n".join(lines)

    def answer_line(self) -> str:
        zh = self.path.lang == "zh"
        label = "答案：" if zh else "Answer: "
        if self.options and self.answer in self.options:
            return f"{label}{LETTERS[self.options.index(self.answer)]}. {self.answer}"
        return f"{label}{self.answer}"

    def reasoning_text(self) -> str:
        """The reply as a chain: numbered steps, then the answer line."""
        header = "推理：" if self.path.lang == "zh" else "Reasoning:"
        lines = [header] + [f"{i + 1}. {step.text}" for i, step in enumerate(self.steps)] + [self.answer_line()]
        return "\n".join(lines)

    def fluent_reply(self) -> str:
        """The same reasoning as one paragraph (HuatuoGPT-o1 rewrites its checked chain into a reply)."""
        chosen = self.answer_line().split("：" if self.path.lang == "zh" else ": ", 1)[1]
        if self.path.lang == "zh":
            return "".join(step.text for step in self.steps) + f"因此，答案是{chosen}。"
        return " ".join(step.text for step in self.steps) + f" Therefore, the answer is {chosen}."

    def document_text(self) -> str:
        """The sample as one pre-training document (question, chain, answer)."""
        return f"{self.prompt_text()}\n{self.reasoning_text()}"

    def messages(self, fluent: bool = True) -> list[dict[str, str]]:
        reply = self.fluent_reply() if fluent else self.reasoning_text()
        return [{"role": "user", "content": self.prompt_text()}, {"role": "assistant", "content": reply}]
