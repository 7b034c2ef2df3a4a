"""Eval numbers against a confusion matrix worked out by hand."""

import json

import pytest

from classifiers.evaluate import evaluate, plot_confusion, score

# gold:      a a a a b b b c c c
# predicted: a a b c b b a c c b
GOLD = list("aaaabbbccc")
PRED = list("aabcbbaccb")


def test_hand_computed_confusion_and_scores():
    s = score(GOLD, PRED, labels=["a", "b", "c"])
    assert s.confusion == [[2, 1, 1], [1, 2, 0], [0, 1, 2]]
    by = {c.label: c for c in s.per_class}
    # a: tp 2, predicted 3, support 4 -> P 2/3, R 1/2, F1 4/7
    assert by["a"].precision == pytest.approx(2 / 3) and by["a"].recall == pytest.approx(0.5)
    assert by["a"].f1 == pytest.approx(4 / 7)
    # b: tp 2, predicted 4, support 3 -> P 1/2, R 2/3, F1 4/7
    assert by["b"].precision == pytest.approx(0.5) and by["b"].f1 == pytest.approx(4 / 7)
    # c: tp 2, predicted 3, support 3 -> P = R = F1 = 2/3
    assert by["c"].f1 == pytest.approx(2 / 3)
    assert [c.support for c in s.per_class] == [4, 3, 3]
    assert s.accuracy == pytest.approx(0.6)
    assert s.macro_f1 == pytest.approx((4 / 7 + 4 / 7 + 2 / 3) / 3)


def test_a_class_predicted_but_never_true_counts_as_zero():
    s = score(["a", "a"], ["a", "z"])
    assert s.labels == ["a", "z"]
    assert s.macro_f1 == pytest.approx((2 / 3 + 0.0) / 2)


def test_split_by_language_and_outputs(tmp_path):
    langs = ["zh"] * 5 + ["en"] * 5
    report = evaluate("t", GOLD, PRED, langs, labels=["a", "b", "c"])
    assert set(report.by_language) == {"en", "zh"}
    zh = report.by_language["zh"]
    assert zh.rows == 5 and zh.accuracy == pytest.approx(3 / 5)  # a a a a b vs a a b c b
    assert json.loads(report.to_json())["overall"]["rows"] == 10
    assert "| a | 0.667 | 0.500 | 0.571 | 4 |" in report.markdown()
    png = plot_confusion(report.overall, tmp_path / "c.png", "t")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError, match="3 gold labels but 2 predictions"):
        score(["a", "b", "c"], ["a", "b"])
