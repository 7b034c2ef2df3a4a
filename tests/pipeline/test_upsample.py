import numpy as np
import pyarrow as pa
import pytest

from pipeline.tokens import TokenCounter, TokenizerConfig
from pipeline.upsample import RepeatConfig, UpsampleConfig, UpsampleStage
from tests.conftest import documents, make_text


def test_estimate_counts_han_and_other_characters():
    counter = TokenCounter(TokenizerConfig())
    counts = counter.count(pa.array(["患者血压正常", "abcd efgh", "患者 ok", "", "!!!"])).tolist()
    assert counts == [4, 2, 2, 0, 1]  # 6/1.5; 8/4; 2/1.5 + 2/4 = 1.83 -> 2; empty 0; 3/4 -> 1


def test_real_tokenizer_counts(tmp_path):
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.train_from_iterator([make_text("en", 10, seed=i) for i in range(50)], trainers.BpeTrainer(vocab_size=300, special_tokens=["[UNK]"]))
    tok.save(str(tmp_path / "tokenizer.json"))
    counter = TokenCounter(TokenizerConfig(kind="hf_tokenizers", path=str(tmp_path / "tokenizer.json")))
    text = make_text("en", 3)
    assert counter.count(pa.array([text, ""])).tolist() == [len(tok.encode(text).ids), 0]


def test_repeat_from_tier_and_dup_count_capped():
    table = documents(["a"] * 5, quality_score=[0.95, 0.6, 0.1, None, 0.95], dup_count=[1, 4, 1, 1, 64])
    repeats, tiers = RepeatConfig().repeats(table)
    assert tiers == ["high", "medium", "low", "medium", "high"]
    assert repeats.tolist() == pytest.approx([2.0, 1.0 * 3, 0.5, 1.0, 4.0])  # 1 + log2(4) = 3; 2 * 7 capped at 4


def test_without_scores_every_document_is_in_the_default_tier():
    table = documents(["a", "b"], dup_count=[1, 2])
    repeats, tiers = RepeatConfig(dup_count_weighting="none").repeats(table)
    assert tiers == ["medium", "medium"] and repeats.tolist() == [1.0, 1.0]


def test_bad_default_tier_is_an_error():
    with pytest.raises(ValueError, match="default_tier"):
        RepeatConfig(default_tier="nope")


def test_stage_adds_tokens_tier_repeat():
    stage = UpsampleStage(UpsampleConfig())
    out = stage.process(documents([make_text("en"), make_text("zh")], dup_count=[2, 1]))
    assert out.column("tokens").to_pylist()[0] > 20
    assert out.column("repeat").to_pylist() == [2.0, 1.0]
    assert out.column("reject_reason").null_count == 2
    assert np.all(out.column("tokens").to_numpy() > 0)
