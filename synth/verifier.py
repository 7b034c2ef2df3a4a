"""The KG verifier: a draft passes only if every check holds. Each failure is a code plus detail.

Checks (codes):
- format: question, steps and answer present; options distinct, 2-8 of them, answer among them once
- unknown_entity: a step cites a head or tail that is not a KG node
- edge_not_in_kg: a step cites (head, relation, tail) that the KG does not hold
- type_mismatch: a cited relation joins node types its signature does not allow
- step_text: a step's text does not name both nodes of its edge (in the sample's language)
- duplicate_step: the same edge is cited twice
- findings_not_identifying: the question's findings do not single out the anchor disease in the KG
- question_text: the question (a generator may reword it) no longer names every finding
- finding_unused: a finding stated in the question is not cited by any step
- step_order: a hop step comes before the diagnosis is reached, or leaves from a node not reached yet
- answer_not_derived: the chain of steps does not end at the answer
- wrong_answer: the answer is not the gold entity (or one of its aliases / another valid answer)
"""

from __future__ import annotations

from dataclasses import dataclass

from synth.draft import Draft
from synth.graph import KnowledgeGraph
from synth.linking import EntityLinker, normalize
from synth.paths import PathSampler
from synth.vocabulary import RELATIONS


@dataclass(frozen=True)
class Failure:
    code: str
    detail: str

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}"


class Verifier:
    def __init__(self, kg: KnowledgeGraph, linker: EntityLinker | None = None):
        self.kg = kg
        self.linker = linker
        self.sampler = PathSampler(kg)  # for the findings-identify-the-disease check

    def _mentions(self, text: str, node: str, lang: str) -> bool:
        key = normalize(text).replace(" ", "") if lang == "zh" else normalize(text)
        return any((normalize(n).replace(" ", "") if lang == "zh" else normalize(n)) in key for n in self.kg.names(node))

    def _is_answer(self, answer: str, valid: list[str]) -> bool:
        key = normalize(answer)
        if any(key == normalize(name) for node in valid for name in self.kg.names(node)):
            return True
        if self.linker is not None:
            linked = self.linker.link_term(answer, fuzzy=False)
            return linked is not None and linked[0] in valid
        return False

    def check(self, draft: Draft) -> list[Failure]:
        path, lang = draft.path, draft.path.lang
        failures = [Failure("format", note) for note in draft.notes]
        if not draft.question.strip():
            failures.append(Failure("format", "empty question"))
        if not draft.steps:
            failures.append(Failure("format", "no reasoning steps"))
        if not draft.answer.strip():
            failures.append(Failure("format", "empty answer"))
        if draft.options:
            if len(set(draft.options)) != len(draft.options) or not 2 <= len(draft.options) <= 8:
                failures.append(Failure("format", f"options must be 2-8 distinct, got {draft.options}"))
            if draft.options.count(draft.answer) != 1:
                failures.append(Failure("format", f"answer '{draft.answer}' is not exactly one of the options"))

        seen, cited_nodes = set(), set()
        for i, step in enumerate(draft.steps, start=1):
            missing = [n for n in (step.head, step.tail) if n not in self.kg]
            if missing:
                failures.append(Failure("unknown_entity", f"step {i}: {', '.join(missing)}"))
                continue
            relation = RELATIONS.get(step.relation)
            if relation is None or not self.kg.has_edge(*step.edge):
                failures.append(Failure("edge_not_in_kg", f"step {i}: ({step.head}, {step.relation}, {step.tail})"))
            elif (self.kg.node_type(step.head), self.kg.node_type(step.tail)) != (relation.head, relation.tail):
                failures.append(Failure("type_mismatch", f"step {i}: {step.relation}"))
            if not (self._mentions(step.text, step.head, lang) and self._mentions(step.text, step.tail, lang)):
                failures.append(Failure("step_text", f"step {i} does not name both {step.head} and {step.tail}"))
            if step.edge in seen:
                failures.append(Failure("duplicate_step", f"step {i} repeats ({step.head}, {step.relation}, {step.tail})"))
            seen.add(step.edge)
            cited_nodes.update((step.head, step.tail))

        findings = [e.tail for e in path.findings]
        candidates = set.intersection(*(self.sampler.diseases_with(f) for f in findings)) if findings else set()
        if candidates != {path.anchor}:
            failures.append(Failure("findings_not_identifying", f"{len(candidates)} diseases share all findings"))
        unnamed = [f for f in findings if not self._mentions(draft.question, f, lang)]
        if unnamed:
            failures.append(Failure("question_text", f"the question does not name {', '.join(unnamed)}"))
        unused = [f for f in findings if (path.anchor, "has_symptom", f) not in seen]
        if unused:
            failures.append(Failure("finding_unused", ", ".join(unused)))
        failures += self._chain(draft)
        if not self._is_answer(draft.answer, path.valid_answers):
            failures.append(Failure("wrong_answer", f"'{draft.answer}' is not {path.answer}"))
        return failures

    def _chain(self, draft: Draft) -> list[Failure]:
        """Hop steps walk out from the diagnosed anchor, each from a node already reached, and end at the answer."""
        path = draft.path
        reached = None  # the anchor counts as reached once every finding step has been given
        finding_steps = {(path.anchor, "has_symptom", e.tail) for e in path.findings}
        remaining = set(finding_steps)
        known: set[str] = set()
        last = path.anchor if not path.hops else None
        for i, step in enumerate(draft.steps, start=1):
            if step.edge in finding_steps:
                remaining.discard(step.edge)
                if reached is not None:
                    return [Failure("step_order", f"step {i} gives a finding after the reasoning moved on")]
                continue
            if remaining:
                return [Failure("step_order", f"step {i} leaves the diagnosis before all findings are weighed")]
            if reached is None:
                reached, known = path.anchor, {path.anchor}
            if step.head in known:
                last = step.tail
            elif step.tail in known:
                last = step.head  # an edge walked backwards (contraindicated_in)
            else:
                return [Failure("step_order", f"step {i} starts from a node not reached yet")]
            known.update((step.head, step.tail))
        if path.hops and last not in path.valid_answers:
            return [Failure("answer_not_derived", "the steps do not reach the answer")]
        if path.hops and last != self._answer_node(draft):
            return [Failure("answer_not_derived", "the last step does not end at the given answer")]
        return []

    def _answer_node(self, draft: Draft) -> str | None:
        key = normalize(draft.answer)
        for node in draft.path.valid_answers:
            if any(key == normalize(n) for n in self.kg.names(node)):
                return node
        return None
