import pytest
from pydantic import ValidationError

from pipeline.filters.quality_rules import merge_rules
from pipeline.filters.stage import FilterConfig, FilterStage
from pipeline.map_runner import process_table
from tests.conftest import documents, make_text


@pytest.fixture(scope="module")
def stage():
    return FilterStage()


def test_clean_bilingual_documents_are_kept_with_stats(stage):
    table = documents([make_text("en", 8), make_text("zh", 8), make_text("zh", 4) + " MRI 和 CT 检查都正常。" + make_text("zh", 4, seed=3)])
    kept, rejected, _ = process_table(stage, table, "test")
    assert rejected.num_rows == 0, rejected.column("reject_reason").to_pylist()
    assert kept.column("lang").to_pylist() == ["en", "zh", "zh"]
    assert kept.column("stat_words")[0].as_py() > 50


def test_each_junk_kind_gets_its_reason(stage):
    cases = [
        ("", "empty_after_normalize"),
        ("   ", "empty_after_normalize"),
        ("!!!???...", "lang_undetected"),
        ("。。。！！！", "lang_undetected"),
        ("Short but English text here.", "quality:gopher_min_words"),
        ("Ceci est un texte français assez long pour que la détection soit sûre. " * 6, "lang_not_allowed:fr"),
        ("Same line repeated here for the page.\n" * 30, "quality:gopher_dup_lines"),
        ("#health #tag #doctor #care " * 20 + make_text("en", 5), "quality:gopher_symbol_word_ratio"),
        (make_text("en", 8) + " Lorem ipsum dolor sit amet.", "quality:c4_lorem_ipsum"),
        (make_text("en", 8) + " Call function f() { return 1; }.", "quality:c4_curly_bracket"),
        (make_text("zh", 8) + "\ufffd" * 10 + "。", "quality:replacement_chars"),
        (make_text("en", 8).replace(".", ""), "quality:fineweb_line_punct"),
    ]
    ids = [f"t:{i}" for i in range(len(cases))]
    kept, rejected, _ = process_table(stage, documents([text for text, _ in cases], ids=ids), "junk")
    got = dict(zip(rejected.column("id").to_pylist(), rejected.column("reject_reason").to_pylist()))
    assert kept.num_rows == 0
    assert got == {i: reason for i, (_, reason) in zip(ids, cases)}
    assert set(rejected.column("reject_stage").to_pylist()) == {"filter"}


def test_thresholds_retuned_without_recomputing_stats(stage):
    table = documents([make_text("en", 8)])
    kept, _, _ = process_table(stage, table, "a")
    strict = FilterStage(FilterConfig(rules={"gopher_min_words": {"min": 10_000}}))
    kept2, rejected2, _ = process_table(strict, kept.drop_columns(["lang_score"]), "b")
    assert kept2.num_rows == 0 and rejected2.column("reject_reason").to_pylist() == ["quality:gopher_min_words"]


def test_tag_mode_keeps_every_row(stage):
    tagger = FilterStage(FilterConfig(action="tag"))
    kept, rejected, _ = process_table(tagger, documents(["!!!", make_text("en")]), "t")
    assert kept.num_rows == 2 and rejected.num_rows == 0
    assert "stat_words" in kept.column_names


def test_bad_rule_config_names_the_key():
    with pytest.raises(ValueError, match="no_such_rule"):
        merge_rules({"no_such_rule": {"min": 1}})
    with pytest.raises(ValidationError, match="gopher_min_words.mn|mn"):
        FilterConfig(rules={"gopher_min_words": {"mn": 1}})
    with pytest.raises(ValidationError, match="unicode_form"):
        FilterConfig(normalize={"unicode_form": "NFX"})


def test_every_default_rule_cites_a_source():
    assert all(rule.source for rule in merge_rules({}).values())
