"""`medcurate classifiers ...`: train, evaluate, bootstrap the defaults, and annotate with an LLM."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Train, evaluate and bootstrap the fastText classifiers the classify stage uses.")


def _fail(message: str) -> None:
    typer.secho(f"error: {message}", fg="red", err=True)
    raise typer.Exit(2)


def _check_task_labels(task: str, labels: set[str], taxonomy_path: Optional[Path]) -> None:
    from classifiers.models import BINARY_LABELS
    from classifiers.taxonomy import load_taxonomy

    if task in BINARY_LABELS:
        allowed = set(BINARY_LABELS[task])
    elif task in ("category", "department"):
        taxonomy = load_taxonomy(taxonomy_path)
        allowed = set(taxonomy.category_ids if task == "category" else taxonomy.department_ids)
    else:
        return  # a task of the user's own: any labels
    unknown = sorted(labels - allowed)
    if unknown:
        _fail(f"labels {unknown[:8]} are not valid for task '{task}' (valid: {sorted(allowed)})")


@app.command()
def train(
    task: str = typer.Option(..., help="medical | category | department | quality | medical_value | your own"),
    data: Optional[Path] = typer.Option(None, help="labelled JSONL or Parquet with text, label (and lang)"),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="model file to write (<name>.bin + <name>.json); default models/<task>.bin"),
    positive: Optional[Path] = typer.Option(
        None, help="binary tasks without --data: texts of the first label (quality: your high-quality reference "
        "text, DCLM-style), JSONL or Parquet with a text field"),
    negative: Optional[Path] = typer.Option(None, help="... and of the second label (quality: random web text)"),
    dim: int = 32, epoch: int = 8, lr: float = 0.5, word_ngrams: int = typer.Option(2, "--word-ngrams"),
    min_count: int = typer.Option(2, "--min-count"), bucket: int = 200_000, threads: int = 1, seed: int = 0,
    taxonomy: Optional[Path] = typer.Option(None, help="taxonomy YAML for category/department labels"),
    user_dict: Optional[Path] = typer.Option(None, "--user-dict", help="extra jieba words"),
):
    """Train a fastText model from labelled text (tokenised exactly as the classify stage does)."""
    from classifiers.fasttext_engine import TrainParams, train_fasttext
    from classifiers.labelled import LabelledDataError, read_labelled
    from classifiers.tokenize import ClassifierTokenizer

    if (data is None) == (positive is None or negative is None):
        _fail("give either --data, or --positive and --negative")
    if data is not None:
        try:
            rows = read_labelled(data)
        except LabelledDataError as error:
            _fail(str(error))
    else:
        rows = _two_sided(task, positive, negative)
    if len(rows) == 0:
        _fail(f"{data}: no usable rows ({dict(rows.rejected)})")
    _check_task_labels(task, set(rows.labels), taxonomy)
    output = output or Path("models") / f"{task}.bin"
    tokenizer = ClassifierTokenizer(str(user_dict) if user_dict else None)
    params = TrainParams(dim=dim, epoch=epoch, lr=lr, word_ngrams=word_ngrams, min_count=min_count,
                         bucket=bucket, threads=threads, seed=seed)
    model = train_fasttext(task, tokenizer.joined(rows.texts), rows.labels, output, params, tokenizer,
                           trained_on={"rows": len(rows), "files": [str(p) for p in (data, positive, negative) if p],
                                       "rejected": dict(rows.rejected)})
    typer.echo(f"{task}: trained on {len(rows)} rows ({sum(rows.rejected.values())} unusable: "
               f"{dict(rows.rejected)}), {len(model.labels)} labels -> {output}")


@app.command("eval")
def eval_(
    model: Path = typer.Option(..., help="model .bin"),
    data: Path = typer.Option(..., help="labelled JSONL or Parquet with text, label (and lang)"),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="folder for report.json, report.md, confusion PNGs; default <model>.eval/"),
):
    """Per-class precision/recall/F1/support, macro-F1 and confusion matrices, overall and per language."""
    from classifiers.evaluate import evaluate, plot_confusion
    from classifiers.fasttext_engine import FastTextClassifier, MultiModelPredictor
    from classifiers.labelled import LabelledDataError, read_labelled
    from classifiers.tokenize import ClassifierTokenizer

    try:
        rows = read_labelled(data)
        classifier = FastTextClassifier(model)
    except (LabelledDataError, FileNotFoundError) as error:
        _fail(str(error))
    probs = MultiModelPredictor({"m": classifier}, ClassifierTokenizer()).predict(rows.texts)["m"]
    predicted = [classifier.labels[i] for i in probs.argmax(axis=1)]
    report = evaluate(classifier.task, rows.labels, predicted, rows.langs, labels=sorted(classifier.labels))
    output = output or model.with_suffix(".eval")
    output.mkdir(parents=True, exist_ok=True)
    (output / "report.json").write_text(report.to_json())
    (output / "report.md").write_text(report.markdown())
    plot_confusion(report.overall, output / "confusion.png", classifier.task)
    for lang, scores in report.by_language.items():
        plot_confusion(scores, output / f"confusion.{lang}.png", f"{classifier.task} [{lang}]")
    typer.echo(json.dumps(report.summary(), ensure_ascii=False))


@app.command()
def bootstrap(
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="default: the default models folder"),
    scale: float = typer.Option(1.0, help="dataset size factor (1.0 = the shipped defaults)"),
    force: bool = typer.Option(False, help="rebuild even if the folder is up to date"),
):
    """Compose the offline bootstrap data, train the five default models and evaluate them held out."""
    from classifiers.bootstrap.build import build_default_models
    from classifiers.bootstrap.datasets import DatasetSizes
    from classifiers.models import default_models_dir

    sizes = DatasetSizes() if scale == 1.0 else DatasetSizes().scaled(scale)
    out = build_default_models(output or default_models_dir(), sizes, force=force)
    typer.echo((out / "REPORT.md").read_text())


@app.command()
def annotate(
    task: str = typer.Option(..., help="medical | category | department | quality | medical_value"),
    data: Path = typer.Option(..., help="Parquet shards folder/file or JSONL with a text field"),
    endpoint: str = typer.Option(..., help="OpenAI-compatible base URL, e.g. http://localhost:8000/v1"),
    model: str = typer.Option(..., help="model name the endpoint serves"),
    output: Path = typer.Option(..., "--output", "-o", help="labelled JSONL to write (text, label, lang)"),
    sample: int = typer.Option(2000, help="documents to label (a seeded random sample)"),
    api_key: Optional[str] = typer.Option(None, "--api-key", envvar="OPENAI_API_KEY"),
    parallel: int = typer.Option(8, help="concurrent requests"),
    seed: int = 0,
    train_output: Optional[Path] = typer.Option(None, "--train-output", help="also distil into this fastText model"),
    taxonomy: Optional[Path] = typer.Option(None),
):
    """Label a sample with an LLM, write it as training data, and optionally distil it into fastText."""
    from classifiers.annotate import AnnotationError, EndpointConfig
    from classifiers.annotate import annotate as run_annotation
    from classifiers.taxonomy import load_taxonomy

    texts, langs = _read_texts(data)
    if not texts:
        _fail(f"{data}: no text to annotate")
    picked = sorted(random.Random(seed).sample(range(len(texts)), min(sample, len(texts))))
    try:
        result = run_annotation(task, [texts[i] for i in picked], [langs[i] for i in picked], load_taxonomy(taxonomy),
                                EndpointConfig(endpoint, model, api_key), parallel=parallel)
    except (AnnotationError, ValueError) as error:
        _fail(str(error))
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", encoding="utf-8") as handle:
        for text, label, lang in zip(result.texts, result.labels, result.langs):
            handle.write(json.dumps({"text": text, "label": label, "lang": lang}, ensure_ascii=False) + "\n")
    typer.echo(f"{task}: {len(result.texts)} labelled, {result.unparseable} unparseable replies, "
               f"labels {dict(result.label_counts)} -> {output}")
    if train_output:
        train(task=task, data=output, output=train_output, positive=None, negative=None, dim=32, epoch=8, lr=0.5,
              word_ngrams=2, min_count=2, bucket=200_000, threads=1, seed=seed, taxonomy=taxonomy, user_dict=None)


def _two_sided(task: str, positive: Path, negative: Path):
    from classifiers.labelled import Labelled
    from classifiers.models import BINARY_LABELS

    if task not in BINARY_LABELS:
        _fail(f"--positive/--negative need a binary task ({', '.join(BINARY_LABELS)}), not '{task}'")
    rows = Labelled()
    for path, label in zip((positive, negative), BINARY_LABELS[task]):
        if not path.exists():
            _fail(f"{path}: file not found")
        texts, langs = _read_texts(path)
        for text, lang in zip(texts, langs):
            rows.add(text, label, lang)
    return rows


def _read_texts(path: Path) -> tuple[list[str], list[str | None]]:
    import pyarrow.parquet as pq

    from pipeline.ingest.readers import read_jsonl

    if path.is_dir() or path.suffix == ".parquet":
        files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
        texts, langs = [], []
        for file in files:
            table = pq.read_table(file)
            if "text" not in table.column_names:
                _fail(f"{file}: no 'text' column")
            texts += table.column("text").to_pylist()
            langs += table.column("lang").to_pylist() if "lang" in table.column_names else [None] * table.num_rows
        return [t for t in texts if t], [lang for t, lang in zip(texts, langs) if t]
    texts, langs = [], []
    for record in read_jsonl(path):
        if record.value and isinstance(record.value.get("text"), str) and record.value["text"].strip():
            texts.append(record.value["text"])
            langs.append(record.value.get("lang"))
    return texts, langs
