"""Composed documents: every slot filled, class vocabulary present, held-out wording kept apart."""

import random
import re

import pytest

from classifiers.bootstrap.compose import GENERAL_GENRES, MEDICAL_GENRES, Composer, Lexicons, held_out


@pytest.fixture(scope="module")
def lexicons():
    return Lexicons.load("train"), Lexicons.load("test")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_genre_fills_every_slot(lexicons, lang):
    compose = Composer(lexicons[0], random.Random(1))
    docs = [compose.medical(lang, "cardiology", g) for g in MEDICAL_GENRES]
    docs += [compose.general(lang, "law", g) for g in GENERAL_GENRES]
    docs += [compose.junk(lang), compose.low_value_medical(lang, "dermatology")]
    for doc in docs:
        assert doc.strip() and not re.search(r"\{[a-z_0-9]+\}", doc), doc


def test_documents_carry_their_class_vocabulary(lexicons):
    train = lexicons[0]
    compose = Composer(train, random.Random(2), bleed=0.0)
    vocabulary = {item for key, items in train.departments["zh"]["ophthalmology"].items() for item in items}
    docs = [compose.medical("zh", "ophthalmology") for _ in range(50)]
    carrying = [sum(item in doc for item in vocabulary) for doc in docs]
    assert sum(c > 0 for c in carrying) >= 45 and sum(carrying) / len(docs) >= 3


def test_train_and_held_out_items_are_disjoint(lexicons):
    train, test = lexicons
    for lang in ("zh", "en"):
        for key in ("diseases", "symptoms", "phrases"):
            a = set(train.departments[lang]["neurology"][key])
            b = set(test.departments[lang]["neurology"][key])
            assert a and b and not (a & b)
            assert all(held_out(x) for x in b) and not any(held_out(x) for x in a)


def test_same_seed_same_documents(lexicons):
    a = Composer(lexicons[0], random.Random(7)).general("en", "games")
    b = Composer(lexicons[0], random.Random(7)).general("en", "games")
    assert a == b
