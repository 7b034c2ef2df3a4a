"""The `m1` command line: train from a YAML, chat over stdin, serve to the openai client."""

import json
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import openai
import pytest
import pyarrow as pa
import pyarrow.parquet as pq
import torch
import yaml
from typer.testing import CliRunner

from m1.cli import app
from m1.config import M1Config
from m1.modeling import M1ForCausalLM
from m1.tokenizer import M1Tokenizer, train_tokenizer
from scripts.text_bank import compose_document

M1 = str(Path(sys.executable).parent / "m1")


def _checkpoint(folder: Path) -> None:
    rng = random.Random(2)
    tokenizer = M1Tokenizer(train_tokenizer([compose_document(rng, "en", "medical") for _ in range(500)],
                                            vocab_size=800))
    torch.manual_seed(0)
    model = M1ForCausalLM(M1Config(vocab_size=tokenizer.vocab_size, hidden_size=32, intermediate_size=64,
                                   num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=1,
                                   num_swa_attention_heads=4, num_swa_key_value_heads=2, sliding_window=16,
                                   sliding_window_layers=[1]))
    model.save_pretrained(folder)
    tokenizer.save(folder)


def _training_setup(tmp_path: Path, tokens: int, seed: int) -> dict:
    """A checkpoint, a one-shard mix and train.yaml in tmp_path; returns the config."""
    _checkpoint(tmp_path / "ckpt")
    (tmp_path / "mix").mkdir()
    rng = random.Random(seed)
    pq.write_table(pa.table({"text": [compose_document(rng, "en", "medical") for _ in range(300)]}),
                   tmp_path / "mix" / "part-00000.parquet")
    config = {"model": str(tmp_path / "ckpt"), "tokenizer": str(tmp_path / "ckpt"), "output_dir": str(tmp_path / "run"),
              "batch_size": 2, "log_every": 1, "checkpoint_every": 3,
              "stages": [{"name": "s1", "mix": str(tmp_path / "mix"), "tokens": tokens, "seq_len": 32,
                          "lr": {"peak_lr": 1e-3, "warmup_steps": 2}}]}
    (tmp_path / "train.yaml").write_text(yaml.safe_dump(config))
    return config


