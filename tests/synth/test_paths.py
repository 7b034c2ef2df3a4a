import random
from collections import Counter

import pytest

from synth.paths import QUESTION_TYPES, PathSampler, SamplerConfig, ShortestPaths
from synth.vocabulary import RELATIONS


def test_every_sampled_edge_exists_and_types_follow_the_relations(bundled_kg):
    paths, report = PathSampler(bundled_kg).sample(400, ["zh", "en"], seed=1)
    assert report["sampled"] == len(paths) == 400
    for path in paths:
        for edge in path.edges:
            assert bundled_kg.has_edge(edge.head, edge.relation, edge.tail)
            relation = RELATIONS[edge.relation]
            assert (bundled_kg.node_type(edge.head), bundled_kg.node_type(edge.tail)) == (relation.head, relation.tail)
        assert bundled_kg.node_type(path.anchor) == "Disease"
        assert path.answer in path.valid_answers and path.nodes[-1] == path.answer
        if path.options:
            assert path.options.count(path.answer) == 1 and len(set(path.options)) == 4
            distractors = [o for o in path.options if o != path.answer]
            assert not set(distractors) & set(path.valid_answers)
            assert {bundled_kg.node_type(o) for o in path.options} == {bundled_kg.node_type(path.answer)}


def test_findings_single_out_the_anchor(bundled_kg):
    sampler = PathSampler(bundled_kg)
    paths, _ = sampler.sample(200, ["en"], seed=2)
    for path in paths:
        findings = [e.tail for e in path.findings]
        assert 2 <= len(findings) <= 4
        assert set.intersection(*(sampler.diseases_with(f) for f in findings)) == {path.anchor}


def test_group_cap_holds_per_anchor_and_answer(tiny_kg):
    for cap in (1, 3):
        paths, report = PathSampler(tiny_kg, SamplerConfig(group_cap=cap)).sample(200, ["zh", "en"], seed=0)
        groups = Counter((p.lang, p.anchor, p.answer) for p in paths)
        assert max(groups.values()) == cap
        assert report["sampled"] < 200 and report["rejected_paths"]["group_cap"] > 0  # the tiny KG runs out


def test_departments_are_balanced(bundled_kg):
    paths, report = PathSampler(bundled_kg).sample(480, ["zh"], seed=4)
    counts = Counter(p.department for p in paths)
    assert len(counts) >= 20
    assert max(counts.values()) - min(counts.values()) <= 2


def test_hub_penalty_shifts_choices_away_from_high_degree_nodes(bundled_kg):
    def mean_degree(alpha):
        sampler = PathSampler(bundled_kg, SamplerConfig(hub_alpha=alpha, question_types=(("drug_choice", 1.0),), group_cap=10**6))
        paths, _ = sampler.sample(600, ["en"], seed=5)
        return sum(bundled_kg.degree(p.answer) for p in paths) / len(paths), sum(bundled_kg.degree(p.anchor) for p in paths) / len(paths)

    flat, penalised = mean_degree(0.0), mean_degree(2.0)
    assert penalised[0] < flat[0] and penalised[1] < flat[1]


def test_question_types_follow_their_walks_and_weights(tiny_kg):
    sampler = PathSampler(tiny_kg, SamplerConfig(question_types=(("mechanism", 1.0),), group_cap=100))
    paths, report = sampler.sample(20, ["en"], seed=0)
    assert report["question_types"] == {"mechanism": len(paths)} and paths
    for path in paths:
        assert [e.relation for e in path.hops] == ["treated_by", "belongs_to_class", "has_mechanism"]
        assert path.named == [path.hops[0].tail]  # the question names the drug
        assert tiny_kg.node_type(path.answer) == "Mechanism"
    contra = PathSampler(tiny_kg, SamplerConfig(question_types=(("contraindication", 1.0),), group_cap=100, num_options=3))
    paths, _ = contra.sample(5, ["zh"], seed=0)
    assert {(p.anchor, p.answer) for p in paths} == {("disease:asthma", "drug:propranolol")}  # walked backwards
    with pytest.raises(ValueError, match="unknown question types"):
        PathSampler(tiny_kg, SamplerConfig(question_types=(("riddle", 1.0),)))


def test_two_hop_relation_priors_are_respected(tiny_kg):
    """Hypertension -> stroke (its one complication) -> a drug (prior 0.6) or an exam (prior 0.4)."""
    sampler = PathSampler(tiny_kg, SamplerConfig(num_options=0))
    qtype = QUESTION_TYPES["complication_management"]
    second = Counter()
    for seed in range(2000):
        path = sampler.sample_one("disease:hypertension", qtype, "en", random.Random(seed), seed)
        second[path.walk[1]] += 1
        assert path.hops[0].as_tuple() == ("disease:hypertension", "has_complication", "disease:stroke")
    assert second["treated_by"] / 2000 == pytest.approx(0.6, abs=0.04)
    assert second["diagnosed_by"] / 2000 == pytest.approx(0.4, abs=0.04)


def test_a_language_without_names_yields_nothing(tmp_path):
    from synth.loaders import load_kg

    path = tmp_path / "en_only.tsv"
    path.write_text("head\trelation\ttail\nflu\thas_symptom\tfever\nflu\thas_symptom\tcough\n"
                    "cold\thas_symptom\tsneezing\ncold\thas_symptom\tcough\n", encoding="utf-8")
    kg, _ = load_kg([str(path)])
    assert PathSampler(kg, SamplerConfig(num_options=0)).sample(5, ["zh"], seed=0)[0] == []
    assert len(PathSampler(kg, SamplerConfig(num_options=0)).sample(2, ["en"], seed=0)[0]) == 2


def test_shortest_paths_keep_relations_and_prefer_specific_nodes(tiny_kg):
    finder = ShortestPaths(tiny_kg)
    paths = finder.between("symptom:hemiplegia", "drug:alteplase", max_hops=3)
    assert [(e.head, e.relation, e.tail) for e in paths[0]] == [
        ("disease:stroke", "has_symptom", "symptom:hemiplegia"), ("disease:stroke", "treated_by", "drug:alteplase")]
    assert finder.between("symptom:wheezing", "mechanism:l_type_calcium_channel_blockade", max_hops=2) == []
    assert finder.between("symptom:wheezing", "nowhere") == []
