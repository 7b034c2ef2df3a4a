"""A scaled-down default-model build: every task trained, evaluated held out, reused when unchanged."""

import json

import pytest

from classifiers.bootstrap.build import build_default_models, is_built
from classifiers.bootstrap.datasets import TASKS, DatasetSizes, build_dataset
from classifiers.fasttext_engine import FastTextClassifier
from classifiers.taxonomy import load_taxonomy

SIZES = DatasetSizes().scaled(0.08)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_default_models(tmp_path_factory.mktemp("models") / "default", SIZES)


def test_every_task_has_a_model_metadata_and_held_out_scores(built):
    for task in TASKS:
        model = FastTextClassifier(built / f"{task}.bin")
        assert model.info.task == task
        held_out = model.info.evaluation["held_out_synthetic"]
        assert held_out["rows"] > 0 and {"zh", "en"} <= set(held_out)
    medical = FastTextClassifier(built / "medical.bin").info.evaluation["held_out_synthetic"]
    assert medical["accuracy"] > 0.9
    assert "hpo_definitions_real_en" in FastTextClassifier(built / "department.bin").info.evaluation
    assert (built / "eval" / "department.held_out.png").is_file()
    assert "| department | held_out_synthetic |" in (built / "REPORT.md").read_text()


def test_an_unchanged_build_is_reused(built):
    stamp = json.loads((built / "BUILD.json").read_text())
    assert is_built(built, SIZES)
    before = (built / "category.bin").stat().st_mtime_ns
    assert build_default_models(built, SIZES) == built
    assert (built / "category.bin").stat().st_mtime_ns == before
    assert not is_built(built, DatasetSizes().scaled(0.09))  # other sizes: a different fingerprint
    assert stamp["sizes"]["department"] == SIZES.department


def test_datasets_are_balanced_and_labelled_by_taxonomy_ids():
    taxonomy = load_taxonomy()
    data = build_dataset("department", taxonomy, "train", DatasetSizes().scaled(0.01))
    counts = {label: data.labels.count(label) for label in set(data.labels)}
    assert set(counts) == set(taxonomy.department_ids)
    assert len(set(counts.values())) == 1
    assert set(data.langs) == {"zh", "en"}
    with pytest.raises(ValueError, match="unknown bootstrap task"):
        build_dataset("colour", taxonomy, "train", SIZES)
