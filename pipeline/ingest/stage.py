"""Ingest: read every source into the Document schema; unreadable records go to rejects with file and line."""

from __future__ import annotations

import glob
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Literal

import pyarrow as pa
from pydantic import Field, model_validator

from pipeline import faults, layout
from pipeline.ingest import readers
from pipeline.ingest.records import clip_raw, to_document
from pipeline.registry import register
from pipeline.shards import write_parquet
from pipeline.spine_clock import TaskClock, spine
from pipeline.stage import GlobalStage, StageConfig, StageContext
from schemas.document import DOCUMENT_SCHEMA
from schemas.rejects import INGEST_REJECT_SCHEMA
from schemas.validate import validate_table

Format = Literal["auto", "jsonl", "parquet", "csv", "tsv", "txt", "txt_dir", "hf_disk", "hf_hub"]


class SourceConfig(StageConfig):
    name: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$", description="source label; prefixes every id as '<name>:<id>'")
    path: str | None = Field(None, description="a file, a folder or a glob; relative paths are from the config file")
    hf_name: str | None = Field(None, description="any name datasets.load_dataset accepts (needs network or HF cache)")
    hf_subset: str | None = None
    hf_split: str = "train"
    hf_kwargs: dict[str, Any] = Field(default_factory=dict, description="more load_dataset arguments, e.g. data_files")
    format: Format = "auto"
    text_field: str = "text"
    id_field: str | None = Field("id", description="source id field; missing ids fall back to a hash of the normalised text")
    lang_field: str | None = None
    meta_fields: list[str] | None = Field(None, description="fields kept in `meta`; default: every other field")
    encoding: str = Field("auto", description="auto (UTF-8, UTF-8 BOM, GB18030 detected per file) or a codec name")

    @model_validator(mode="after")
    def _one_location(self):
        if (self.path is None) == (self.hf_name is None):
            raise ValueError(f"source '{self.name}': give exactly one of path or hf_name")
        return self


class IngestConfig(StageConfig):
    sources: list[SourceConfig] = Field(default_factory=list)
    # 1 MB of text is ~250k English words: far past any article, and past this size the O(n) per-doc
    # rules of the filter stage start to dominate a shard's time. Raise it for books.
    max_doc_bytes: int = Field(1_000_000, gt=0)
    # ~20k docs x 3.5 KB = 70 MB per shard: big enough to amortise per-shard cost, small enough for
    # 2 GB workers and fine-grained resume.
    shard_rows: int = Field(20_000, gt=0)
    txt_files_per_task: int = Field(2_000, gt=0)
    # Plain JSONL files bigger than this are read by several tasks, each from a line start.
    split_bytes: int = Field(256 * 2**20, gt=0)


@dataclass(frozen=True)
class IngestTask:
    index: int
    source: SourceConfig
    files: tuple[str, ...]  # one file, several .txt files of a folder, or () for a hub dataset
    folder: str | None  # the .txt folder ids are relative to
    format: str
    max_doc_bytes: int
    shard_rows: int
    partial: str
    byte_range: tuple[int, int, int] | None = None  # part of one big plain JSONL file (start, end, first line)


def _expand(source: SourceConfig, base: Path) -> list[tuple[Path, str]]:
    """(file, format) pairs of a source, sorted; folders of data files expand to their files."""
    path = Path(source.path)
    path = path if path.is_absolute() else base / path
    if any(ch in source.path for ch in "*?["):
        matches = [Path(p) for p in sorted(glob.glob(str(path), recursive=True))]
    else:
        if not path.exists():
            raise FileNotFoundError(f"source '{source.name}': {path} does not exist")
        matches = [path]
    pairs = []
    for match in matches:
        fmt = source.format if source.format != "auto" else readers.detect_format(match)
        if match.is_dir() and fmt not in ("txt_dir", "hf_disk"):
            for child in sorted(p for p in match.rglob("*") if p.is_file() and not p.name.startswith(".")):
                pairs.append((child, fmt))
        elif match.is_dir() and fmt == "txt_dir" and not any(match.rglob("*.txt")):
            data_files = sorted(p for p in match.rglob("*") if p.is_file() and not p.name.startswith("."))
            pairs.extend((p, readers.detect_format(p)) for p in data_files)
        else:
            pairs.append((match, fmt))
    if not pairs:
        raise FileNotFoundError(f"source '{source.name}': no files match {source.path}")
    return pairs


def plan_tasks(config: IngestConfig, base: Path, partial: Path, split: bool = True) -> list[IngestTask]:
    tasks: list[IngestTask] = []

    def add(source, files, folder, fmt, byte_range=None):
        tasks.append(IngestTask(len(tasks), source, tuple(files), folder, fmt, config.max_doc_bytes, config.shard_rows,
                                str(partial), byte_range))

    for source in config.sources:
        if source.hf_name is not None:
            add(source, (), None, "hf_hub")
            continue
        for path, fmt in _expand(source, base):
            if fmt == "txt_dir":
                texts = sorted(str(p) for p in path.rglob("*.txt"))
                for start in range(0, len(texts), config.txt_files_per_task):
                    add(source, texts[start : start + config.txt_files_per_task], str(path), "txt")
            elif split and fmt == "jsonl" and path.name == readers.strip_compression(path.name) \
                    and path.stat().st_size > config.split_bytes:
                for byte_range in readers.split_points(path, config.split_bytes):
                    add(source, (str(path),), None, fmt, byte_range)
            else:
                add(source, (str(path),), None, fmt)
    return tasks


