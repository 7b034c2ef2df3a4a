import pytest

from synth.graph import KGError, KnowledgeGraph


def test_nodes_merge_names_into_aliases_and_keep_their_type():
    kg = KnowledgeGraph()
    kg.add_node("disease:copd", "Disease", zh="慢性阻塞性肺疾病", en="COPD", department="pulmonology")
    kg.add_node("disease:copd", "Disease", zh="慢阻肺", en="chronic obstructive pulmonary disease", aliases_en=["COPD"])
    assert kg.name("disease:copd", "zh") == "慢性阻塞性肺疾病"
    assert kg.names("disease:copd", "zh") == ["慢性阻塞性肺疾病", "慢阻肺"]
    assert kg.names("disease:copd", "en") == ["COPD", "chronic obstructive pulmonary disease"]
    with pytest.raises(KGError, match="type Drug conflicts with earlier type Disease"):
        kg.add_node("disease:copd", "Drug", en="x")


def test_edges_are_typed_and_keyed_by_relation(tiny_kg):
    assert tiny_kg.has_edge("disease:hypertension", "treated_by", "drug:amlodipine")
    assert not tiny_kg.has_edge("disease:hypertension", "diagnosed_by", "drug:amlodipine")
    kg = KnowledgeGraph()
    kg.add_node("drug:x", "Drug", en="x")
    kg.add_node("symptom:y", "Symptom", en="y")
    with pytest.raises(KGError, match="treated_by links Disease -> Drug, got Drug -> Symptom"):
        kg.add_edge("drug:x", "treated_by", "symptom:y")
    with pytest.raises(KGError, match="unknown relation 'cures'"):
        kg.add_edge("drug:x", "cures", "symptom:y")
    with pytest.raises(KGError, match="node 'disease:z' is not defined"):
        kg.add_edge("disease:z", "treated_by", "drug:x")


def test_stats_count_types_relations_and_departments(tiny_kg):
    stats = tiny_kg.stats()
    assert stats["nodes_by_type"]["Disease"] == 5 and stats["nodes_by_type"]["Symptom"] == 9
    assert stats["edges_by_relation"]["has_symptom"] == 12
    assert stats["disease_departments"] == {"cardiology": 2, "neurology": 1, "pulmonology": 2}
    assert stats["named"] == {"zh": 34, "en": 34}


def test_bundled_kg_is_bilingual_and_covers_the_departments(bundled_kg):
    stats = bundled_kg.stats()
    assert stats["nodes_by_type"]["Disease"] >= 100
    from classifiers.taxonomy import load_taxonomy

    for department in [e.id for e in load_taxonomy().departments]:  # every clinical department anchors questions
        anchors = [d for d in bundled_kg.nodes_of_type("Disease") if bundled_kg.node(d)["department"] == department
                   and len(bundled_kg.targets(d, "has_symptom")) >= 2]
        assert len(anchors) >= 4, department
    assert stats["named"]["zh"] == stats["nodes"] and stats["named"]["en"] == stats["nodes"]
    for relation in ("has_symptom", "treated_by", "diagnosed_by", "belongs_to_class", "has_mechanism", "managed_in"):
        assert stats["edges_by_relation"].get(relation, 0) >= 20
