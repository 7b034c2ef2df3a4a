"""Labelled training data: every unusable row is counted by reason; missing columns are one-line errors."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from classifiers.labelled import LabelledDataError, read_labelled


def test_jsonl_rows_kept_or_counted(tmp_path):
    path = tmp_path / "d.jsonl"
    lines = [
        json.dumps({"text": "胸闷气短", "label": "cardiology", "lang": "zh"}, ensure_ascii=False),
        json.dumps({"text": "Chest pain on exertion", "label": "cardiology"}),
        "{broken",
        json.dumps([1, 2]),
        json.dumps({"text": "", "label": "x"}),
        json.dumps({"text": "no label"}),
        json.dumps({"text": 5, "label": "x"}),
        json.dumps({"text": "ok", "label": "two words"}),
        "",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = read_labelled(path)
    assert rows.texts == ["胸闷气短", "Chest pain on exertion"]
    assert rows.langs == ["zh", None]
    assert dict(rows.rejected) == {"invalid_json": 1, "not_an_object": 1, "empty_text": 1, "missing_label": 1,
                                   "text_not_string": 1, "label_has_whitespace": 1, "blank_line": 1}
    assert len(rows) + sum(rows.rejected.values()) == len(lines)


def test_parquet_and_missing_column(tmp_path):
    good = tmp_path / "d.parquet"
    pq.write_table(pa.table({"text": ["a b", None], "label": ["x", "y"]}), good)
    rows = read_labelled(good)
    assert rows.labels == ["x"] and dict(rows.rejected) == {"missing_text": 1}
    bad = tmp_path / "e.parquet"
    pq.write_table(pa.table({"text": ["a"], "category": ["x"]}), bad)
    with pytest.raises(LabelledDataError, match="no row has the label field 'label'"):
        read_labelled(bad)


def test_unknown_format_and_missing_file(tmp_path):
    with pytest.raises(LabelledDataError, match="not found"):
        read_labelled(tmp_path / "none.jsonl")
    odd = tmp_path / "data.xyz"
    odd.write_text("x")
    with pytest.raises(LabelledDataError, match="cannot tell the format"):
        read_labelled(odd)
