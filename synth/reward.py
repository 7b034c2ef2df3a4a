"""Reward models: a small torch Bradley-Terry scorer trained on preference pairs, and a backend for any
local Hugging Face sequence-classification reward model.

The default scorer reads a sample's rendered text line by line (question, options, each step, the
answer). Each line becomes the mean of hashed word and character-bigram embeddings plus a projection
of how much it shares with its neighbours, the question and the answer line (overlap features carry
over to entities never seen in training, which hashed embeddings do not); a two-layer Transformer over
the lines (with line positions) compares steps with each other, and a linear head gives one score. Training minimises -log sigmoid(r_chosen - r_rejected) (Bradley &
Terry 1952; the InstructGPT reward-model loss). A Platt fit on the training texts (clean = 1,
corrupted = 0) maps scores to [0, 1] so a threshold reads the same across retrainings.

What the score measures is agreement with the training preferences (sound, KG-cited chains over
corrupted ones). It is not medical correctness.
"""

from __future__ import annotations

import json
import math
import random
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

import xxhash

_TOKENS = re.compile(r"[\u3400-\u9fff]|[^\W_\u3400-\u9fff]+", re.UNICODE)


@dataclass(frozen=True)
class RewardConfig:
    buckets: int = 1 << 15
    dim: int = 64
    layers: int = 2
    heads: int = 4
    max_lines: int = 24
    epochs: int = 4
    batch_size: int = 64
    lr: float = 3e-3
    weight_decay: float = 0.01
    dropout: float = 0.0
    # BT fixes score differences only; a pointwise term (clean > 0 > corrupted) anchors the absolute
    # scale so one threshold can serve every question.
    pointwise_weight: float = 0.5
    seed: int = 0


RELATIONAL_FEATURES = 7


def relational_features(lines: list[str]) -> np.ndarray:
    """Per line: token overlap (|a & b| / |a|) with the previous line, the next line, the question, the
    answer line and the most similar other line; whether it is the last line before the answer; its
    relative position."""
    tokens = [set(t.lower() for t in _TOKENS.findall(line)) for line in lines]
    out = np.zeros((len(lines), RELATIONAL_FEATURES), np.float32)

    def overlap(a: set, b: set) -> float:
        return len(a & b) / len(a) if a else 0.0

    last = len(lines) - 1
    for i, words in enumerate(tokens):
        others = [overlap(words, tokens[j]) for j in range(len(lines)) if j != i]
        out[i] = [overlap(words, tokens[i - 1]) if i else 0.0, overlap(words, tokens[i + 1]) if i < last else 0.0,
                  overlap(words, tokens[0]) if i else 1.0, overlap(words, tokens[last]) if i < last else 1.0,
                  max(others) if others else 0.0, float(i == last - 1), i / max(last, 1)]
    return out


def line_features(line: str, buckets: int) -> list[int]:
    """Hashed ids of a line's words (single Han characters), their bigrams, and the line's shape."""
    tokens = [t.lower() for t in _TOKENS.findall(line)]
    grams = tokens + [f"{a}\x01{b}" for a, b in zip(tokens, tokens[1:])]
    grams.append(f"\x02len{min(len(tokens) // 4, 16)}")
    return [xxhash.xxh32_intdigest(g.encode("utf-8")) % (buckets - 1) + 1 for g in grams]  # 0 is padding


