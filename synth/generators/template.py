"""Deterministic template generator (Chinese and English): every step is one KG edge stated in words.

Questions are short clinical vignettes: the findings that identify the anchor disease, then the ask of
the question type. Wording varies by a hash of the sample id, so reruns are byte-identical.
"""

from __future__ import annotations

import zlib

from synth.draft import Draft, Step
from synth.generators.base import Generator
from synth.graph import Edge, KnowledgeGraph
from synth.paths import PathSample
from synth.vocabulary import RELATIONS

LEADS = {
    "zh": ["患者出现{f}。", "某患者因{f}就诊。", "患者主诉{f}。", "一名患者近期有{f}。"],
    "en": ["A patient presents with {f}.", "A patient reports {f}.", "A patient is seen for {f}.",
           "On examination, a patient has {f}."],
}

ASKS = {
    "zh": {
        "diagnosis": "最可能的诊断是什么？",
        "exam_choice": "为明确诊断，应首选哪项检查？",
        "drug_choice": "下列哪种药物可用于治疗该病？",
        "complication": "该病可能出现的并发症是什么？",
        "gene": "该病与哪个基因相关？",
        "contraindication": "下列哪种药物禁用于该患者？",
        "mechanism": "若选用{n0}治疗，该药的作用机制是什么？",
        "side_effect": "若选用{n0}治疗，需警惕哪种不良反应？",
        "complication_management:treated_by": "针对该病的并发症，可选用哪种药物？",
        "complication_management:diagnosed_by": "该病的并发症可通过哪项检查明确？",
    },
    "en": {
        "diagnosis": "What is the most likely diagnosis?",
        "exam_choice": "Which test best confirms the diagnosis?",
        "drug_choice": "Which drug is used to treat this condition?",
        "complication": "Which complication can this condition lead to?",
        "gene": "Which gene is associated with this condition?",
        "contraindication": "Which drug is contraindicated in this patient?",
        "mechanism": "If {n0} is chosen, what is its mechanism of action?",
        "side_effect": "If {n0} is chosen, which adverse effect should be watched for?",
        "complication_management:treated_by": "Which drug treats a complication of this condition?",
        "complication_management:diagnosed_by": "Which test confirms a complication of this condition?",
    },
}

CONCLUDE = {"zh": "综合以上表现，最符合{d}。", "en": "Taken together, the findings point to {d}."}


def join_names(names: list[str], lang: str) -> str:
    if lang == "zh":
        return "、".join(names[:-1]) + ("和" if len(names) > 1 else "") + names[-1]
    return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]


def ask_key(path: PathSample) -> str:
    key = f"{path.question_type}:{path.walk[-1].lstrip('~')}" if path.walk else path.question_type
    return key if key in ASKS["en"] else path.question_type


class TemplateGenerator(Generator):
    name = "template"

    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg

    def _variant(self, path: PathSample, choices: list[str]) -> str:
        return choices[zlib.crc32(path.id.encode()) % len(choices)]

    def question(self, path: PathSample) -> str:
        lang = path.lang
        findings = join_names([self.kg.name(e.tail, lang) for e in path.findings], lang)
        ask = ASKS[lang][ask_key(path)].format(n0=self.kg.name(path.named[0], lang) if path.named else "")
        return self._variant(path, LEADS[lang]).format(f=findings) + ("" if lang == "zh" else " ") + ask

    def step(self, edge: Edge, lang: str, conclude: str | None = None) -> Step:
        text = RELATIONS[edge.relation].sentence(lang, self.kg.name(edge.head, lang), self.kg.name(edge.tail, lang))
        if conclude:
            text += ("" if lang == "zh" else " ") + CONCLUDE[lang].format(d=conclude)
        return Step(text, edge.head, edge.relation, edge.tail)

    def steps(self, path: PathSample) -> list[Step]:
        lang = path.lang
        anchor_name = self.kg.name(path.anchor, lang)
        out = [self.step(e, lang, conclude=anchor_name if i == len(path.findings) - 1 else None)
               for i, e in enumerate(path.findings)]
        return out + [self.step(e, lang) for e in path.hops]

    def generate(self, path: PathSample) -> Draft:
        lang = path.lang
        options = [self.kg.name(n, lang) for n in path.options]
        return Draft(path=path, question=self.question(path), options=options, steps=self.steps(path),
                     answer=self.kg.name(path.answer, lang), generator=self.name)

    def revise(self, draft: Draft, problems: list[str], strategy: str) -> Draft:
        """Revision from the KG: keep the sound prefix and redo the rest (backtrack), redo the chain
        (explore_new_path), or replace only the faulty steps and the answer (correction)."""
        truth = self.steps(draft.path)
        answer = self.kg.name(draft.path.answer, draft.path.lang)
        question = self.question(draft.path)  # the template owns the wording of its questions
        if strategy == "explore_new_path":
            return draft.copy(steps=truth, answer=answer, question=question, notes=[])
        if strategy == "backtrack":
            keep = 0
            while keep < min(len(draft.steps), len(truth)) and draft.steps[keep].edge == truth[keep].edge:
                keep += 1
            return draft.copy(steps=draft.steps[:keep] + truth[keep:], answer=answer, question=question, notes=[])
        if strategy == "correction":
            true_edges = {s.edge: s for s in truth}
            fixed, seen = [], set()
            for step in draft.steps:
                if step.edge in seen:
                    continue  # a repeated step
                if step.edge in true_edges:
                    fixed.append(true_edges[step.edge])
                    seen.add(step.edge)
            missing = [s for s in truth if s.edge not in seen]  # deleted or replaced steps go back in place
            order = {s.edge: i for i, s in enumerate(truth)}
            fixed = sorted(fixed + missing, key=lambda s: order[s.edge])
            return draft.copy(steps=fixed, answer=answer, question=question, notes=[])
        raise ValueError(f"unknown revision strategy '{strategy}'")
