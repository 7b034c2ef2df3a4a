"""The M1 trainer: curriculum stages over the emitted mixes, AdamW, WSD, clipping, update skipping.

Recipe (M1 report §4.2, M1_SPEC §6): AdamW (0.9, 0.95), weight decay 0.1, gradient clipping at 1.0,
WSD learning rate, and Algorithm 1's update skipping (logged when it fires). Each curriculum stage
names its mix folder, token budget, sequence length, RoPE base and learning-rate phase; stage 3's
longer context and RoPE base 1e6 are just another stage entry. Checkpoints hold the model, the
optimizer, the skipper, the data stream's position and the RNG, so a resumed run continues the same
loss curve. Metrics go to JSONL (and TensorBoard when it is installed).

Several processes: launch with `torchrun --nproc_per_node N -m m1.cli train --config X`; each rank
reads its own documents of the mix. `parallel: ddp` averages gradients with DistributedDataParallel
(a full copy of the model per rank); `parallel: fsdp` shards parameters, gradients and optimizer
state across ranks with FSDP2 (`fully_shard` per decoder layer, then the whole model), gathering
full weights only to save. NCCL on GPUs, gloo on CPU. Rank 0 alone writes metrics and checkpoints;
every checkpoint folder is also a Hugging Face-format model (config.json, safetensors, tokenizer)
that `m1 serve`, `m1 chat` and the synth stage's m1 generator load directly.
"""

from __future__ import annotations

import json
import logging
import math
import time
from pathlib import Path
from typing import Any, Literal

import torch
import yaml
from pydantic import BaseModel, ConfigDict, Field

from m1.config import M1Config
from m1.data import PackedMix
from m1.modeling import M1ForCausalLM
from m1.schedule import WSD
from m1.tokenizer import M1Tokenizer
from m1.update_skipping import UpdateSkipper

log = logging.getLogger("m1.train")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StageSpec(_Strict):
    name: str
    mix: str = Field(description="a mix folder emitted by the mix stage (part-*.parquet)")
    tokens: int = Field(gt=0, description="token budget of this stage")
    seq_len: int = Field(8192, gt=1, description="M1: 8K in stages 1-2, 32K in stage 3")
    rope_theta: float = Field(1e5, gt=0, description="M1: 1e5 in stages 1-2, 1e6 from annealing on")
    lr: dict[str, Any] = Field(default_factory=dict, description="WSD fields: peak_lr, warmup_steps, ... (steps)")


class TrainConfig(_Strict):
    model: dict[str, Any] | str = Field(description="M1Config fields, or a folder with config.json")
    tokenizer: str = Field(description="folder with tokenizer.json")
    output_dir: str
    stages: list[StageSpec]
    batch_size: int = Field(8, gt=0, description="sequences per micro-batch")
    grad_accum: int = Field(1, gt=0)
    max_grad_norm: float = 1.0
    weight_decay: float = 0.1
    betas: tuple[float, float] = (0.9, 0.95)
    seed: int = 0
    log_every: int = 10
    checkpoint_every: int = 100
    eval_mix: str | None = Field(None, description="held-out mix folder; its first eval_batches batches")
    eval_batches: int = 4
    eval_every: int = 50
    device: str = "auto"
    parallel: Literal["ddp", "fsdp"] = Field("ddp", description="several ranks: replicate (ddp) or shard with FSDP2 (fsdp)")
    attention: Literal["sdpa", "flex"] = Field(
        "sdpa", description="flex: FlexAttention block masks (documents, windows) on GPU; CPU training uses SDPA")
    compile: bool = Field(False, description="torch.compile each decoder layer (regional compilation; on an H200, "
                                             "+57% tokens/s at 350M: bench/m1_gpu.py)")

    @classmethod
    def load(cls, path: str | Path) -> "TrainConfig":
        try:
            return cls(**yaml.safe_load(Path(path).read_text()))
        except FileNotFoundError:
            raise FileNotFoundError(f"{path}: no such training config") from None


