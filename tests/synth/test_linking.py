import pytest

from synth.linking import EntityLinker, LinkerConfig


@pytest.fixture(scope="module")
def linker(tiny_kg):
    return EntityLinker(tiny_kg)


def test_chinese_text_links_longest_aliases(linker):
    mentions = linker.link_text("患者有高血压病史，近日头痛、头晕，服用氨氯地平。")
    assert [(m.surface, m.node) for m in mentions] == [
        ("高血压病", "disease:hypertension"), ("头痛", "symptom:headache"), ("头晕", "symptom:dizziness"),
        ("氨氯地平", "drug:amlodipine")]
    assert [m.surface for m in linker.link_text("高血压患者")] == ["高血压"]


def test_english_phrases_match_whole_words_case_insensitively(linker):
    mentions = linker.link_text("Shortness of breath and High Blood Pressure; no headaches, but a chest pain.")
    assert [(m.surface, m.node) for m in mentions] == [
        ("Shortness of breath", "symptom:dyspnea"), ("High Blood Pressure", "disease:hypertension"),
        ("chest pain", "symptom:chest_pain")]  # "headaches" is not the word "headache"


def test_mixed_empty_and_punctuation_only_text(linker):
    assert [m.node for m in linker.link_text("ECG示心绞痛, treated with nitroglycerin")] == [
        "exam:ecg", "disease:angina", "drug:nitroglycerin"]
    assert linker.link_text("") == []
    assert linker.link_text("。，！？...---") == []


def test_fuzzy_terms_link_above_the_accept_threshold_only(linker):
    assert linker.link_term("hypertention") == ("disease:hypertension", pytest.approx(0.75, abs=0.1))
    assert linker.link_term("amlodipin")[0] == "drug:amlodipine"
    assert linker.link_term("zebra") is None
    assert linker.link_term("hypertention", fuzzy=False) is None
    strict = EntityLinker(linker.kg, LinkerConfig(accept_threshold=0.99))
    assert strict.link_term("hypertention") is None
    assert strict.candidates("hypertention")[0][0] == "disease:hypertension"  # still a candidate
