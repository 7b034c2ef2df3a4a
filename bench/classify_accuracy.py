"""Accuracy of the default classifiers on text they never saw, per language, against issue 4's targets.

Eval sets:
  - held-out synthetic: the bootstrap's held-out split (unseen lexicon items and templates), from the
    models' own metadata;
  - HPO definitions: real English text (a hashed fifth held out of training), labelled by organ system;
  - the issue-2 sample corpus (data/sample/), made by a different generator (scripts/text_bank.py),
    with its department metadata: 16 departments, so macro-F1 there averages over the gold classes;
  - check sets in bench/data/ (checkset_departments.jsonl, checkset_topics.jsonl): consultations,
    doctors' replies, abstracts, exam vignettes, news, encyclopedia and forum text written for
    MedCurate independently of the generator (never used in training). They are realistic, not
    real: real-world figures need real labelled corpora (see `medcurate classifiers eval`).
Targets (issue 4, on real text): department macro-F1 >= 0.70, topic macro-F1 >= 0.60, medical vs
general accuracy >= 0.95, in each language.

    python -m bench.classify_accuracy [--models DIR]   # also writes bench/results/classify_accuracy.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from classifiers.evaluate import evaluate
from classifiers.fasttext_engine import FastTextClassifier, MultiModelPredictor
from classifiers.labelled import Labelled, read_labelled
from classifiers.models import default_models_dir, ensure_default_models
from classifiers.tokenize import ClassifierTokenizer

DATA = Path(__file__).resolve().parent / "data"
RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = {"department": 0.70, "category": 0.60, "medical": 0.95}


# text_bank's department keys and names that are not taxonomy ids, names or aliases
SAMPLE_DEPARTMENTS = {"respiratory": "pulmonology", "obgyn": "obstetrics_gynecology", "ent": "otorhinolaryngology",
                      "emergency": "emergency_critical_care", "infectious": "infectious_disease",
                      "呼吸科": "pulmonology", "皮肤科": "dermatology", "急诊科": "emergency_critical_care"}


def sample_corpus() -> tuple[Labelled, Labelled]:
    """(department-labelled medical docs, medical/general-labelled docs) from data/sample."""
    from classifiers.taxonomy import load_taxonomy
    from pipeline.ingest.readers import read_jsonl, read_parquet

    names = dict(SAMPLE_DEPARTMENTS)
    for e in load_taxonomy().departments + load_taxonomy().auxiliary:
        names.update({e.id: e.id, e.zh: e.id, e.en.lower(): e.id, **{a: e.id for a in e.aliases}})
    sample = DATA.parent.parent / "data" / "sample"
    departments, domains = Labelled(), Labelled()
    sources = [("zh_medical.jsonl.gz", "content", "zh", "medical"), ("en_medical.jsonl.zst", "text", "en", "medical"),
               ("zh_general_gb18030.jsonl", "text", "zh", "general"), ("en_general.parquet", "text", "en", "general")]
    for name, field, lang, domain in sources:
        path = sample / name
        for record in (read_parquet(path) if name.endswith(".parquet") else read_jsonl(path)):
            text = (record.value or {}).get(field)
            if record.error or not isinstance(text, str) or not text.strip(" \n。，！？.,!?"):
                continue  # the planted malformed rows (ingest rejects them)
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:  # planted lone surrogates
                continue
            domains.add(text, domain, lang)
            department = names.get(str(record.value.get("department", "")).lower()) or names.get(
                str(record.value.get("department", "")))
            if domain == "medical" and department:
                departments.add(text, department, lang)
    return departments, domains


def gold_macro_f1(scores) -> float:
    f1 = [c.f1 for c in scores.per_class if c.support > 0]
    return sum(f1) / len(f1) if f1 else 0.0


def predict(model: FastTextClassifier, texts: list[str], tokenizer: ClassifierTokenizer) -> list[str]:
    probs = MultiModelPredictor({"m": model}, tokenizer).predict(texts)["m"]
    return [model.labels[i] for i in probs.argmax(axis=1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=Path, default=None)
    parser.add_argument("--max-tokens", type=int, default=256)
    args = parser.parse_args()
    models_dir = args.models or ensure_default_models() or default_models_dir()
    tokenizer = ClassifierTokenizer(max_tokens=args.max_tokens)
    models = {task: FastTextClassifier(models_dir / f"{task}.bin") for task in ("medical", "category", "department")}
    departments = read_labelled(DATA / "checkset_departments.jsonl")
    topics = read_labelled(DATA / "checkset_topics.jsonl")
    sample_departments, sample_domains = sample_corpus()
    runs = {
        ("department", "sample_corpus (gold classes)"): (sample_departments, sample_departments.labels),
        ("medical", "sample_corpus"): (sample_domains, sample_domains.labels),
        ("department", "checkset_departments"): (departments, departments.labels),
        ("category", "checkset_topics"): (topics, topics.labels),
        ("medical", "checkset_departments+topics"): (
            None, ["medical"] * len(departments) + ["medical" if t == "medicine_health" else "general"
                                                    for t in topics.labels]),
    }
    rows = []
    for (task, name), (data, gold) in runs.items():
        texts = data.texts if data else departments.texts + topics.texts
        langs = data.langs if data else departments.langs + topics.langs
        report = evaluate(task, gold, predict(models[task], texts, tokenizer), langs)
        metric = "accuracy" if task == "medical" else "macro_f1"
        for split, scores in [("all", report.overall), *report.by_language.items()]:
            value = gold_macro_f1(scores) if "gold classes" in name else getattr(scores, metric)
            rows.append({"task": task, "eval": name, "split": split, "rows": scores.rows, "metric": metric,
                         "value": round(value, 3), "target": TARGETS[task],
                         "met": value >= TARGETS[task]})
    for task, model in models.items():
        for name, summary in model.info.evaluation.items():
            metric = "accuracy" if task == "medical" else "macro_f1"
            for split in ("all", "zh", "en"):
                scores = summary if split == "all" else summary.get(split)
                if scores:
                    rows.append({"task": task, "eval": name, "split": split, "rows": scores["rows"],
                                 "metric": metric, "value": scores[metric], "target": TARGETS[task],
                                 "met": scores[metric] >= TARGETS[task]})
    print(f"models: {models_dir}; classified on the first {args.max_tokens or 'all'} tokens")
    print(f"{'task':<11} {'eval set':<30} {'split':<5} {'rows':>5}  {'metric':<8} {'value':>6}  target")
    for r in rows:
        print(f"{r['task']:<11} {r['eval']:<30} {r['split']:<5} {r['rows']:>5}  {r['metric']:<8} {r['value']:>6.3f}  "
              f">= {r['target']:.2f} {'met' if r['met'] else 'NOT met'}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "classify_accuracy.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
