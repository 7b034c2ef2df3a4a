import math

import pyarrow as pa
import pytest

from pipeline.filters.quality_stats import compute_stats
from schemas.annotations import QUALITY_STAT_FIELDS


def stats(text):
    return {k: v[0].as_py() for k, v in compute_stats(pa.array([text])).items()}


def test_every_declared_stat_is_computed_with_its_type():
    out = compute_stats(pa.array(["hello world"]))
    assert list(out) == [f.name for f in QUALITY_STAT_FIELDS]
    for field in QUALITY_STAT_FIELDS:
        assert out[field.name].type == field.type


def test_english_words_lines_and_stopwords():
    s = stats("The cat sat on the mat.\nA dog ran to the park with a ball!")
    assert s["stat_words"] == 15
    assert s["stat_lines"] == 2
    assert s["stat_stopwords"] == 5  # the x3, to, with
    assert s["stat_mean_word_len"] == pytest.approx(sum(map(len, "The cat sat on the mat. A dog ran to the park with a ball!".split())) / 15)
    assert s["stat_terminal_punct_line_frac"] == 1.0
    assert s["stat_cjk_frac"] == 0.0


def test_chinese_counts_characters_as_words():
    s = stats("患者的血压是正常的。")
    assert s["stat_words"] == 9  # nine Han characters; the full stop rides on the last one
    assert s["stat_cjk_frac"] == pytest.approx(9 / 10)
    assert s["stat_stopwords"] == 3  # 的, 是, 的
    assert s["stat_mean_word_len"] is None  # no non-Han words: the English word-length rule does not apply
    assert s["stat_alpha_word_frac"] == 1.0


def test_mixed_chinese_english():
    s = stats("患者 MRI 检查 normal")
    assert s["stat_words"] == 6
    assert s["stat_mean_word_len"] == pytest.approx((3 + 6) / 2)


def test_empty_and_punctuation_only():
    empty = stats("")
    assert empty["stat_words"] == 0 and empty["stat_lines"] == 0 and empty["stat_chars"] == 0
    assert empty["stat_mean_word_len"] is None
    punct = stats("!!!???...")
    assert punct["stat_words"] == 1
    assert punct["stat_alpha_word_frac"] == 0.0
    assert punct["stat_ellipsis_line_frac"] == 1.0
    zh_punct = stats("。。。！！！")
    assert zh_punct["stat_alpha_word_frac"] == 0.0 and zh_punct["stat_cjk_frac"] == 0.0


def test_duplicate_lines_counted_from_second_occurrence():
    s = stats("same line here\nsame line here\nsame line here\nanother one")
    assert s["stat_dup_line_frac"] == pytest.approx(2 / 4)
    assert s["stat_dup_line_char_frac"] == pytest.approx(28 / (14 * 3 + 11))


def test_repeated_ngrams():
    s = stats("alpha beta gamma delta epsilon " * 4)
    assert s["stat_dup_5gram_char_frac"] > 0.7
    assert s["stat_top_2gram_char_frac"] > 0.3
    clean = stats("one two three four five six seven eight nine ten")
    assert clean["stat_dup_5gram_char_frac"] == 0.0 and clean["stat_top_2gram_char_frac"] == 0.0


def test_ngrams_do_not_cross_documents():
    out = compute_stats(pa.array(["a b c d e", "a b c d e"]))
    assert out["stat_dup_5gram_char_frac"].to_pylist() == [0.0, 0.0]


def test_markers():
    s = stats("Lorem ipsum dolor sit amet {x}\n# tag # tag\n- item one...\n\ufffd\ufffd")
    assert s["stat_has_lorem_ipsum"] and s["stat_has_curly_bracket"]
    assert s["stat_bullet_line_frac"] == pytest.approx(1 / 4)
    assert s["stat_replacement_char_frac"] > 0
    assert math.isclose(s["stat_symbol_word_ratio"], 3 / 14)  # "#" x2 and one "..." over 14 words
