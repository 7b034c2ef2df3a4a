"""Tokens for Chinese, English, mixed, empty and punctuation-only text."""

import pyarrow as pa
import pytest

from classifiers.tokenize import ClassifierTokenizer


@pytest.fixture(scope="module")
def tokenizer():
    return ClassifierTokenizer()


def test_english_words_lower_cased_punctuation_dropped(tokenizer):
    assert tokenizer.joined(["Parkinson's disease: β-blockers, COVID-19 & X-ray!"]) == [
        "parkinson s disease β blockers covid 19 x ray parki disea block"]


def test_long_english_words_add_truncation_stems_after_the_words(tokenizer):
    # cardiology/cardiomyopathy share "cardi"; short words, non-ASCII words and Chinese get none
    assert tokenizer.joined(["Cardiology: cardiomyopathy, heart, naïveté 心肌病"]) == [
        "cardiology cardiomyopathy heart naïveté 心肌病 cardi cardi"]


def test_chinese_uses_jieba_words(tokenizer):
    assert tokenizer.joined(["我最近总是胸闷，做了心电图。"]) == ["我 最近 总是 胸闷 做 了 心电图"]


def test_mixed_text_splits_at_script_changes(tokenizer):
    assert tokenizer.joined(["做了CT，MRI复查结果正常，HbA1c是7.5%"]) == ["做 了 ct mri 复查 结果 正常 hba1c 是 7 5"]


def test_empty_and_punctuation_only_have_no_tokens(tokenizer):
    tokens = tokenizer.tokens(["", "。，！？……", "!!! ... ---", "   \n\t"])
    assert tokens.counts().tolist() == [0, 0, 0, 0]
    assert tokenizer.joined(["", "。，！"]) == ["", ""]


def test_nulls_sliced_arrays_and_other_scripts(tokenizer):
    array = pa.array(["skip", None, "日本語のテキスト", "한국어 ok"], pa.string()).slice(1)
    assert tokenizer.joined(array) == ["", "日本 語 の テ キ ス ト", "한 국 어 ok"]


def test_spans_point_at_token_bytes(tokenizer):
    text = "Fever 发烧 three days"
    tok = tokenizer.tokens([text])
    got = [tok.data[s:e].tobytes().decode() for s, e in zip(tok.starts, tok.ends)]
    assert got == ["fever", "发烧", "three", "days"]
