"""Baichuan-M1 configuration with the official `config.json` keys (../shared/M1_SPEC.md §1).

Defaults are the 14B geometry. Values the spec marks unverified (intermediate_size, rms_norm_eps,
rope_theta, initializer_range, token ids) are the spec's best guesses; diff them against a real
`config.json` when one is at hand. Unknown keys in a loaded config.json are kept and written back.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any


def _odd_layers(n: int) -> list[int]:
    return list(range(1, n, 2))


@dataclass
class M1Config:
    vocab_size: int = 133120
    hidden_size: int = 5120
    intermediate_size: int = 17408  # unverified: the only size that fits the 27.0 GB checkpoint (spec §1)
    num_hidden_layers: int = 40
    num_attention_heads: int = 20  # global layers: head_dim 256
    num_key_value_heads: int = 2
    num_swa_attention_heads: int = 40  # sliding-window layers: head_dim 128
    num_swa_key_value_heads: int = 8
    sliding_window: int = 8192  # tokens a query sees on SWA layers, itself included
    sliding_window_layers: list[int] = field(default_factory=lambda: _odd_layers(40))
    conv_window: int = 2
    max_position_embeddings: int = 32768
    rope_theta: float = 1_000_000.0  # 1e5 in pre-training stages 1-2, 1e6 from annealing on (report §4.2)
    rms_norm_eps: float = 1e-6  # unverified (Baichuan family default)
    hidden_act: str = "silu"
    initializer_range: float = 0.02  # unverified
    tie_word_embeddings: bool = False
    pad_token_id: int | None = None
    bos_token_id: int | None = None
    eos_token_id: int | list[int] | None = None
    model_type: str = "baichuan_m1"
    architectures: list[str] = field(default_factory=lambda: ["BaichuanM1ForCausalLM"])
    extra: dict[str, Any] = field(default_factory=dict)  # keys we do not use, kept for round trips

    def __post_init__(self):
        if self.model_type != "baichuan_m1":
            raise ValueError(f"model_type is {self.model_type!r}, expected 'baichuan_m1'")
        if self.hidden_act != "silu":
            raise ValueError(f"hidden_act {self.hidden_act!r} is not supported (Baichuan-M1 uses silu)")
        for heads, kv in ((self.num_attention_heads, self.num_key_value_heads),
                          (self.num_swa_attention_heads, self.num_swa_key_value_heads)):
            if self.hidden_size % heads or heads % kv:
                raise ValueError(f"hidden_size {self.hidden_size} must divide by {heads} heads, and heads by {kv} kv heads")
        bad = [i for i in self.sliding_window_layers if not 0 <= i < self.num_hidden_layers]
        if bad:
            raise ValueError(f"sliding_window_layers {bad} are outside 0..{self.num_hidden_layers - 1}")
        if self.conv_window < 1:
            raise ValueError("conv_window must be at least 1")

    def is_sliding(self, layer: int) -> bool:
        return layer in self.sliding_window_layers

    def geometry(self, layer: int) -> tuple[int, int, int]:
        """(query heads, kv heads, head_dim) of a layer; head_dim = hidden_size // query heads."""
        if self.is_sliding(layer):
            heads, kv = self.num_swa_attention_heads, self.num_swa_key_value_heads
        else:
            heads, kv = self.num_attention_heads, self.num_key_value_heads
        return heads, kv, self.hidden_size // heads

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        extra = out.pop("extra")
        return {**extra, **out}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "M1Config":
        known = {f.name for f in fields(cls)} - {"extra"}
        return cls(**{k: v for k, v in data.items() if k in known},
                   extra={k: v for k, v in data.items() if k not in known})

    def save(self, folder: str | Path) -> None:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / "config.json").write_text(json.dumps(self.to_dict(), indent=2) + "\n")

    @classmethod
    def load(cls, folder: str | Path) -> "M1Config":
        path = Path(folder) / "config.json"
        try:
            return cls.from_dict(json.loads(path.read_text()))
        except FileNotFoundError:
            raise FileNotFoundError(f"{path}: no config.json") from None
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}: not valid JSON ({error})") from None
