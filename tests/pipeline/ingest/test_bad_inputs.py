"""Every malformation, in every input format, checked row by row: nothing lost, every reason right."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from pipeline.config import parse_run_config
from pipeline.runner import run_single_stage
from tests.conftest import make_text

GOOD_EN = make_text("en", 3)
GOOD_ZH = make_text("zh", 3)
MAX_BYTES = 5_000
HUGE = "word " * 2_000  # 10,000 bytes > MAX_BYTES


def _jsonl_lines() -> list[tuple[bytes, str]]:
    """(line bytes, expected outcome) for a JSONL file: 'kept' or the reject reason."""
    j = lambda obj: json.dumps(obj, ensure_ascii=False).encode("utf-8")  # noqa: E731
    return [
        (j({"id": "a", "text": GOOD_EN}), "kept"),
        (b'{"id": "b", "text": "truncated', "invalid_json"),
        (b"[1, 2, 3]", "not_an_object"),
        (j({"id": "c"}), "missing_text"),
        (j({"id": "d", "text": None}), "missing_text"),
        (j({"id": "e", "text": 42}), "text_not_string"),
        (j({"id": "f", "text": ["a", "list"]}), "text_not_string"),
        (j({"id": {"nested": 1}, "text": GOOD_EN}), "id_not_scalar"),
        (b'{"id": "g", "text": "bad \xff\xfe bytes"}', "invalid_encoding"),
        (j({"id": "h", "text": ""}), "empty_text"),
        (j({"id": "i", "text": "  \t \n "}), "empty_text"),
        (j({"id": "j", "text": HUGE}), "too_large"),
        (b'{"id": "k", "text": "lone \\ud800 surrogate"}', "invalid_unicode"),
        (b"", "blank_line"),
        (j({"id": "l", "text": GOOD_ZH, "extra": {"k": [1, 2]}}), "kept"),
        (j({"text": GOOD_ZH + "。"}), "kept"),  # no id: a content hash
        (j({"id": "m", "text": "!!!???..."}), "kept"),  # punctuation-only is ingestible; the filter drops it
    ]


def _write_jsonl(path: Path, lines: list[bytes], compress: str | None = None, bom: bool = False) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + b"\n".join(lines) + b"\n"
    if compress == "gz":
        with gzip.GzipFile(path, "wb", mtime=0) as handle:
            handle.write(data)
    elif compress == "zst":
        path.write_bytes(zstandard.ZstdCompressor().compress(data))
    else:
        path.write_bytes(data)


def _csv_rows(delimiter: str) -> tuple[bytes, list[tuple[int, str]]]:
    """A CSV/TSV file (bytes) and (record start line, expected outcome)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["id", "text", "url"])
    writer.writerow(["a", GOOD_EN, "http://x"])  # line 2
    writer.writerow(["b", "line one\nline two " + GOOD_EN, "http://y"])  # lines 3-4, embedded newline
    writer.writerow(["c", "", "http://z"])  # line 5
    writer.writerow(["d", "   ", "http://z"])  # line 6
    writer.writerow(["e", "only two fields"])  # line 7
    writer.writerow(["f", HUGE, "u"])  # line 8
    writer.writerow(["g", "PLACEHOLDER", "u"])  # line 9: invalid bytes go here
    writer.writerow(["h", GOOD_ZH, "u"])  # line 10
    data = buffer.getvalue().encode("utf-8").replace(b"PLACEHOLDER", b"bad \xff bytes")
    return data, [(2, "kept"), (3, "kept"), (5, "empty_text"), (6, "empty_text"), (7, "bad_csv_row"),
                  (8, "too_large"), (9, "invalid_encoding"), (10, "kept")]


def _ingest(tmp_path: Path, source: dict) -> tuple[pa.Table, pa.Table, dict]:
    out = tmp_path / "out"
    config = parse_run_config({"run": {"executor": "local", "name": "t", "output_dir": str(tmp_path)},
                               "sources": [source], "pipeline": ["ingest"],
                               "stages": {"ingest": {"max_doc_bytes": MAX_BYTES}}})
    manifest = run_single_stage("ingest", None, out, config, progress=False)
    kept = pq.read_table(sorted(out.glob("part-*.parquet")))
    reject_files = sorted((out / "rejects").glob("*.parquet"))
    rejects = pq.read_table(reject_files) if reject_files else pa.table({"line": pa.array([], pa.int64())})
    counts = manifest.counts
    assert counts.rows_in == counts.kept + counts.rejected == kept.num_rows + rejects.num_rows
    return kept, rejects, manifest.model_dump()


def _check_jsonl(kept, rejects, expected, prefix="s"):
    by_line = {row["line"]: row["reject_reason"] for row in rejects.select(["line", "reject_reason"]).to_pylist()}
    kept_count = 0
    for number, (_, outcome) in enumerate(expected, start=1):
        if outcome == "kept":
            kept_count += 1
            assert number not in by_line, f"line {number} should be kept, got {by_line.get(number)}"
        else:
            assert by_line.get(number) == outcome, f"line {number}: expected {outcome}, got {by_line.get(number)}"
    assert kept.num_rows == kept_count
    assert all(i.startswith(prefix + ":") for i in kept.column("id").to_pylist())


