"""The synth stage's config: where the KG comes from, what to sample, which generator, reward and reflection."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from pipeline.stage import StageConfig
from synth.paths import QUESTION_TYPES


class GeneratorConfig(StageConfig):
    kind: Literal["template", "openai", "m1"] = Field("template", description="template | openai (any OpenAI-compatible endpoint) | m1 (local)")
    base_url: str | None = Field(None, description="openai: e.g. http://localhost:8000/v1 (vllm serve baichuan-inc/Baichuan-M1-14B-Instruct --trust-remote-code)")
    model: str | None = Field(None, description="openai: the served model name")
    api_key_env: str | None = Field("OPENAI_API_KEY", description="openai: environment variable holding the key (unset = none)")
    model_dir: str | None = Field(None, description="m1: a checkpoint folder from `m1 train` (with tokenizer.json)")
    max_tokens: int = Field(1024, gt=0)
    temperature: float = Field(0.0, ge=0)

    @model_validator(mode="after")
    def _complete(self):
        if self.kind == "openai" and not (self.base_url and self.model):
            raise ValueError("kind openai needs base_url and model")
        if self.kind == "m1" and not self.model_dir:
            raise ValueError("kind m1 needs model_dir")
        return self


class SynthConfig(StageConfig):
    kg: list[str] = Field(["bundled"], description='"bundled", "hpo", or KG files (YAML in the bundled format, CSV/TSV/JSONL/Parquet triples)')
    n: int = Field(2000, gt=0, description="questions to sample (each is generated, checked and kept or rejected)")
    langs: list[Literal["zh", "en"]] = Field(["zh", "en"], description="languages, alternated sample by sample")
    question_types: dict[str, float] = Field(default_factory=lambda: {name: 1.0 for name in QUESTION_TYPES},
                                             description="question type -> sampling weight")
    min_findings: int = Field(2, ge=1)
    max_findings: int = Field(4, ge=1)
    hub_alpha: float = Field(0.5, ge=0, description="hub penalty: a node of degree d is drawn with weight d**-alpha")
    group_cap: int = Field(4, ge=1, description="samples per (language, anchor disease, answer)")
    num_options: int = Field(4, ge=0, description="options per multiple-choice question (MedQA-style 4); 0 = open-ended only")
    open_ended_share: float = Field(0.2, ge=0, le=1)
    link_corpus_docs: int = Field(
        1000, ge=0, description="link KG diseases in up to this many input documents (medical ones first); a disease "
        "the corpus mentions m times is drawn as an anchor 1 + log(1 + m) times as often; 0 = off")
    generator: GeneratorConfig = Field(default_factory=GeneratorConfig)
    reward_backend: Literal["bt", "huggingface"] = Field("bt", description="bt: our Bradley-Terry scorer; huggingface: a local sequence-classification RM")
    reward_model: str | None = Field(None, description="folder of a saved reward model; unset (bt) = train one on corruption pairs first")
    reward_train_paths: int = Field(1500, gt=0, description="paths whose template drafts, corrupted, train the default reward model")
    reward_threshold: float | None = Field(
        None, ge=0, le=1, description="keep only samples whose reward reaches this; unset = the reward model's own keep "
        "threshold (the score 95% of clean held-out samples reach), or 0.5 for a Hugging Face model")
    max_depth: int = Field(2, ge=0, description="revision rounds per failing sample (HuatuoGPT-o1 uses 2)")
    corruption_pairs: int = Field(1, ge=0, description="preference pairs per kept sample from corrupting it")
    reply_style: Literal["fluent", "chain"] = Field("fluent", description="assistant message: one paragraph (HuatuoGPT-o1's rewrite) or numbered steps")
    simulate_error_rate: float = Field(0.0, ge=0, le=1, description="benchmarks only: corrupt this share of first drafts to exercise reflection")
    batch_size: int = Field(200, gt=0, description="paths per parallel task")

    @field_validator("question_types")
    @classmethod
    def _known(cls, value: dict[str, float]):
        unknown = sorted(set(value) - set(QUESTION_TYPES))
        if unknown:
            raise ValueError(f"unknown question types {unknown} (types: {', '.join(QUESTION_TYPES)})")
        if not any(w > 0 for w in value.values()):
            raise ValueError("question_types: give at least one a positive weight")
        return value