def input_files(config: IngestConfig, base: Path) -> list[Path]:
    files = []
    for task in plan_tasks(config, base, Path("."), split=False):
        for name in task.files:
            files.append(Path(name))
            if task.format == "hf_disk":
                files.extend(p for p in Path(name).rglob("*") if p.is_file())
    return [f for f in files if f.is_file()]


def _records(task: IngestTask) -> Iterator[tuple[str, readers.RawRecord]]:
    src = task.source
    if task.format == "hf_hub":
        for record in readers.read_hf_hub(src.hf_name, src.hf_subset, src.hf_split, src.hf_kwargs):
            yield f"hf:{src.hf_name}", record
        return
    for name in task.files:
        path = Path(name)
        if task.format == "jsonl":
            stream = readers.read_jsonl(path, src.encoding, task.byte_range)
        elif task.format in ("csv", "tsv"):
            stream = readers.read_csv(path, src.encoding, delimiter="\t" if task.format == "tsv" else ",")
        elif task.format == "parquet":
            stream = readers.read_parquet(path)
        elif task.format == "hf_disk":
            stream = readers.read_hf_disk(path)
        elif task.format == "txt":
            stream = readers.read_text_file(path, src.encoding, Path(task.folder) if task.folder else None)
        else:
            raise ValueError(f"source '{src.name}': unknown format '{task.format}'")
        for record in stream:
            yield name, record


def run_task(task: IngestTask) -> dict:
    """Read one task's files into Document shards + a rejects shard. Resumable: a finished task is skipped."""
    partial = Path(task.partial)
    key = f"task-{task.index:05d}"
    if (saved := layout.done_result(partial, key)) is not None:
        return saved
    faults.maybe_fail("ingest", task.index)
    clock = TaskClock()
    src = task.source
    text_field = src.text_field if task.format != "txt" else "text"
    id_field = src.id_field if task.format != "txt" else "id"
    docs: list[dict] = []
    rejects: list[dict] = []
    shards: list[dict] = []
    by_reason: dict[str, int] = {}
    rows_in = 0
    bytes_kept = 0

    def flush():
        table = pa.Table.from_pylist(docs, schema=DOCUMENT_SCHEMA)
        with spine():
            table = validate_table(table, DOCUMENT_SCHEMA, where=f"ingest {key}")
        name = f"part-{task.index:05d}-{len(shards):04d}.parquet"
        write_parquet(table, partial / name)
        shards.append({"name": name, "rows": table.num_rows})
        docs.clear()

    for file_name, record in _records(task):
        rows_in += 1
        reason = record.error
        if reason is None:
            doc, reason = to_document(
                record.value, source=src.name, text_field=text_field, id_field=id_field,
                lang_field=src.lang_field, max_doc_bytes=task.max_doc_bytes, meta_fields=src.meta_fields,
            )
        if reason is not None:
            by_reason[reason] = by_reason.get(reason, 0) + 1
            raw = record.raw if record.raw is not None else _render(record.value)
            rejects.append({"source": src.name, "file": file_name, "line": record.line, "raw": clip_raw(raw),
                            "reject_stage": "ingest", "reject_reason": reason})
            continue
        docs.append(doc)
        bytes_kept += len(doc["text"].encode("utf-8"))
        if len(docs) >= task.shard_rows:
            flush()
    if docs or not shards:
        flush()
    if rejects:
        write_parquet(pa.Table.from_pylist(rejects, schema=INGEST_REJECT_SCHEMA), partial / layout.REJECTS / f"part-{task.index:05d}.parquet")
    kept = sum(s["rows"] for s in shards)
    result = {
        "shards": shards,
        "bytes_out": bytes_kept,
        "counts": {"rows_in": rows_in, "kept": kept, "rejected": len(rejects), "by_reason": by_reason},
        "summary": {"rows_by_source": {src.name: {"in": rows_in, "kept": kept}}},
        **clock.report(),
    }
    layout.mark_done(partial, key, result)
    return result


def _render(value) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=str)


@register
class IngestStage(GlobalStage):
    """A source stage: its inputs are the configured sources, not an upstream stage."""

    name = "ingest"
    Config = IngestConfig

    def __init__(self, config: IngestConfig | None = None, base_dir: Path | None = None):
        super().__init__(config)
        self.base_dir = base_dir or Path.cwd()

    def input_files(self) -> list[Path]:
        return input_files(self.config, self.base_dir)

    def run(self, ctx: StageContext) -> list[dict]:
        if not self.config.sources:
            raise ValueError("ingest: no sources configured")
        tasks = plan_tasks(self.config, self.base_dir, ctx.output_dir)
        return ctx.executor.map(run_task, tasks, label="ingest")
