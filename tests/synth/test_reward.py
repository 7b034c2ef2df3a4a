import random

import numpy as np
import pytest

from synth.corruption import CORRUPTIONS, corruption_pairs
from synth.generators.template import TemplateGenerator
from synth.paths import PathSampler
from synth.reward import RewardModel, line_features, pairwise_accuracy
from synth.verifier import Verifier


@pytest.fixture(scope="module")
def model(reward_dir):
    return RewardModel.load(reward_dir)


def test_held_out_pairwise_accuracy_is_reported_per_corruption(model):
    report = model.report["held_out_accuracy_by_corruption"]
    assert set(report) == set(CORRUPTIONS)
    assert model.report["held_out_split"] == "anchor"
    assert all(entry["pairs"] >= 20 for entry in report.values())
    assert np.mean([entry["accuracy"] for entry in report.values()]) >= 0.8


def test_every_corruption_is_caught_by_verifier_or_ranked_lower(model, bundled_kg):
    """On fresh questions: per kind, the verifier flags the corrupted draft or the model ranks it lower."""
    paths, _ = PathSampler(bundled_kg).sample(120, ["zh", "en"], seed=99)
    generator, verifier = TemplateGenerator(bundled_kg), Verifier(bundled_kg)
    clean = [generator.generate(p) for p in paths]
    pairs = corruption_pairs(clean, bundled_kg, seed=5)
    by_kind = pairwise_accuracy(model, pairs)
    for kind in CORRUPTIONS:
        assert by_kind[kind]["pairs"] >= 30
    rng = random.Random(5)
    from synth.corruption import corrupt

    for kind in CORRUPTIONS:
        caught = ranked = total = 0
        for draft in clean:
            bad = corrupt(draft, kind, bundled_kg, rng)
            if bad is None:
                continue
            total += 1
            flagged = bool(verifier.check(bad))
            lower = model.raw([bad.document_text()])[0] < model.raw([draft.document_text()])[0]
            caught += flagged
            ranked += lower
            assert flagged or lower, kind
        assert caught == total  # the verifier alone catches every kind on KG-grounded drafts


def test_scores_are_calibrated_probabilities_and_deterministic(model, bundled_kg):
    paths, _ = PathSampler(bundled_kg).sample(40, ["en"], seed=7)
    texts = [TemplateGenerator(bundled_kg).generate(p).document_text() for p in paths]
    scores = model.score(texts)
    assert ((scores >= 0) & (scores <= 1)).all() and np.median(scores) > 0.5
    assert np.allclose(model.score(texts[:5]), scores[:5], atol=1e-5)  # batch size does not matter
    assert model.score(["", "。，！", "A patient presents with nothing."]).shape == (3,)


def test_line_features_hash_words_han_characters_and_bigrams():
    zh = line_features("高血压", 1 << 15)
    assert len(zh) == 3 + 2 + 1  # three characters, two bigrams, the length marker
    assert line_features("Chest pain", 1 << 15) == line_features("chest PAIN", 1 << 15)
    assert all(0 < f < (1 << 15) for f in line_features("ECG示心绞痛, treated", 1 << 15))
    assert len(line_features("", 1 << 15)) == 1


def test_the_huggingface_backend_scores_with_a_local_model(tmp_path):
    """A tiny randomly initialised BERT classifier saved locally: the backend loads and scores it."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    from synth.reward import HFRewardScorer

    vocab = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "chest": 4, "pain": 5, "answer": 6}
    raw = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    raw.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=raw, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]")
    tokenizer.save_pretrained(tmp_path)
    import torch

    torch.manual_seed(0)
    BertForSequenceClassification(BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                                             intermediate_size=32, num_labels=1)).save_pretrained(tmp_path)
    scorer = HFRewardScorer(tmp_path)
    texts = ["chest pain", "answer chest", "pain pain pain answer"]
    raw_scores = scorer.raw(texts)
    assert raw_scores.shape == (3,) and len(set(np.round(raw_scores, 6))) == 3
    assert np.allclose(scorer.raw(texts[:1]), raw_scores[:1], atol=1e-5)
    assert np.allclose(scorer.score(texts), 1 / (1 + np.exp(-raw_scores)), atol=1e-6)
    with pytest.raises(FileNotFoundError, match="no config.json"):
        HFRewardScorer(tmp_path / "missing")
