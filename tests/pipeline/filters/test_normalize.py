import pyarrow as pa

from pipeline.filters.normalize import NormalizeConfig, normalize_texts


def norm(texts, **kw):
    return normalize_texts(pa.array(texts), NormalizeConfig(**kw)).to_pylist()


def test_fullwidth_latin_and_digits_become_ascii_but_cjk_punctuation_stays():
    assert norm(["ＣＴ检查显示１２ｍｍ结节，建议随访。"]) == ["CT检查显示12mm结节，建议随访。"]


def test_nfkc_option_folds_cjk_punctuation_too():
    assert norm(["结节，随访。"], unicode_form="NFKC") == ["结节,随访。"]


def test_control_characters_zero_width_and_bom_removed():
    assert norm(["a\x00b\u200bc\ufeffd\x07e"]) == ["abcde"]


def test_whitespace_normalised():
    assert norm(["  line one  \r\n\r\n\r\n\r\nline\t\ttwo  "]) == ["line one\n\nline two"]


def test_empty_whitespace_and_punctuation_only():
    assert norm(["", " \u3000 ", "。。。！！！", "!!!???..."]) == ["", "", "。。。！！！", "!!!???..."]


def test_mixed_text_kept_in_order():
    assert norm(["患者 HbA1c 为 7.5%，\tMRI 未见异常。"]) == ["患者 HbA1c 为 7.5%， MRI 未见异常。"]