class BTRewardNet(nn.Module):
    def __init__(self, config: RewardConfig):
        super().__init__()
        self.config = config
        self.embed = nn.EmbeddingBag(config.buckets, config.dim, mode="mean", padding_idx=0)
        self.position = nn.Embedding(config.max_lines + 1, config.dim)
        self.relational = nn.Linear(RELATIONAL_FEATURES, config.dim)
        self.dropout = nn.Dropout(config.dropout)
        layer = nn.TransformerEncoderLayer(config.dim, config.heads, dim_feedforward=config.dim * 4, dropout=config.dropout,
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, config.layers, enable_nested_tensor=False)
        self.head = nn.Linear(config.dim, 1)

    def forward(self, ids: torch.Tensor, line_mask: torch.Tensor, relations: torch.Tensor) -> torch.Tensor:
        """ids [batch, lines+1, width] of feature ids (line 0 is a summary slot); line_mask [batch, lines+1];
        relations [batch, lines+1, RELATIONAL_FEATURES]."""
        batch, lines, width = ids.shape
        vectors = self.dropout(self.embed(ids.reshape(batch * lines, width)).reshape(batch, lines, -1))
        vectors = vectors + self.position(torch.arange(lines, device=ids.device)) + self.relational(relations)
        hidden = self.encoder(vectors, src_key_padding_mask=~line_mask)
        return self.head(hidden[:, 0]).squeeze(-1)