def test_train_command_runs_steps_and_resumes(tmp_path):
    config = _training_setup(tmp_path, tokens=10 * 2 * 32, seed=3)
    runner = CliRunner()
    result = runner.invoke(app, ["train", "--config", str(tmp_path / "train.yaml"), "--max-steps", "4"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["step"] == 4
    result = runner.invoke(app, ["train", "--config", str(tmp_path / "train.yaml")])
    assert result.exit_code == 0 and "resumed at step 3" in result.output
    assert json.loads(result.output.strip().splitlines()[-1])["step"] == 10
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump({**config, "learning_rate": 1}))
    result = runner.invoke(app, ["train", "--config", str(tmp_path / "bad.yaml")])
    assert result.exit_code == 2 and "learning_rate" in result.output


def test_chat_reads_turns_from_stdin(tmp_path):
    _checkpoint(tmp_path / "ckpt")
    result = CliRunner().invoke(app, ["chat", "--model", str(tmp_path / "ckpt"), "--max-new-tokens", "5",
                                      "--temperature", "0"], input="hello\nand again\n\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("m1> ") == 2


def test_serve_command_answers_the_openai_client(tmp_path):
    _checkpoint(tmp_path / "ckpt")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([M1, "serve", "--model", str(tmp_path / "ckpt"), "--port", str(port), "--name", "tiny"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="none", max_retries=0)
        for _ in range(100):
            try:
                models = client.models.list()
                break
            except openai.APIConnectionError:
                time.sleep(0.2)
        assert [m.id for m in models.data] == ["tiny"]
        reply = client.chat.completions.create(model="tiny", messages=[{"role": "user", "content": "hi"}], max_tokens=4)
        assert reply.object == "chat.completion" and reply.choices[0].message.role == "assistant"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_torchrun_two_cpu_ranks_train_and_resume(tmp_path):
    """DistributedDataParallel over gloo: each rank reads its own documents; rank 0 logs and saves."""
    _training_setup(tmp_path, tokens=6 * 2 * 2 * 32, seed=5)  # 6 steps of 2 ranks x 2 sequences x 32 tokens
    torchrun = str(Path(sys.executable).parent / "torchrun")
    command = [torchrun, "--standalone", "--nproc_per_node", "2", "-m", "m1.cli", "train", "--config",
               str(tmp_path / "train.yaml")]
    first = subprocess.run(command + ["--max-steps", "3"], capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr[-3000:]
    checkpoint = tmp_path / "run" / "checkpoint-0000003"
    assert (checkpoint / "data-rank0.json").is_file() and (checkpoint / "data-rank1.json").is_file()
    positions = [json.loads((checkpoint / f"data-rank{r}.json").read_text()) for r in (0, 1)]
    assert positions[0]["buffer"] != positions[1]["buffer"]  # the ranks read different documents
    second = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr[-3000:]
    steps = [json.loads(line)["step"] for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert steps == [1, 2, 3, 4, 5, 6]  # one writer (rank 0), and the resumed run went on from step 3


def test_tokenizer_command_trains_on_a_mix(tmp_path):
    (tmp_path / "mix").mkdir()
    rng = random.Random(1)
    pq.write_table(pa.table({"text": [compose_document(rng, rng.choice(["zh", "en"]), "medical") for _ in range(400)]}),
                   tmp_path / "mix" / "part-00000.parquet")
    result = CliRunner().invoke(app, ["tokenizer", "--mix", str(tmp_path / "mix"), "--vocab-size", "1500",
                                      "-o", str(tmp_path / "tok")])
    assert result.exit_code == 0, result.output
    loaded = M1Tokenizer.load(tmp_path / "tok")
    assert loaded.vocab_size == 1500 and loaded.decode(loaded.encode("胸闷 2024")) == "胸闷 2024"
    result = CliRunner().invoke(app, ["tokenizer", "--mix", str(tmp_path), "-o", str(tmp_path / "t2")])
    assert result.exit_code == 2 and "no part-*.parquet" in result.output


def test_torchrun_fsdp2_matches_ddp_and_resumes(tmp_path):
    """FSDP2 over gloo: the same loss curve as DDP on the same data, a resumable run, and servable checkpoints."""
    _training_setup(tmp_path, tokens=4 * 2 * 2 * 32, seed=7)  # 4 steps of 2 ranks x 2 sequences x 32 tokens
    torchrun = str(Path(sys.executable).parent / "torchrun")
    base = yaml.safe_load((tmp_path / "train.yaml").read_text())

    def run(parallel: str, out: str, *extra: str) -> list[dict]:
        config = {**base, "parallel": parallel, "output_dir": str(tmp_path / out), "checkpoint_every": 2}
        (tmp_path / f"{out}.yaml").write_text(yaml.safe_dump(config))
        command = [torchrun, "--standalone", "--nproc_per_node", "2", "-m", "m1.cli", "train", "--config",
                   str(tmp_path / f"{out}.yaml"), *extra]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        return [json.loads(line) for line in (tmp_path / out / "metrics.jsonl").read_text().splitlines()]

    ddp = run("ddp", "ddp")
    run("fsdp", "fsdp", "--max-steps", "2")
    fsdp = run("fsdp", "fsdp")  # resumes from the step-2 checkpoint
    assert [m["step"] for m in fsdp] == [1, 2, 3, 4]
    for a, b in zip(ddp, fsdp):
        assert b["loss"] == pytest.approx(a["loss"], rel=1e-4) and b["grad_norm"] == pytest.approx(a["grad_norm"], rel=1e-3)
    last = tmp_path / "fsdp" / "checkpoint-0000004"
    reloaded = M1ForCausalLM.from_pretrained(last)  # the gathered full weights, in the Hugging Face layout
    ddp_model = M1ForCausalLM.from_pretrained(tmp_path / "ddp" / "checkpoint-0000004")
    for (name, a), (_, b) in zip(sorted(reloaded.state_dict().items()), sorted(ddp_model.state_dict().items())):
        assert torch.allclose(a, b, atol=1e-5), name
    assert M1Tokenizer.load(last).encode("fever 2024") == M1Tokenizer.load(tmp_path / "ckpt").encode("fever 2024")
