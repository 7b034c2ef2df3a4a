"""The compiled segmenter gives jieba's own words (HMM off) on every Han run."""

import random
import re

import jieba
import pytest

from classifiers.tokenize import ClassifierTokenizer
from tests.conftest import ZH_SENTENCES


@pytest.fixture(scope="module")
def tokenizer():
    return ClassifierTokenizer()


def _han_runs(text):
    return re.findall("[\u4e00-\u9fd5]+", text)


def test_equals_jieba_on_varied_chinese(tokenizer):
    rng = random.Random(3)
    pool = "".join(ZH_SENTENCES) + "医生您好我妈妈最近总是胸闷气短晚上睡不着觉做了心脏彩超说是二尖瓣反流请问需要手术吗孩子发烧三十九度咳嗽有痰"
    chars = [c for c in pool if "\u4e00" <= c <= "\u9fd5"]
    runs = [run for s in ZH_SENTENCES for run in _han_runs(s)]
    runs += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 60))) for _ in range(400)]
    ours = tokenizer.joined(runs)
    mismatches = [(run, got) for run, got in zip(runs, ours) if got.split(" ") != jieba.lcut(run, HMM=False)]
    assert mismatches == []


def test_ties_and_unknown_characters_follow_jieba(tokenizer):
    # rare characters are outside the dictionary (frequency 1 in jieba's route)
    for run in ["龘靐齉", "的的的的", "中华人民共和国成立了", "研究生命起源"]:
        assert tokenizer.joined([run])[0].split(" ") == jieba.lcut(run, HMM=False)


def test_user_dict_adds_words(tmp_path):
    plain = ClassifierTokenizer()
    word = "奈玛特韦利托那韦"
    assert plain.joined([word])[0] != word
    user_dict = tmp_path / "words.txt"
    user_dict.write_text(f"{word} 1000 n\n", encoding="utf-8")
    extended = ClassifierTokenizer(str(user_dict))
    assert extended.joined([word])[0] == word
    assert extended.fingerprint != plain.fingerprint