class Trainer:
    def __init__(self, config: TrainConfig):
        self.cfg = config
        torch.manual_seed(config.seed)
        self.device = torch.device("cuda" if config.device == "auto" and torch.cuda.is_available() else
                                   ("cpu" if config.device == "auto" else config.device))
        self.tokenizer = M1Tokenizer.load(config.tokenizer)
        model_config = (M1Config.load(config.model) if isinstance(config.model, str)
                        else M1Config(**config.model))
        if model_config.vocab_size < self.tokenizer.vocab_size:
            raise ValueError(f"model vocab_size {model_config.vocab_size} < tokenizer's {self.tokenizer.vocab_size}")
        self.rank, self.world_size = _init_distributed(self.device)
        if self.device.type == "cuda" and self.world_size > 1:
            self.device = torch.device("cuda", self.rank % torch.cuda.device_count())
        self.model = M1ForCausalLM(model_config, attn_implementation=config.attention).to(self.device)
        self.net = self.model  # what forward and backward run through (DDP-wrapped with several ranks)
        self.sharded = self.world_size > 1 and config.parallel == "fsdp"
        if self.sharded:
            _shard(self.model, self.device, self.world_size)
        if config.compile:  # after sharding, so each compiled layer runs inside its FSDP hooks
            self.model.compile_layers()
        if self.world_size > 1 and not self.sharded:
            from torch.nn.parallel import DistributedDataParallel

            self.net = DistributedDataParallel(self.model, device_ids=[self.device.index] if self.device.type == "cuda"
                                               else None)
        decay = [p for n, p in self.model.named_parameters() if p.ndim >= 2 and "conv_" not in n]
        no_decay = [p for n, p in self.model.named_parameters() if not (p.ndim >= 2 and "conv_" not in n)]
        self.optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": config.weight_decay},
                                            {"params": no_decay, "weight_decay": 0.0}], lr=0.0, betas=config.betas)
        self.skipper = UpdateSkipper()
        self.out = Path(config.output_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.stage_index, self.step, self.stage_step = 0, 0, 0
        self.data: PackedMix | None = None
        self.primary = self.rank == 0
        self.metrics = open(self.out / "metrics.jsonl", "a", encoding="utf-8") if self.primary else None
        self.writer = _tensorboard(self.out / "tensorboard") if self.primary else None

    # -- checkpoints ------------------------------------------------------------------------------
    def save(self) -> Path:
        folder = self.out / f"checkpoint-{self.step:07d}"
        folder.mkdir(parents=True, exist_ok=True)
        # each rank's position in the mix; the weights, optimizer and skipper are the same on every rank
        (folder / f"data-rank{self.rank}.json").write_text(json.dumps(self.data.state_dict() if self.data else None))
        if self.world_size > 1:
            import torch.distributed as dist

            dist.barrier()
        model_state, optimizer_state = self._full_states()  # a collective under FSDP: every rank takes part
        if not self.primary:
            return folder
        torch.save({"model": model_state, "optimizer": optimizer_state,
                    "skipper": self.skipper.state_dict(), "stage_index": self.stage_index, "step": self.step,
                    "stage_step": self.stage_step, "rng": torch.get_rng_state()}, folder / "trainer.pt")
        self.model.save_pretrained(folder, state_dict=model_state)
        self.tokenizer.save(folder)
        (self.out / "latest").write_text(folder.name)
        return folder

    def _full_states(self) -> tuple[dict, dict]:
        """Whole-model weights and optimizer state (gathered from the shards under FSDP)."""
        if not self.sharded:
            return self.model.state_dict(), self.optimizer.state_dict()
        from torch.distributed.checkpoint.state_dict import (StateDictOptions, get_model_state_dict,
                                                             get_optimizer_state_dict)

        options = StateDictOptions(full_state_dict=True, cpu_offload=True)
        return (get_model_state_dict(self.model, options=options),
                get_optimizer_state_dict(self.model, self.optimizer, options=options))

    def resume(self) -> bool:
        pointer = self.out / "latest"
        if not pointer.is_file():
            return False
        folder = self.out / pointer.read_text().strip()
        state = torch.load(folder / "trainer.pt", weights_only=False)
        if self.sharded:
            from torch.distributed.checkpoint.state_dict import (StateDictOptions, set_model_state_dict,
                                                                 set_optimizer_state_dict)

            options = StateDictOptions(full_state_dict=True)
            set_model_state_dict(self.model, state["model"], options=options)
            set_optimizer_state_dict(self.model, self.optimizer, state["optimizer"], options=options)
        else:
            self.model.load_state_dict(state["model"])
            self.optimizer.load_state_dict(state["optimizer"])
        self.skipper.load_state_dict(state["skipper"])
        self.stage_index, self.step, self.stage_step = state["stage_index"], state["step"], state["stage_step"]
        torch.set_rng_state(state["rng"])
        data_file = folder / f"data-rank{self.rank}.json"
        if not data_file.is_file():
            raise ValueError(f"{folder}: no data position for rank {self.rank} (was the run on fewer ranks?)")
        self._data_state = json.loads(data_file.read_text())
        return True

    # -- loop ----------------------------------------------------------------------------------------
    def _steps(self, stage: StageSpec) -> int:
        return max(1, stage.tokens // (self.cfg.batch_size * self.cfg.grad_accum * stage.seq_len * self.world_size))

    def evaluate(self, stage: StageSpec) -> float | None:
        if not self.cfg.eval_mix:
            return None
        self.model.eval()
        data = PackedMix(self.cfg.eval_mix, self.tokenizer, stage.seq_len, loop=False)
        losses = []
        with torch.no_grad():
            for i, batch in enumerate(data.batches(self.cfg.batch_size)):
                if i == self.cfg.eval_batches:
                    break
                losses.append(self._loss(batch).item())
        self.model.train()
        return sum(losses) / len(losses) if losses else None

    def _loss(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        ids, docs = batch["input_ids"].to(self.device), batch["doc_ids"].to(self.device)
        with torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=self.device.type == "cuda"):
            return self.net(ids, doc_ids=docs, labels=ids).loss

    def train(self, max_steps: int | None = None) -> dict[str, Any]:
        """Run (or continue) the curriculum; max_steps stops early (for tests and smoke runs)."""
        self.model.train()
        data_state = getattr(self, "_data_state", None)
        last: dict[str, Any] = {}
        while self.stage_index < len(self.cfg.stages):
            stage = self.cfg.stages[self.stage_index]
            schedule = WSD(**({"warmup_steps": 0, "peak_lr": 3e-4, "final_lr": 3e-5} | stage.lr))
            self.model.config.rope_theta = stage.rope_theta
            self.data = PackedMix(stage.mix, self.tokenizer, stage.seq_len, self.rank, self.world_size)
            if data_state:
                self.data.load_state_dict(data_state)
                data_state = None
            batches = self.data.batches(self.cfg.batch_size)
            total = self._steps(stage)
            while self.stage_step < total:
                if max_steps is not None and self.step >= max_steps:
                    return last
                started = time.perf_counter()
                self.optimizer.zero_grad(set_to_none=True)
                loss_sum = 0.0
                for _ in range(self.cfg.grad_accum):
                    loss = self._loss(next(batches)) / self.cfg.grad_accum
                    loss.backward()
                    loss_sum += loss.item()
                norm = torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.cfg.max_grad_norm)
                norm = float(norm.full_tensor() if hasattr(norm, "full_tensor") else norm)  # a DTensor under FSDP
                lr = schedule.lr(self.stage_step)
                skipped = not math.isfinite(norm) or self.skipper.should_skip(norm)
                if skipped:
                    log.warning("step %d: gradient norm %.3f > %.3f: update skipped (M1 Algorithm 1)",
                                self.step, norm, self.skipper.threshold() or float("nan"))
                else:
                    for group in self.optimizer.param_groups:
                        group["lr"] = lr
                    self.optimizer.step()
                self.step += 1
                self.stage_step += 1
                tokens = self.cfg.batch_size * self.cfg.grad_accum * stage.seq_len * self.world_size  # all ranks
                last = {"step": self.step, "stage": stage.name, "loss": loss_sum, "lr": lr, "grad_norm": norm,
                        "skipped": skipped, "tokens_per_s": tokens / (time.perf_counter() - started)}
                if self.cfg.eval_mix and self.step % self.cfg.eval_every == 0:
                    last["eval_loss"] = self.evaluate(stage)
                if self.step % self.cfg.log_every == 0 or skipped or "eval_loss" in last:
                    self._log(last)
                if self.step % self.cfg.checkpoint_every == 0:
                    self.save()
            self.stage_index += 1
            self.stage_step = 0
        self.save()
        return last

    def _log(self, record: dict[str, Any]) -> None:
        if not self.primary:
            return
        self.metrics.write(json.dumps(record) + "\n")
        self.metrics.flush()
        if self.writer:
            for key, value in record.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    self.writer.add_scalar(key, value, record["step"])


def _init_distributed(device: torch.device) -> tuple[int, int]:
    """(rank, world size); joins the process group torchrun describes in the environment."""
    import os

    import torch.distributed as dist

    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world <= 1:
        return 0, 1
    if not dist.is_initialized():
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return dist.get_rank(), dist.get_world_size()


def _shard(model: M1ForCausalLM, device: torch.device, world_size: int) -> None:
    """FSDP2: each decoder layer is one all-gather unit, then the embeddings, norm and head. On GPU,
    parameters compute in bf16 and gradients reduce in fp32."""
    from torch.distributed.device_mesh import init_device_mesh
    from torch.distributed.fsdp import MixedPrecisionPolicy, fully_shard

    mesh = init_device_mesh(device.type, (world_size,))
    policy = (MixedPrecisionPolicy(param_dtype=torch.bfloat16, reduce_dtype=torch.float32) if device.type == "cuda"
              else MixedPrecisionPolicy())
    for layer in model.model.layers:
        fully_shard(layer, mesh=mesh, mp_policy=policy)
    fully_shard(model, mesh=mesh, mp_policy=policy)


def _tensorboard(folder: Path):
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError:  # tensorboard is optional; metrics.jsonl always has everything
        return None
    return SummaryWriter(str(folder))
