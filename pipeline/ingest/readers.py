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


def read_jsonl(path: Path, encoding: str = "auto", byte_range: tuple[int, int, int] | None = None) -> Iterator[RawRecord]:
    """Records of a JSONL file, or of the lines starting in [start, end) of a plain one when
    byte_range = (start, end, number of the first line) is given (see split_points)."""
    with open_binary(path) as handle:
        head = handle.peek(enc.SAMPLE_BYTES)[: enc.SAMPLE_BYTES] if hasattr(handle, "peek") else b""
        codec = _encoding_for(head, encoding)
        start, end, first_line = byte_range or (0, -1, 1)
        if start:
            handle.seek(start)
        position = start
        for number, line in enumerate(handle, start=first_line):
            if 0 <= end <= position:
                break
            position += len(line)
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            yield _json_record(number, line.rstrip(b"\r\n"), codec)


def _json_record(number: int, line: bytes, codec: str) -> RawRecord:
    try:
        text = line.decode(codec)
    except UnicodeDecodeError:
        return RawRecord(number, None, enc.decode_lenient(line, codec), "invalid_encoding")
    if not text.strip():
        return RawRecord(number, None, text, "blank_line")
    try:
        value = json.loads(text)
    except ValueError:
        return RawRecord(number, None, text, "invalid_json")
    if not isinstance(value, dict):
        return RawRecord(number, None, text, "not_an_object")
    return RawRecord(number, value, text)


def split_points(path: Path, chunk_bytes: int) -> list[tuple[int, int, int]]:
    """Cut a plain (uncompressed) line file into ranges of about chunk_bytes that start at line
    starts: [(start, end, number of the first line)], so one big file is read by several workers
    and every record keeps its true line number."""
    size = path.stat().st_size
    starts = [0]
    with open(path, "rb") as handle:
        for target in range(chunk_bytes, size, chunk_bytes):
            if target <= starts[-1]:
                continue
            handle.seek(target - 1)
            handle.readline()  # to the start of the next line
            if handle.tell() >= size:
                break
            starts.append(handle.tell())
        ranges, line = [], 1
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else size
            ranges.append((start, end, line))
            handle.seek(start)
            remaining = end - start
            while remaining > 0:
                block = handle.read(min(remaining, 1 << 24))
                line += block.count(b"\n")
                remaining -= len(block)
    return ranges


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
