"""Build the default models: compose each task's bootstrap data, train fastText, evaluate held out.

The result is a folder of `<task>.bin` + `<task>.json` (metadata with the held-out scores) and
REPORT.md. It is keyed by a fingerprint of everything that shapes the models (lexicons, templates,
ontology mapping, generator code, tokenizer, sizes, training settings), so a change to any of them
rebuilds, and an unchanged checkout reuses the folder. Threads = 1 makes the build reproducible.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from classifiers.bootstrap.datasets import TASKS, DatasetSizes, build_dataset, ontology_extras, real_ontology_definitions
from classifiers.evaluate import evaluate, plot_confusion
from classifiers.fasttext_engine import FastTextClassifier, MultiModelPredictor, TrainParams, train_fasttext
from classifiers.taxonomy import Taxonomy, load_taxonomy
from classifiers.tokenize import ClassifierTokenizer

log = logging.getLogger(__name__)
BUILD_FORMAT = 1
_FINGERPRINTED = [
    *sorted((Path(__file__).parent / "data").glob("*.yaml")),
    Path(__file__).parent / "compose.py",
    Path(__file__).parent / "datasets.py",
    Path(__file__).parent / "ontology.py",
    Path(__file__).parents[1] / "tokenize.py",
    Path(__file__).parents[1] / "segment.py",
    Path(__file__).parents[1] / "taxonomy.yaml",
]
# Per task training settings (TrainParams otherwise). The 31-way and 27-way tasks get more epochs
# and 32 dimensions; the binary ones converge in a few epochs and lose nothing at 16 dimensions
# (held-out scores within noise), which keeps the fused forward pass narrow.
TASK_PARAMS = {
    "medical": TrainParams(epoch=5, dim=16),
    "category": TrainParams(epoch=10),
    "department": TrainParams(epoch=10),
    "quality": TrainParams(epoch=5, dim=16),
    "medical_value": TrainParams(epoch=5, dim=16),
}


def fingerprint(sizes: DatasetSizes, seed: int) -> str:
    digest = hashlib.sha256(f"{BUILD_FORMAT}/{sizes}/{seed}".encode())
    for path in _FINGERPRINTED:
        digest.update(path.read_bytes())
    for task in TASKS:
        digest.update(TASK_PARAMS[task].model_dump_json().encode())
    return digest.hexdigest()[:16]


@contextmanager
def _locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def is_built(out_dir: Path, sizes: DatasetSizes = DatasetSizes(), seed: int = 0) -> bool:
    stamp = out_dir / "BUILD.json"
    return stamp.is_file() and json.loads(stamp.read_text()).get("fingerprint") == fingerprint(sizes, seed)


def build_default_models(out_dir: Path, sizes: DatasetSizes = DatasetSizes(), seed: int = 0,
                         force: bool = False, taxonomy: Taxonomy | None = None) -> Path:
    out_dir = Path(out_dir)
    with _locked(out_dir.parent / f".{out_dir.name}.lock"):
        if not force and is_built(out_dir, sizes, seed):
            return out_dir
        started = time.time()
        taxonomy = taxonomy or load_taxonomy()
        work = out_dir.with_name(out_dir.name + ".partial")
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        tokenizer = ClassifierTokenizer()
        from classifiers.bootstrap.compose import Lexicons

        lexicons = {split: Lexicons.load(split, ontology_extras(split)) for split in ("train", "test")}
        real = real_ontology_definitions()
        summary = {}
        for task in TASKS:
            t0 = time.time()
            train = build_dataset(task, taxonomy, "train", sizes, seed, lexicons["train"])
            test = build_dataset(task, taxonomy, "test", sizes, seed + 1, lexicons["test"])
            model = train_fasttext(task, tokenizer.joined(train.texts), train.labels, work / f"{task}.bin",
                                   TASK_PARAMS[task], tokenizer,
                                   trained_on={"rows": len(train), "source": "medcurate bootstrap", "seed": seed})
            evaluation = {"held_out_synthetic": _evaluate(model, tokenizer, test, work, "held_out")}
            if task in ("department", "medical") and len(real):
                gold = real.labels if task == "department" else ["medical"] * len(real)
                evaluation["hpo_definitions_real_en"] = _evaluate(
                    model, tokenizer, type(real)(real.texts, gold, real.langs), work, "hpo_definitions")
            info = json.loads((work / f"{task}.json").read_text())
            info["evaluation"] = evaluation
            (work / f"{task}.json").write_text(json.dumps(info, ensure_ascii=False, indent=2))
            summary[task] = {"train_rows": len(train), "seconds": round(time.time() - t0, 1), **evaluation}
            log.info("default model %s: %s", task, evaluation["held_out_synthetic"])
        (work / "REPORT.md").write_text(_report(summary))
        (work / "BUILD.json").write_text(json.dumps(
            {"fingerprint": fingerprint(sizes, seed), "sizes": sizes.__dict__, "seed": seed,
             "seconds": round(time.time() - started, 1), "summary": summary}, indent=2))
        shutil.rmtree(out_dir, ignore_errors=True)
        os.replace(work, out_dir)
        return out_dir


def _evaluate(model: FastTextClassifier, tokenizer: ClassifierTokenizer, data, work: Path, name: str) -> dict:
    probs = MultiModelPredictor({model.task: model}, tokenizer).predict(data.texts)[model.task]
    predicted = [model.labels[i] for i in probs.argmax(axis=1)]
    report = evaluate(model.task, data.labels, predicted, data.langs, labels=sorted(set(data.labels)))
    plot_confusion(report.overall, work / "eval" / f"{model.task}.{name}.png", f"{model.task} {name}")
    (work / "eval" / f"{model.task}.{name}.md").write_text(report.markdown())
    return report.summary()


def _report(summary: dict) -> str:
    lines = ["# Default classifiers: held-out scores", "",
             "Synthetic held-out data uses lexicon items and templates the models never saw in training;",
             "HPO definitions are real English text (held-out fifth), labelled by organ system.", "",
             "| task | eval set | split | rows | accuracy | macro-F1 |", "|---|---|---|---|---|---|"]
    for task, entry in summary.items():
        for key, value in entry.items():
            if not isinstance(value, dict):
                continue
            for split in ("all", *[k for k in value if isinstance(value[k], dict)]):
                scores = value if split == "all" else value[split]
                lines.append(f"| {task} | {key} | {split} | {scores['rows']} | {scores['accuracy']:.3f} | "
                             f"{scores['macro_f1']:.3f} |")
    return "\n".join(lines) + "\n"
