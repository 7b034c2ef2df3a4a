"""Run layout, atomic directory writes, fingerprints and manifests.

runs/<run>/<nn>-<stage>/part-*.parquet, rejects/, _manifest.json;  runs/<run>/mixes/stage{1,2,3}/.
A stage writes into `.<nn>-<stage>.partial/` and renames it into place when complete, so a stage
directory either holds a finished stage or does not exist.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import xxhash

MANIFEST = "_manifest.json"
REJECTS = "rejects"


def stage_dir(run_dir: Path, index: int, stage: str) -> Path:
    return run_dir / f"{index:02d}-{stage}"


def partial_dir(final: Path) -> Path:
    return final.parent / f".{final.name}.partial"


def publish(partial: Path, final: Path) -> None:
    """Atomically replace `final` with the finished `partial` directory."""
    if final.exists():
        trash = final.parent / f".{final.name}.old"
        shutil.rmtree(trash, ignore_errors=True)
        final.rename(trash)
        partial.rename(final)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        partial.rename(final)


def write_json_atomic(path: Path, payload: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def config_hash(config: dict[str, Any], seed: int) -> str:
    canonical = json.dumps({"config": config, "seed": seed}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def fingerprint_files(paths: list[Path], root: Path | None = None) -> str:
    """Content fingerprint of files (names relative to root, sizes, xxh3-128 of bytes)."""
    digest = xxhash.xxh3_128()
    for path in sorted(paths):
        name = str(path.relative_to(root)) if root else path.name
        digest.update(name.encode("utf-8") + b"\0" + str(path.stat().st_size).encode() + b"\0")
        with open(path, "rb") as handle:
            while chunk := handle.read(8 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def data_files(directory: Path) -> list[Path]:
    """Kept Parquet shards of a stage directory, sorted by name."""
    return sorted(p for p in directory.glob("part-*.parquet"))


def side_files(directory: Path) -> list[Path]:
    """Parquet a stage writes beside its kept rows and rejects (synth's samples/, preferences/), sorted."""
    skip = {REJECTS, DONE_DIR, "_work"}
    return sorted(p for p in directory.glob("*/**/*.parquet") if p.relative_to(directory).parts[0] not in skip)


def reject_files(directory: Path) -> list[Path]:
    return sorted((directory / REJECTS).glob("part-*.parquet"))


def read_manifest(directory: Path) -> dict[str, Any] | None:
    path = directory / MANIFEST
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def versions() -> dict[str, str]:
    from importlib import metadata

    found = {}
    for package in ("medcurate", "pyarrow", "ray", "lingua-language-detector", "numpy"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    return found


DONE_DIR = ".done"


def done_result(partial: Path, key: str) -> dict[str, Any] | None:
    """The saved result of a finished shard inside a partial stage directory, or None (Dolma-style markers)."""
    marker = partial / DONE_DIR / f"{key}.json"
    return json.loads(marker.read_text(encoding="utf-8")) if marker.exists() else None


def mark_done(partial: Path, key: str, result: dict[str, Any]) -> None:
    (partial / DONE_DIR).mkdir(parents=True, exist_ok=True)
    write_json_atomic(partial / DONE_DIR / f"{key}.json", result)
