"""Format readers: each yields RawRecords (a parsed record or the reason it could not be read).

Readers never raise on a bad record; they raise only when a whole file cannot be opened, with the
file named in the message.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from pipeline.ingest import encoding as enc

JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")
CSV_SUFFIXES = (".csv", ".tsv")
COMPRESSIONS = (".gz", ".zst", ".zstd")


@dataclass(slots=True)
class RawRecord:
    line: int | None  # 1-based line (text formats) or 0-based row index (Parquet, datasets)
    value: dict[str, Any] | None
    raw: str | None = None  # the record as text, for the rejects
    error: str | None = None  # reject reason when the record could not be read


def strip_compression(name: str) -> str:
    for suffix in COMPRESSIONS:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def open_binary(path: Path) -> io.BufferedIOBase:
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")
    if name.endswith((".zst", ".zstd")):
        import zstandard

        stream = zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True)
        return io.BufferedReader(stream, buffer_size=enc.SAMPLE_BYTES)
    return open(path, "rb", buffering=enc.SAMPLE_BYTES)


def detect_format(path: Path) -> str:
    if path.is_dir():
        if (path / "dataset_info.json").exists() or (path / "dataset_dict.json").exists() or (path / "state.json").exists():
            return "hf_disk"
        return "txt_dir"
    name = strip_compression(path.name.lower())
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(".tsv"):
        return "tsv"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".txt"):
        return "txt"
    raise ValueError(f"{path}: cannot tell the format from the name; set format: jsonl|parquet|csv|tsv|txt_dir|hf_disk")


def _encoding_for(head: bytes, chosen: str) -> str:
    return enc.detect(head) if chosen == "auto" else enc.canonical(chosen)


def read_jsonl(path: Path, encoding: str = "auto") -> Iterator[RawRecord]:
    with open_binary(path) as handle:
        head = handle.peek(enc.SAMPLE_BYTES)[: enc.SAMPLE_BYTES] if hasattr(handle, "peek") else b""
        codec = _encoding_for(head, encoding)
        for number, line in enumerate(handle, start=1):
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            line = line.rstrip(b"\r\n")
            try:
                text = line.decode(codec)
            except UnicodeDecodeError:
                yield RawRecord(number, None, enc.decode_lenient(line, codec), "invalid_encoding")
                continue
            if not text.strip():
                yield RawRecord(number, None, text, "blank_line")
                continue
            try:
                value = json.loads(text)
            except ValueError:
                yield RawRecord(number, None, text, "invalid_json")
                continue
            if not isinstance(value, dict):
                yield RawRecord(number, None, text, "not_an_object")
                continue
            yield RawRecord(number, value, text)


def read_csv(path: Path, encoding: str = "auto", delimiter: str = ",") -> Iterator[RawRecord]:
    with open_binary(path) as handle:
        data = handle.read()
    codec = _encoding_for(data[: enc.SAMPLE_BYTES], encoding)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # Decode line by line so invalid bytes are pinned to the records that contain them.
    bad_lines: set[int] = set()
    decoded = []
    for number, raw_line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            decoded.append(raw_line.decode(codec))
        except UnicodeDecodeError:
            bad_lines.add(number)
            decoded.append(enc.decode_lenient(raw_line, codec))
    reader = csv.reader(io.StringIO("".join(decoded), newline=""), delimiter=delimiter, strict=False)
    csv.field_size_limit(1 << 30)
    try:
        header = next(reader)
    except StopIteration:
        return
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield RawRecord(start, None, None, "bad_csv_row")
            start = reader.line_num + 1
            continue
        end = reader.line_num
        raw = delimiter.join(row)
        if any(n in bad_lines for n in range(start, end + 1)):
            yield RawRecord(start, None, raw, "invalid_encoding")
        elif not row or (len(row) == 1 and not row[0].strip()):
            yield RawRecord(start, None, raw, "blank_line")
        elif len(row) != len(header):
            yield RawRecord(start, None, raw, "bad_csv_row")
        else:
            yield RawRecord(start, dict(zip(header, row)), raw)
        start = end + 1


def read_text_file(path: Path, encoding: str = "auto", relative_to: Path | None = None) -> Iterator[RawRecord]:
    """One .txt file is one document; its id is the path relative to the folder."""
    data = path.read_bytes()
    codec = _encoding_for(data[: enc.SAMPLE_BYTES], encoding)
    name = str(path.relative_to(relative_to)) if relative_to else path.name
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        yield RawRecord(None, None, enc.decode_lenient(data, codec), "invalid_encoding")
        return
    if text.startswith("\ufeff"):
        text = text[1:]
    yield RawRecord(None, {"id": name, "text": text, "path": name})


def _arrow_records(batches) -> Iterator[RawRecord]:
    row = 0
    for batch in batches:
        for value in batch.to_pylist():
            yield RawRecord(row, value, None)
            row += 1


def read_parquet(path: Path) -> Iterator[RawRecord]:
    import pyarrow.parquet as pq

    yield from _arrow_records(pq.ParquetFile(path).iter_batches(batch_size=8192))


def read_hf_disk(path: Path) -> Iterator[RawRecord]:
    """A dataset saved with `datasets`' save_to_disk (a Dataset, or every split of a DatasetDict in name order)."""
    import datasets

    loaded = datasets.load_from_disk(str(path))
    splits = [loaded[name] for name in sorted(loaded)] if isinstance(loaded, datasets.DatasetDict) else [loaded]
    for split in splits:
        yield from _arrow_records(split.data.table.to_batches(max_chunksize=8192))


def read_hf_hub(name: str, subset: str | None, split: str, kwargs: dict | None = None) -> Iterator[RawRecord]:
    """Any name `datasets.load_dataset` accepts (hub names need network or a local HF cache); streamed."""
    import datasets

    stream = datasets.load_dataset(name, subset, split=split, streaming=True, **(kwargs or {}))
    for row, value in enumerate(stream):
        yield RawRecord(row, value, None)
