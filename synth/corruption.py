"""Controlled corruptions of a verified draft: the rejected side of the reward model's default pairs.

Each corruption makes one kind of mistake a generator makes; `corrupt` returns None where a kind does
not apply (shuffling a chain with one step changes nothing).
"""

from __future__ import annotations

import random

from synth.draft import Draft, Step
from synth.generators.template import TemplateGenerator
from synth.graph import Edge, KnowledgeGraph

CORRUPTIONS = ("answer_swap", "hop_deleted", "fake_edge", "steps_shuffled", "trace_truncated", "text_duplicated")


def corrupt(draft: Draft, kind: str, kg: KnowledgeGraph, rng: random.Random) -> Draft | None:
    steps, lang = draft.steps, draft.path.lang
    if kind == "answer_swap":
        # A same-type neighbour: another option when there are options, else a node of the answer's type.
        pool = [o for o in draft.options if o != draft.answer] or [
            kg.name(n, lang) for n in kg.nodes_of_type(kg.node_type(draft.path.answer))
            if n not in draft.path.valid_answers and kg.node(n).get(lang)]
        return draft.copy(answer=rng.choice(pool)) if pool else None
    if kind == "hop_deleted":
        if len(steps) < 2:
            return None
        index = rng.randrange(len(steps))
        return draft.copy(steps=steps[:index] + steps[index + 1:])
    if kind == "fake_edge":
        index = rng.randrange(len(steps))
        step = steps[index]
        if step.tail not in kg:
            return None
        pool = [n for n in kg.nodes_of_type(kg.node_type(step.tail))
                if not kg.has_edge(step.head, step.relation, n) and kg.node(n).get(lang)]
        if not pool:
            return None
        fake = rng.choice(pool)
        stated = TemplateGenerator(kg).step(Edge(step.head, step.relation, fake), lang)
        return draft.copy(steps=steps[:index] + [stated] + steps[index + 1:])
    if kind == "steps_shuffled":
        if not draft.path.hops or len(steps) < 2:
            return None
        for _ in range(10):
            order = rng.sample(range(len(steps)), len(steps))
            shuffled = [steps[i] for i in order]
            # Reordering findings among themselves is still a sound chain: require a hop to move.
            if _hops_moved(steps, shuffled, draft):
                return draft.copy(steps=shuffled)
        return None
    if kind == "trace_truncated":
        if len(steps) < 2:
            return None
        cut = rng.randrange(1, len(steps))
        return draft.copy(steps=steps[:cut])
    if kind == "text_duplicated":
        index = rng.randrange(len(steps))
        return draft.copy(steps=steps[:index + 1] + [steps[index]] + steps[index + 1:])
    raise ValueError(f"unknown corruption '{kind}' (kinds: {', '.join(CORRUPTIONS)})")


def _hops_moved(original: list[Step], shuffled: list[Step], draft: Draft) -> bool:
    findings = {(e.head, e.relation, e.tail) for e in draft.path.findings}
    positions = [i for i, s in enumerate(shuffled) if s.edge not in findings]
    hop_order = [s.edge for s in shuffled if s.edge not in findings]
    original_hops = [s.edge for s in original if s.edge not in findings]
    return hop_order != original_hops or positions[0] < len(findings)


def corruption_pairs(drafts: list[Draft], kg: KnowledgeGraph, seed: int) -> list[tuple[str, str, str]]:
    """(clean text, corrupted text, corruption) for every kind that applies to each draft."""
    out = []
    for draft in drafts:
        rng = random.Random(f"{seed}:{draft.path.id}")
        for kind in CORRUPTIONS:
            bad = corrupt(draft, kind, kg, rng)
            if bad is not None:
                out.append((draft.document_text(), bad.document_text(), kind))
    return out
