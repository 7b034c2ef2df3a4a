"""A tiny M1 trained on a mix: held-out loss falls clearly; a resumed run repeats the loss curve."""

import json
import random

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from m1.data import PackedMix
from m1.tokenizer import M1Tokenizer, train_tokenizer
from m1.train import TrainConfig, Trainer
from scripts.text_bank import compose_document


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("m1train")
    rng = random.Random(8)
    docs = [compose_document(rng, rng.choice(["zh", "en"]), rng.choice(["medical", "general"])) for _ in range(2400)]
    for name, part in (("mix", docs[:2000]), ("heldout", docs[2000:])):
        (root / name).mkdir()
        pq.write_table(pa.table({"text": part}), root / name / "part-00000.parquet")
    tokenizer = M1Tokenizer(train_tokenizer(docs[:2000], vocab_size=2000))
    tokenizer.save(root / "tokenizer")
    return root, tokenizer


def config(root, out, tokens=200 * 8 * 64, **extra) -> TrainConfig:
    model = dict(vocab_size=2000, hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                 num_key_value_heads=2, num_swa_attention_heads=8, num_swa_key_value_heads=2, sliding_window=32,
                 sliding_window_layers=[1], max_position_embeddings=256)
    stage = {"name": "stage1", "mix": str(root / "mix"), "tokens": tokens, "seq_len": 64, "rope_theta": 10000.0,
             "lr": {"peak_lr": 3e-3, "warmup_steps": 20, "stable_steps": 100, "decay_steps": 80, "final_lr": 3e-4}}
    values = dict(model=model, tokenizer=str(root / "tokenizer"), output_dir=str(out), stages=[stage], batch_size=8,
                  log_every=1, checkpoint_every=1000, eval_mix=str(root / "heldout"), eval_batches=4, eval_every=100)
    return TrainConfig(**(values | extra))


def test_packing_keeps_document_boundaries_and_resumes(workspace):
    root, tokenizer = workspace
    data = PackedMix(root / "mix", tokenizer, seq_len=64)
    stream = iter(data)
    first = [next(stream) for _ in range(5)]
    assert all(row["input_ids"].shape == (64,) for row in first)
    eos_at = (first[0]["input_ids"] == tokenizer.eos_id).nonzero().flatten().tolist()
    if eos_at and eos_at[0] < 63:
        assert first[0]["doc_ids"][eos_at[0] + 1] == first[0]["doc_ids"][eos_at[0]] + 1
    state = data.state_dict()
    expected = [next(stream) for _ in range(3)]
    again = PackedMix(root / "mix", tokenizer, seq_len=64)
    again.load_state_dict(json.loads(json.dumps(state)))
    resumed = iter(again)
    for row in expected:
        assert row["input_ids"].tolist() == next(resumed)["input_ids"].tolist()
    ranks = [PackedMix(root / "mix", tokenizer, seq_len=64, rank=r, world_size=2) for r in (0, 1)]
    assert next(iter(ranks[0]))["input_ids"].tolist() != next(iter(ranks[1]))["input_ids"].tolist()


def test_training_lowers_held_out_loss(workspace, tmp_path):
    root, _ = workspace
    trainer = Trainer(config(root, tmp_path / "run"))
    before = trainer.evaluate(trainer.cfg.stages[0])
    last = trainer.train()
    after = trainer.evaluate(trainer.cfg.stages[0])
    assert last["step"] == 200 and after < 0.6 * before, (before, after)
    records = [json.loads(line) for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert records[0]["lr"] == pytest.approx(3e-3 / 20) and any("eval_loss" in r for r in records)
    assert (tmp_path / "run" / "latest").read_text().startswith("checkpoint-")


def test_resumed_run_repeats_the_loss_curve(workspace, tmp_path):
    root, _ = workspace
    straight = Trainer(config(root, tmp_path / "a", tokens=40 * 8 * 64, eval_mix=None))
    straight.train()
    first = Trainer(config(root, tmp_path / "b", tokens=40 * 8 * 64, eval_mix=None))
    first.train(max_steps=20)
    first.save()
    second = Trainer(config(root, tmp_path / "b", tokens=40 * 8 * 64, eval_mix=None))
    assert second.resume() and second.step == 20
    second.train()

    def losses(folder):
        return {r["step"]: r["loss"] for r in map(json.loads, (folder / "metrics.jsonl").read_text().splitlines())}

    a, b = losses(tmp_path / "a"), losses(tmp_path / "b")
    assert [a[s] for s in range(21, 41)] == pytest.approx([b[s] for s in range(21, 41)], rel=1e-5)


def test_compiled_layers_repeat_the_eager_loss_curve(workspace, tmp_path):
    root, _ = workspace
    runs = {}
    for compiled in (False, True):
        out = tmp_path / f"compile-{compiled}"
        Trainer(config(root, out, tokens=8 * 8 * 64, eval_mix=None, compile=compiled)).train()
        runs[compiled] = [json.loads(line)["loss"] for line in (out / "metrics.jsonl").read_text().splitlines()]
    assert len(runs[True]) == 8 and runs[True] == pytest.approx(runs[False], rel=1e-4)
