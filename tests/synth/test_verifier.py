import random

import pytest

from synth.corruption import CORRUPTIONS, corrupt
from synth.draft import Step
from synth.generators.template import TemplateGenerator
from synth.paths import PathSampler, SamplerConfig
from synth.verifier import Verifier


@pytest.fixture(scope="module")
def drafts(tiny_kg):
    paths, _ = PathSampler(tiny_kg, SamplerConfig(group_cap=10)).sample(60, ["zh", "en"], seed=11)
    generator = TemplateGenerator(tiny_kg)
    return [generator.generate(p) for p in paths]


def codes(verifier, draft):
    return {f.code for f in verifier.check(draft)}


def test_template_drafts_pass_and_state_each_cited_edge(tiny_kg, drafts):
    verifier = Verifier(tiny_kg)
    assert len(drafts) >= 40 and {d.path.lang for d in drafts} == {"zh", "en"}
    for draft in drafts:
        assert verifier.check(draft) == []
        for step in draft.steps:
            assert tiny_kg.has_edge(*step.edge)
            text = step.text.lower()
            assert tiny_kg.name(step.head, draft.path.lang).lower() in text and tiny_kg.name(step.tail, draft.path.lang).lower() in text


def test_a_worked_example_in_both_languages(tiny_kg):
    sampler = PathSampler(tiny_kg, SamplerConfig(question_types=(("side_effect", 1.0),), num_options=0, group_cap=10))
    generator = TemplateGenerator(tiny_kg)
    zh, en = (generator.generate(p) for p in sampler.sample(2, ["zh", "en"], seed=0)[0])
    assert zh.answer == "踝部水肿" and en.answer == "ankle edema"
    assert "若选用氨氯地平治疗" in zh.question
    assert [s.relation for s in en.steps] == ["has_symptom", "has_symptom", "treated_by", "has_side_effect"]
    assert en.steps[-1].text == "Amlodipine can cause ankle edema as a side effect."
    assert en.reasoning_text().endswith("Answer: ankle edema")
    assert zh.fluent_reply().endswith("因此，答案是踝部水肿。")


@pytest.mark.parametrize("kind, expected", [
    ("answer_swap", {"wrong_answer"}),
    ("hop_deleted", {"finding_unused", "step_order", "answer_not_derived"}),
    ("fake_edge", {"edge_not_in_kg"}),
    ("steps_shuffled", {"step_order"}),
    ("trace_truncated", {"finding_unused", "answer_not_derived"}),
    ("text_duplicated", {"duplicate_step"}),
])
def test_every_corruption_is_caught_by_the_verifier(tiny_kg, drafts, kind, expected):
    verifier = Verifier(tiny_kg)
    rng = random.Random(kind)
    applied = 0
    for draft in drafts:
        bad = corrupt(draft, kind, tiny_kg, rng)
        if bad is None:
            continue
        applied += 1
        found = codes(verifier, bad)
        assert found & expected, (kind, found, [s.edge for s in bad.steps])
    assert applied >= 20


def test_format_and_text_checks(tiny_kg, drafts):
    verifier = Verifier(tiny_kg)
    draft = next(d for d in drafts if d.options and d.path.lang == "en")
    assert "format" in codes(verifier, draft.copy(answer="not an option"))
    assert "format" in codes(verifier, draft.copy(options=draft.options[:1] * 2))
    assert "format" in codes(verifier, draft.copy(steps=[]))
    assert "format" in codes(verifier, draft.copy(question="  "))
    assert "question_text" in codes(verifier, draft.copy(question="A patient is unwell. What is wrong?"))
    first = draft.steps[0]
    assert "step_text" in codes(verifier, draft.copy(steps=[Step("It is so.", *first.edge)] + draft.steps[1:]))
    assert "unknown_entity" in codes(verifier, draft.copy(steps=[Step(first.text, first.head, first.relation, "symptom:nope")] + draft.steps[1:]))
    assert "edge_not_in_kg" in codes(verifier, draft.copy(steps=[Step(first.text, first.head, "cures", first.tail)] + draft.steps[1:]))


def test_answers_match_by_alias(tiny_kg):
    sampler = PathSampler(tiny_kg, SamplerConfig(question_types=(("diagnosis", 1.0),), num_options=0, group_cap=10))
    generator = TemplateGenerator(tiny_kg)
    verifier = Verifier(tiny_kg)
    for path in sampler.sample(20, ["en"], seed=3)[0]:
        if path.answer == "disease:hypertension":
            draft = generator.generate(path)
            assert verifier.check(draft.copy(answer="High blood pressure")) == []
            break
    else:
        pytest.fail("no hypertension question sampled")


def test_every_corruption_kind_applies_somewhere(tiny_kg, drafts):
    rng = random.Random(0)
    for kind in CORRUPTIONS:
        assert any(corrupt(d, kind, tiny_kg, rng) is not None for d in drafts)
    with pytest.raises(ValueError, match="unknown corruption"):
        corrupt(drafts[0], "typo", tiny_kg, rng)
