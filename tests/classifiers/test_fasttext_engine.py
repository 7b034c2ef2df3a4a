"""The compiled forward pass reproduces fastText's predict, for one model and for several at once."""

import random

import numpy as np
import pytest

from classifiers.fasttext_engine import FastTextClassifier, MultiModelPredictor, TrainParams, train_fasttext
from classifiers.tokenize import ClassifierTokenizer
from scripts.text_bank import compose_document


@pytest.fixture(scope="module")
def corpus():
    """6,000 realistic bilingual documents (fastText misbehaves on tiny corpora: ENVIRONMENT.md)."""
    rng = random.Random(11)
    docs, domains, langs = [], [], []
    for _ in range(6000):
        lang, domain = rng.choice(["zh", "en"]), rng.choice(["medical", "general"])
        docs.append(compose_document(rng, lang, domain))
        domains.append(domain)
        langs.append(lang)
    return docs, domains, langs


@pytest.fixture(scope="module")
def tokenizer():
    return ClassifierTokenizer()


@pytest.fixture(scope="module")
def models(corpus, tokenizer, tmp_path_factory):
    docs, domains, langs = corpus
    out = tmp_path_factory.mktemp("models")
    joined = tokenizer.joined(docs[:5000])
    domain_model = train_fasttext("medical", joined, domains[:5000], out / "domain.bin", TrainParams(epoch=3), tokenizer)
    lang_model = train_fasttext("lang", joined, langs[:5000], out / "lang.bin",
                                TrainParams(epoch=2, dim=32, lr=0.1, word_ngrams=3, bucket=50_000), tokenizer)
    return domain_model, lang_model


def test_probabilities_match_fasttext_predict(corpus, tokenizer, models):
    docs, domains, _ = corpus
    held_out = docs[5000:]
    joined = tokenizer.joined(held_out)
    predictor = MultiModelPredictor({m.task: m for m in models}, tokenizer)
    ours = predictor.predict(held_out)
    for model in models:
        theirs = model.predict_joined(joined)
        # fastText reports exp(log(p + 1e-5)); the arithmetic is otherwise the same
        assert np.abs(ours[model.task] + 1e-5 - theirs).max() < 1e-5
        assert np.allclose(ours[model.task].sum(axis=1), 1.0)
    accuracy = np.mean(np.array(models[0].labels)[ours["medical"].argmax(1)] == np.array(domains[5000:]))
    assert accuracy > 0.97


def test_empty_and_punctuation_only_predict_from_end_of_line_only(tokenizer, models):
    predictor = MultiModelPredictor({"medical": models[0]}, tokenizer)
    probs = predictor.predict(["", "。，！？", "!!!"])["medical"]
    assert np.allclose(probs[0], probs[1]) and np.allclose(probs[1], probs[2])
    assert np.abs(probs[0] + 1e-5 - models[0].predict_joined([""])[0]).max() < 1e-5


def test_save_load_round_trip_keeps_metadata_and_predictions(corpus, tokenizer, models):
    model = models[0]
    again = FastTextClassifier(model.path)
    assert again.info.task == "medical"
    assert again.info.labels == ["general", "medical"]
    assert again.info.tokenizer == tokenizer.fingerprint
    assert again.info.params["epoch"] == 3
    a = MultiModelPredictor({"m": model}, tokenizer).predict(corpus[0][5000:5100])["m"]
    b = MultiModelPredictor({"m": again}, tokenizer).predict(corpus[0][5000:5100])["m"]
    assert np.array_equal(a, b)


def test_character_ngram_models_fall_back_to_fasttext(corpus, tokenizer, tmp_path):
    docs, domains, _ = corpus
    joined = tokenizer.joined(docs[:3000])
    model = train_fasttext("medical", joined, domains[:3000], tmp_path / "subword.bin",
                           TrainParams(epoch=2, minn=2, maxn=4), tokenizer)
    assert not model.compiled
    probs = MultiModelPredictor({"m": model}, tokenizer).predict(docs[5000:5200])["m"]
    assert np.array_equal(probs, model.predict_joined(tokenizer.joined(docs[5000:5200])))


def test_labels_with_whitespace_are_refused(tokenizer, tmp_path):
    with pytest.raises(ValueError, match="no whitespace"):
        train_fasttext("x", ["a b"] * 10, ["bad label"] * 10, tmp_path / "x.bin", TrainParams(), tokenizer)


def test_missing_model_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="classifier model not found"):
        FastTextClassifier(tmp_path / "nope.bin")