@pytest.mark.parametrize("compress,bom", [(None, False), ("gz", False), ("zst", False), (None, True)])
def test_jsonl_every_malformation(tmp_path, compress, bom):
    expected = _jsonl_lines()
    name = "data.jsonl" + ({"gz": ".gz", "zst": ".zst"}.get(compress, ""))
    _write_jsonl(tmp_path / name, [line for line, _ in expected], compress, bom)
    kept, rejects, manifest = _ingest(tmp_path, {"name": "s", "path": str(tmp_path / name)})
    _check_jsonl(kept, rejects, expected)
    assert set(rejects.column("file").to_pylist()) == {str(tmp_path / name)}
    assert manifest["counts"]["by_reason"]["missing_text"] == 2
    meta = json.loads(kept.filter(pa.compute.equal(kept.column("id"), "s:l")).column("meta")[0].as_py())
    assert meta == {"extra": {"k": [1, 2]}}


def test_gb18030_jsonl_detected_and_bad_line_rejected(tmp_path):
    good = [json.dumps({"id": str(i), "text": make_text("zh", 4, seed=i)}, ensure_ascii=False).encode("gb18030") for i in range(30)]
    lines = good[:10] + [b'{"id": "bad", "text": "\x81\x20broken"}'] + good[10:]
    (tmp_path / "zh.jsonl").write_bytes(b"\n".join(lines))
    kept, rejects, _ = _ingest(tmp_path, {"name": "zh", "path": str(tmp_path / "zh.jsonl")})
    assert kept.num_rows == 30
    assert rejects.column("reject_reason").to_pylist() == ["invalid_encoding"]
    assert rejects.column("line").to_pylist() == [11]
    assert kept.column("text")[0].as_py() == make_text("zh", 4, seed=0)


def test_utf8_file_with_one_bad_line_is_not_taken_for_gb18030(tmp_path):
    lines = [json.dumps({"id": str(i), "text": make_text("zh", 3, seed=i)}, ensure_ascii=False).encode() for i in range(5)]
    lines.insert(2, b'{"id": "x", "text": "\xff\xfe"}')
    (tmp_path / "u.jsonl").write_bytes(b"\n".join(lines))
    kept, rejects, _ = _ingest(tmp_path, {"name": "u", "path": str(tmp_path / "u.jsonl")})
    assert kept.column("text").to_pylist() == [make_text("zh", 3, seed=i) for i in range(5)]
    assert rejects.column("line").to_pylist() == [3]


@pytest.mark.parametrize("delimiter,suffix", [(",", "csv"), ("\t", "tsv")])
def test_csv_tsv_every_malformation(tmp_path, delimiter, suffix):
    data, expected = _csv_rows(delimiter)
    (tmp_path / f"f.{suffix}").write_bytes(data)
    kept, rejects, _ = _ingest(tmp_path, {"name": "c", "path": str(tmp_path / f"f.{suffix}")})
    by_line = dict(zip(rejects.column("line").to_pylist(), rejects.column("reject_reason").to_pylist()))
    for line, outcome in expected:
        assert by_line.get(line, "kept") == outcome, f"record at line {line}"
    assert kept.column("id").to_pylist() == ["c:a", "c:b", "c:h"]
    assert "line one\nline two" in kept.column("text")[1].as_py()
    assert json.loads(kept.column("meta")[0].as_py()) == {"url": "http://x"}


def test_parquet_every_malformation(tmp_path):
    pq.write_table(pa.table({
        "id": ["a", "b", "c", "d", "e"],
        "text": [GOOD_EN, None, "", " \n", HUGE],
    }), tmp_path / "p1.parquet")
    pq.write_table(pa.table({"id": ["x", "y"], "text": [1, 2]}), tmp_path / "p2.parquet")
    pq.write_table(pa.table({"id": [{"k": 1}], "text": [GOOD_ZH]}), tmp_path / "p3.parquet")
    pq.write_table(pa.table({"id": ["z"], "body": [GOOD_ZH]}), tmp_path / "p4.parquet")
    kept, rejects, _ = _ingest(tmp_path, {"name": "p", "path": str(tmp_path / "p*.parquet")})
    got = sorted(zip([Path(f).name for f in rejects.column("file").to_pylist()], rejects.column("line").to_pylist(),
                     rejects.column("reject_reason").to_pylist()))
    assert got == sorted([
        ("p1.parquet", 1, "missing_text"), ("p1.parquet", 2, "empty_text"), ("p1.parquet", 3, "empty_text"),
        ("p1.parquet", 4, "too_large"), ("p2.parquet", 0, "text_not_string"), ("p2.parquet", 1, "text_not_string"),
        ("p3.parquet", 0, "id_not_scalar"), ("p4.parquet", 0, "missing_text"),
    ])
    assert kept.column("id").to_pylist() == ["p:a"]


