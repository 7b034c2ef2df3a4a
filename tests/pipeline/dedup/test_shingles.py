import numpy as np
import pyarrow as pa

from pipeline.dedup.shingles import shingle_hashes, token_stream


def shingle_set(text, **kw):
    s = shingle_hashes(pa.array([text]), **kw)
    return set(s.hashes.tolist())


def test_tokens_chinese_characters_english_words_mixed():
    hashes, doc, is_han = token_stream(pa.array(["患者 HbA1c 为7.5%，建议复查。", "Hello, World!  hello", "", "！！！", "。。。!!!"]))
    assert doc.tolist() == [0] * 9 + [1] * 3  # empty and punctuation-only documents have no tokens
    assert is_han.tolist() == [True, True, False, True, False, True, True, True, True, False, False, False]
    assert hashes[9] == hashes[11]  # "Hello," and "hello" are one token


def test_normalisation_makes_case_punctuation_width_and_spacing_irrelevant():
    base = shingle_set("The patient, aged 56, had chest pain for three days.")
    assert base == shingle_set("the PATIENT aged 56 had   chest pain for three days")
    assert base == shingle_set("Ｔｈｅ patient， aged ５６ had chest pain for three days！")
    zh = shingle_set("患者男，五十六岁，因反复胸痛三天来医院就诊。")
    assert zh == shingle_set("患者男 五十六岁 因反复胸痛三天来医院就诊")


def test_word_ngrams_for_english_character_ngrams_for_chinese():
    en = shingle_hashes(pa.array(["one two three four five six seven"]), ngram=5)
    assert len(en.hashes) == 3  # 7 words -> 3 word 5-grams
    zh = shingle_hashes(pa.array(["一二三四五六七八"]), char_ngram=5)
    assert len(zh.hashes) == 4  # 8 characters -> 4 character 5-grams
    zh3 = shingle_hashes(pa.array(["一二三四五六七八"]), char_ngram=3)
    assert len(zh3.hashes) == 6


def test_mixed_text_follows_its_majority_script():
    mostly_zh = shingle_hashes(pa.array(["患者的血压和血糖都正常 MRI 未见异常"]), ngram=5, char_ngram=2)
    assert len(mostly_zh.hashes) == 16 - 1  # 11 + 4 Han characters and MRI: 16 tokens, character bigrams
    mostly_en = shingle_hashes(pa.array(["the MRI of the brain was normal 正常"]), ngram=3, char_ngram=2)
    assert len(mostly_en.hashes) == 9 - 2  # 7 words and 2 Han characters: word 3-grams


def test_short_documents_are_one_shingle_and_empty_ones_none():
    s = shingle_hashes(pa.array(["just three words", "", "!!!", "两个"]))
    assert s.doc.tolist() == [0, 3]
    assert s.n_docs == 4


def test_hashes_do_not_depend_on_the_batch():
    text = "The patient was admitted with chest pain that lasted three days."
    alone = shingle_hashes(pa.array([text])).hashes
    in_batch = shingle_hashes(pa.array(["患者男，五十六岁。", text, "other words here and there"]))
    assert np.array_equal(alone, in_batch.hashes[in_batch.doc == 1])