class RewardModel:
    """The trained scorer with its calibration: `score(texts)` in [0, 1], `raw(texts)` the BT logits."""

    def __init__(self, net: BTRewardNet, calibration: tuple[float, float] = (1.0, 0.0), report: dict | None = None):
        self.net = net.eval()
        self.calibration = calibration
        self.report = report or {}

    @property
    def config(self) -> RewardConfig:
        return self.net.config

    def encode(self, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        config = self.config
        rows, relations = [], []
        for text in texts:
            lines = [line for line in text.split("\n") if line.strip()][: config.max_lines]
            rows.append([[config.buckets - 1]] + [line_features(line, config.buckets) for line in lines])
            relations.append(relational_features(lines))
        lines = max(len(r) for r in rows)
        width = max(len(f) for r in rows for f in r)
        ids = np.zeros((len(rows), lines, width), np.int64)
        mask = np.zeros((len(rows), lines), bool)
        rel = np.zeros((len(rows), lines, RELATIONAL_FEATURES), np.float32)
        for i, row in enumerate(rows):
            for j, features in enumerate(row):
                ids[i, j, : len(features)] = features
                mask[i, j] = True
            rel[i, 1 : 1 + len(relations[i])] = relations[i]
        return torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(rel)

    @torch.no_grad()
    def raw(self, texts: list[str], batch_size: int = 256) -> np.ndarray:
        out = []
        for start in range(0, len(texts), batch_size):
            out.append(self.net(*self.encode(texts[start : start + batch_size])).float().numpy())
        return np.concatenate(out) if out else np.zeros(0)

    def score(self, texts: list[str]) -> np.ndarray:
        a, b = self.calibration
        return 1.0 / (1.0 + np.exp(-np.clip(a * self.raw(texts) + b, -50, 50)))

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        torch.save(self.net.state_dict(), directory / "reward.pt")
        payload = {"config": asdict(self.config), "calibration": list(self.calibration), "report": self.report}
        (directory / "reward.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> "RewardModel":
        meta_path = Path(directory) / "reward.json"
        if not meta_path.exists():
            raise FileNotFoundError(f"reward model {directory}: no reward.json (train one with `medcurate synth`)")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        net = BTRewardNet(RewardConfig(**meta["config"]))
        net.load_state_dict(torch.load(Path(directory) / "reward.pt", weights_only=True))
        return cls(net, tuple(meta["calibration"]), meta.get("report"))


def train_reward_model(pairs: list[tuple[str, str]], config: RewardConfig | None = None) -> RewardModel:
    """Bradley-Terry training on (chosen text, rejected text) pairs, then a Platt calibration."""
    config = config or RewardConfig()
    if not pairs:
        raise ValueError("reward model: no preference pairs to train on")
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    net = BTRewardNet(config)
    model = RewardModel(net)
    optimizer = torch.optim.AdamW(net.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    steps = config.epochs * math.ceil(len(pairs) / config.batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=config.lr, total_steps=steps, pct_start=0.1)
    order = list(range(len(pairs)))
    losses = []
    net.train()
    for _ in range(config.epochs):
        rng.shuffle(order)
        for start in range(0, len(order), config.batch_size):
            batch = [pairs[i] for i in order[start : start + config.batch_size]]
            scores = net(*model.encode([c for c, _ in batch] + [r for _, r in batch]))
            chosen, rejected = scores[: len(batch)], scores[len(batch):]
            loss = -torch.nn.functional.logsigmoid(chosen - rejected).mean()
            if config.pointwise_weight:
                pointwise = torch.nn.functional.softplus(-chosen).mean() + torch.nn.functional.softplus(rejected).mean()
                loss = loss + config.pointwise_weight * pointwise / 2
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            losses.append(float(loss.detach()))
    net.eval()
    model = RewardModel(net)
    raw_chosen = model.raw([c for c, _ in pairs])
    raw_rejected = model.raw([r for _, r in pairs])
    model.calibration = _platt(np.concatenate([raw_chosen, raw_rejected]),
                               np.concatenate([np.ones(len(pairs)), np.zeros(len(pairs))]))
    model.report = {"pairs": len(pairs), "final_loss": float(np.mean(losses[-20:])),
                    "train_pairwise_accuracy": float(np.mean(raw_chosen > raw_rejected))}
    return model


def _platt(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Logistic fit p = sigmoid(a * score + b) (Platt 1999), L2-regularised so separable data stays finite."""
    x = torch.tensor(scores, dtype=torch.float64)
    y = torch.tensor(labels, dtype=torch.float64)
    params = torch.tensor([1.0, 0.0], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([params], lr=0.5, max_iter=200, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(params[0] * x + params[1], y) + 1e-3 * params[0] ** 2
        loss.backward()
        return loss

    optimizer.step(closure)
    a, b = params.detach().tolist()
    return float(a), float(b)


def pairwise_accuracy(model, pairs: list[tuple[str, str, str]]) -> dict[str, dict[str, float]]:
    """Per rejected kind: the share of (chosen, rejected, kind) pairs where chosen scores higher."""
    by_kind: dict[str, list[bool]] = {}
    chosen = model.raw([c for c, _, _ in pairs]) if pairs else []
    rejected = model.raw([r for _, r, _ in pairs]) if pairs else []
    for (_, _, kind), c, r in zip(pairs, chosen, rejected):
        by_kind.setdefault(kind, []).append(bool(c > r))
    return {kind: {"pairs": len(hits), "accuracy": float(np.mean(hits))} for kind, hits in sorted(by_kind.items())}


class HFRewardScorer:
    """Scores with a local Hugging Face sequence-classification reward model (one logit = the reward;
    several = the last class's log-odds against the rest). No download: `model_dir` must be a local folder."""

    def __init__(self, model_dir: str | Path, max_length: int = 1024, device: str = "cpu"):
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        path = Path(model_dir)
        if not (path / "config.json").exists():
            raise FileNotFoundError(f"reward model {path}: no config.json (a local Hugging Face model folder is needed)")
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = AutoModelForSequenceClassification.from_pretrained(path, local_files_only=True).to(device).eval()
        self.max_length = max_length
        self.device = device
        self.report = {"backend": "huggingface", "model": str(path)}

    @torch.no_grad()
    def raw(self, texts: list[str], batch_size: int = 16) -> np.ndarray:
        out = []
        for start in range(0, len(texts), batch_size):
            batch = self.tokenizer(texts[start : start + batch_size], padding=True, truncation=True,
                                   max_length=self.max_length, return_tensors="pt").to(self.device)
            logits = self.model(**batch).logits.float()
            scores = logits[:, 0] if logits.shape[-1] == 1 else logits[:, -1] - torch.logsumexp(logits[:, :-1], dim=-1)
            out.append(scores.cpu().numpy())
        return np.concatenate(out) if out else np.zeros(0)

    def score(self, texts: list[str]) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.raw(texts), -50, 50)))