def test_text_folder_every_malformation(tmp_path):
    folder = tmp_path / "notes"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(GOOD_EN, encoding="utf-8")
    (folder / "b.txt").write_bytes(GOOD_ZH.encode("gb18030"))
    (folder / "c.txt").write_bytes(b"\xef\xbb\xbf" + GOOD_ZH.encode("utf-8"))
    (folder / "sub" / "d.txt").write_text("", encoding="utf-8")
    (folder / "sub" / "e.txt").write_text(HUGE, encoding="utf-8")
    (folder / "sub" / "f.txt").write_bytes(b"abc \xff\xfe\xfd " * 3)
    kept, rejects, _ = _ingest(tmp_path, {"name": "n", "path": str(folder), "encoding": "utf-8"})
    reasons = dict(zip([Path(f).name for f in rejects.column("file").to_pylist()], rejects.column("reject_reason").to_pylist()))
    # With encoding forced to UTF-8 the GB18030 file is rejected, not garbled.
    assert reasons == {"b.txt": "invalid_encoding", "d.txt": "empty_text", "e.txt": "too_large", "f.txt": "invalid_encoding"}
    assert kept.column("id").to_pylist() == ["n:a.txt", "n:c.txt"]
    assert kept.column("text")[1].as_py() == GOOD_ZH  # BOM stripped


def test_text_folder_auto_encoding_reads_gb18030(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "b.txt").write_bytes(GOOD_ZH.encode("gb18030"))
    kept, rejects, _ = _ingest(tmp_path, {"name": "n", "path": str(folder)})
    assert kept.column("text").to_pylist() == [GOOD_ZH]
    assert rejects.num_rows == 0


def test_saved_hf_dataset(tmp_path):
    import datasets

    ds = datasets.Dataset.from_dict({"doc": ["d1", "d2", "d3", "d4"], "body": [GOOD_EN, None, "", GOOD_ZH], "lang": ["en", None, "en", "zh"]})
    ds.save_to_disk(str(tmp_path / "saved"))
    kept, rejects, _ = _ingest(tmp_path, {"name": "hf", "path": str(tmp_path / "saved"), "text_field": "body",
                                         "id_field": "doc", "lang_field": "lang"})
    assert kept.column("id").to_pylist() == ["hf:d1", "hf:d4"]
    assert kept.column("lang").to_pylist() == ["en", "zh"]
    assert sorted(zip(rejects.column("line").to_pylist(), rejects.column("reject_reason").to_pylist())) == [
        (1, "missing_text"), (2, "empty_text")]


def test_ids_are_stable_content_hashes_without_id_field(tmp_path):
    lines = [json.dumps({"text": t}).encode() for t in [GOOD_EN, "  " + GOOD_EN.upper() + "  ", GOOD_ZH]]
    (tmp_path / "a.jsonl").write_bytes(b"\n".join(lines))
    kept, _, _ = _ingest(tmp_path, {"name": "h", "path": str(tmp_path / "a.jsonl"), "id_field": None})
    ids = kept.column("id").to_pylist()
    assert ids[0] == ids[1] != ids[2]  # normalised text: case and outer whitespace do not change the id
    assert all(len(i) == len("h:") + 16 for i in ids)


def test_datasets_load_dataset_name_with_arguments(tmp_path):
    lines = [json.dumps({"id": "a", "text": GOOD_EN}), json.dumps({"id": "b", "text": ""})]
    (tmp_path / "d.jsonl").write_text("\n".join(lines) + "\n")
    kept, rejects, _ = _ingest(tmp_path, {"name": "hub", "hf_name": "json", "hf_kwargs": {"data_files": str(tmp_path / "d.jsonl")}})
    assert kept.column("id").to_pylist() == ["hub:a"]
    assert rejects.column("reject_reason").to_pylist() == ["empty_text"]


def test_big_plain_jsonl_is_split_across_tasks_with_true_line_numbers(tmp_path):
    expected = _jsonl_lines() * 6
    _write_jsonl(tmp_path / "big.jsonl", [line for line, _ in expected], bom=True)
    whole_kept, whole_rejects, _ = _ingest(tmp_path / "a", {"name": "s", "path": str(tmp_path / "big.jsonl")})
    config = parse_run_config({"run": {"executor": "local", "name": "t", "output_dir": str(tmp_path)},
                               "sources": [{"name": "s", "path": str(tmp_path / "big.jsonl")}], "pipeline": ["ingest"],
                               "stages": {"ingest": {"max_doc_bytes": MAX_BYTES, "split_bytes": 3_000}}})
    out = tmp_path / "split"
    manifest = run_single_stage("ingest", None, out, config, progress=False)
    assert len(list((out).glob("part-*.parquet"))) > 5  # several tasks
    kept = pq.read_table(sorted(out.glob("part-*.parquet")))
    rejects = pq.read_table(sorted((out / "rejects").glob("*.parquet")))
    assert kept.column("text").to_pylist() == whole_kept.column("text").to_pylist()
    assert rejects.select(["line", "reject_reason"]).to_pylist() == whole_rejects.select(["line", "reject_reason"]).to_pylist()
    _check_jsonl(kept, rejects, expected)
    assert manifest.counts.rows_in == len(expected)
