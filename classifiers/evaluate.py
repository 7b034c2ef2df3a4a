"""Classifier evaluation: per-class precision, recall, F1 and support, macro-F1, confusion matrix,
each overall and per language. Macro-F1 averages over every class that occurs in the gold labels or
the predictions (a class predicted but never true scores F1 0), so skewed data cannot hide a class."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np


@dataclass
class ClassScores:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Scores:
    rows: int
    accuracy: float
    macro_f1: float
    labels: list[str]
    per_class: list[ClassScores]
    confusion: list[list[int]]  # rows: gold label, columns: predicted label, in `labels` order


@dataclass
class EvalReport:
    task: str
    overall: Scores
    by_language: dict[str, Scores] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    def summary(self) -> dict:
        out = {"rows": self.overall.rows, "accuracy": round(self.overall.accuracy, 4),
               "macro_f1": round(self.overall.macro_f1, 4)}
        for lang, scores in self.by_language.items():
            out[lang] = {"rows": scores.rows, "accuracy": round(scores.accuracy, 4),
                         "macro_f1": round(scores.macro_f1, 4)}
        return out

    def markdown(self) -> str:
        lines = [f"# {self.task}", "", "| split | rows | accuracy | macro-F1 |", "|---|---|---|---|"]
        for name, s in [("all", self.overall), *self.by_language.items()]:
            lines.append(f"| {name} | {s.rows} | {s.accuracy:.3f} | {s.macro_f1:.3f} |")
        lines += ["", "| class | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for c in self.overall.per_class:
            lines.append(f"| {c.label} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.support} |")
        return "\n".join(lines) + "\n"


def score(gold: list[str], predicted: list[str], labels: list[str] | None = None) -> Scores:
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    present = sorted(set(gold) | set(predicted))
    labels = [label for label in (labels or []) if label in present] + [
        label for label in present if label not in (labels or [])]
    index = {label: i for i, label in enumerate(labels)}
    confusion = np.zeros((len(labels), len(labels)), np.int64)
    if gold:
        np.add.at(confusion, ([index[g] for g in gold], [index[p] for p in predicted]), 1)
    true_positive = np.diag(confusion).astype(np.float64)
    predicted_count = confusion.sum(axis=0)
    support = confusion.sum(axis=1)
    precision = np.divide(true_positive, predicted_count, out=np.zeros(len(labels)), where=predicted_count > 0)
    recall = np.divide(true_positive, support, out=np.zeros(len(labels)), where=support > 0)
    denominator = precision + recall
    f1 = np.divide(2 * precision * recall, denominator, out=np.zeros(len(labels)), where=denominator > 0)
    return Scores(
        rows=len(gold),
        accuracy=float(true_positive.sum() / len(gold)) if gold else 0.0,
        macro_f1=float(f1.mean()) if len(labels) else 0.0,
        labels=labels,
        per_class=[ClassScores(label, float(p), float(r), float(f), int(s))
                   for label, p, r, f, s in zip(labels, precision, recall, f1, support)],
        confusion=confusion.tolist(),
    )


def evaluate(task: str, gold: list[str], predicted: list[str], langs: list[str] | None = None,
             labels: list[str] | None = None) -> EvalReport:
    report = EvalReport(task, score(gold, predicted, labels))
    if langs is not None:
        for lang in sorted({lang for lang in langs if lang}):
            rows = [i for i, x in enumerate(langs) if x == lang]
            report.by_language[lang] = score([gold[i] for i in rows], [predicted[i] for i in rows], labels)
    return report


def plot_confusion(scores: Scores, path: Path, title: str) -> Path:
    """Row-normalised confusion matrix as a PNG (counts in each cell)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matrix = np.array(scores.confusion, dtype=np.float64)
    normalised = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    n = len(scores.labels)
    size = max(5.0, 0.45 * n + 2)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(normalised, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(n), scores.labels, rotation=90, fontsize=7)
    ax.set_yticks(range(n), scores.labels, fontsize=7)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(f"{title} (macro-F1 {scores.macro_f1:.3f}, n={scores.rows})", fontsize=9)
    if n <= 40:
        for i in range(n):
            for j in range(n):
                if matrix[i, j]:
                    ax.text(j, i, int(matrix[i, j]), ha="center", va="center", fontsize=5,
                            color="white" if normalised[i, j] > 0.5 else "black")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
