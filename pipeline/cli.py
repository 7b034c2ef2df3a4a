"""The `medcurate` command: the whole run, or one stage at a time on Parquet/JSONL in, Parquet out."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Optional

import typer
import yaml

from pipeline.config import ConfigError, RunSettings, load_run_config, parse_run_config

app = typer.Typer(add_completion=False, no_args_is_help=True, help="MedCurate: the open data engine for medical LLMs.")
log = logging.getLogger("medcurate")


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(asctime)s %(levelname)s %(message)s",
                        datefmt="%H:%M:%S", stream=sys.stderr)


def _fail(message: str) -> None:
    typer.secho(f"error: {message}", fg="red", err=True)
    raise typer.Exit(2)


def _settings(executor: str, workers: Optional[int], seed: int, name: str, output_dir: str) -> dict:
    return RunSettings(name=name, executor=executor, num_workers=workers, seed=seed, output_dir=output_dir).model_dump()


def _stage_config_file(path: Optional[Path]) -> dict:
    if path is None:
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        _fail(f"{path}: {error}")
    if not isinstance(data, dict):
        _fail(f"{path}: a stage config must be a mapping")
    return data


@app.command()
def run(
    config: Path = typer.Option(..., "--config", "-c", help="run config YAML (see configs/demo.yaml)"),
    dry_run: bool = typer.Option(False, "--dry-run", help="print the plan (stages, folders, what would run) and stop"),
    executor: Optional[str] = typer.Option(None, help="override run.executor: ray | local"),
    workers: Optional[int] = typer.Option(None, help="override run.num_workers"),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
):
    """Run the whole DAG; finished stages whose config and input are unchanged are skipped."""
    _setup_logging(verbose)
    from pipeline.runner import Runner

    try:
        cfg = load_run_config(config)
        if executor:
            cfg.run.executor = executor
        if workers:
            cfg.run.num_workers = workers
        runner = Runner(cfg)
        if dry_run:
            typer.echo(f"run '{cfg.run.name}' -> {runner.run_dir} (executor {cfg.run.executor}, seed {cfg.run.seed})")
            for plan in runner.plan():
                typer.echo(f"  {plan.index:02d} {plan.name:<12} {plan.status:<11} config {plan.config_hash}  {plan.directory}")
            typer.echo(f"  mixes -> {runner.mixes_dir}")
            return
        result = runner.run()
    except (ConfigError, FileNotFoundError, KeyError, ValueError) as error:
        _fail(str(error).strip("'\""))
    typer.echo(f"run finished: {result.run_dir}")
    typer.echo(f"report: {result.run_dir / 'report.html'}")
    typer.echo(f"mixes: {result.mixes_dir}")
    for directory in sorted(result.mixes_dir.glob("*/_manifest.json")):
        typer.echo(f"  {directory.parent}")


def _single(stage: str, input: Optional[Path], output: Path, stage_config: dict, executor: str, workers: Optional[int],
            seed: int, sources: list | None = None, mixes: list | None = None, verbose: bool = False):
    _setup_logging(verbose)
    from pipeline.runner import run_single_stage

    pipeline = ["ingest", stage] if stage != "ingest" else ["ingest"]
    raw = {"run": _settings(executor, workers, seed, output.name, str(output.parent)), "pipeline": pipeline,
           "stages": {stage: stage_config}, "sources": sources or [], "mixes": mixes or []}
    if stage != "ingest" and not sources:
        raw["sources"] = [{"name": "input", "path": str(input)}]
    try:
        cfg = parse_run_config(raw, "command line")
        manifest = run_single_stage(stage, input, output, cfg)
    except (ConfigError, FileNotFoundError, KeyError, ValueError) as error:
        _fail(str(error).strip("'\""))
    c = manifest.counts
    typer.echo(f"{stage}: {c.rows_in} in, {c.kept} kept, {c.rejected} rejected {dict(c.by_reason)} -> {output}")


_INPUT = typer.Option(..., "--input", "-i", help="Parquet file or folder of shards; or JSONL/CSV/... (ingested first)")
_OUTPUT = typer.Option(..., "--output", "-o", help="output folder: part-*.parquet, rejects/, _manifest.json")
_CONFIG = typer.Option(None, "--config", "-c", help="YAML with this stage's config keys")
_EXECUTOR = typer.Option("local", help="local | ray")


@app.command()
def ingest(
    input: Path = _INPUT, output: Path = _OUTPUT,
    source: str = typer.Option("input", help="source name (prefixes ids)"),
    format: str = typer.Option("auto", help="auto | jsonl | parquet | csv | tsv | txt_dir | hf_disk"),
    text_field: str = typer.Option("text", "--text-field"), id_field: str = typer.Option("id", "--id-field"),
    lang_field: Optional[str] = typer.Option(None, "--lang-field"),
    encoding: str = typer.Option("auto", help="auto | utf-8 | utf-8-sig | gb18030 | any codec"),
    max_doc_bytes: int = typer.Option(1_000_000, "--max-doc-bytes"),
    executor: str = _EXECUTOR, workers: Optional[int] = None, verbose: bool = False,
):
    """Read a source into Document shards; malformed records go to rejects with file, line and reason."""
    src = {"name": source, "path": str(input), "format": format, "text_field": text_field, "id_field": id_field or None,
           "lang_field": lang_field, "encoding": encoding}
    _single("ingest", None, output, {"max_doc_bytes": max_doc_bytes}, executor, workers, 0, sources=[src], verbose=verbose)


@app.command("filter")
def filter_(input: Path = _INPUT, output: Path = _OUTPUT, config: Optional[Path] = _CONFIG,
            executor: str = _EXECUTOR, workers: Optional[int] = None, verbose: bool = False):
    """Normalise, identify language, compute quality stats and apply the quality rules."""
    _single("filter", input, output, _stage_config_file(config), executor, workers, 0, verbose=verbose)


@app.command("exact-dedup")
def exact_dedup(input: Path = _INPUT, output: Path = _OUTPUT, config: Optional[Path] = _CONFIG,
                executor: str = _EXECUTOR, workers: Optional[int] = None, verbose: bool = False):
    """Remove exact duplicates (normalised text); survivors keep dup_count and dup_cluster."""
    _single("exact_dedup", input, output, _stage_config_file(config), executor, workers, 0, verbose=verbose)


@app.command()
def dedup(
    input: Path = _INPUT, output: Path = _OUTPUT, config: Optional[Path] = _CONFIG,
    threshold: Optional[float] = typer.Option(None, help="Jaccard threshold (default 0.8)"),
    num_perm: Optional[int] = typer.Option(None, "--num-perm", help="signature length (default 128)"),
    ngram: Optional[int] = typer.Option(None, help="word n-gram size (default 5)"),
    char_ngram: Optional[int] = typer.Option(None, "--char-ngram", help="Chinese character n-gram size (default 5)"),
    verify: Optional[bool] = typer.Option(None, "--verify/--no-verify", help="check candidate pairs by exact Jaccard (default on)"),
    index: Optional[Path] = typer.Option(None, "--index", help="dedup against this saved index"),
    save_index: Optional[Path] = typer.Option(None, "--save-index", help="save survivors' LSH keys here"),
    save_signatures: bool = typer.Option(False, "--save-signatures", help="write OUT/signatures/"),
    executor: str = _EXECUTOR, workers: Optional[int] = None, verbose: bool = False,
):
    """Near-duplicate removal: MinHash LSH, clusters, one survivor each (duplicate_of:<id> for the rest)."""
    stage_config = _stage_config_file(config)
    flags = {"threshold": threshold, "num_perm": num_perm, "ngram": ngram, "char_ngram": char_ngram,
             "index": str(index) if index else None, "save_index": str(save_index) if save_index else None}
    stage_config.update({k: v for k, v in flags.items() if v is not None})
    if verify is not None:
        stage_config["verify"] = verify
    if save_signatures:
        stage_config["save_signatures"] = True
    _single("dedup", input, output, stage_config, executor, workers, 0, verbose=verbose)


@app.command()
def classify(input: Path = _INPUT, output: Path = _OUTPUT, config: Optional[Path] = _CONFIG,
             models_dir: Optional[Path] = typer.Option(None, "--models-dir", help="default: the bootstrapped models"),
             medical_threshold: Optional[float] = typer.Option(None, "--medical-threshold", help="default 0.5"),
             executor: str = _EXECUTOR, workers: Optional[int] = None, verbose: bool = False):
    """Add is_medical, category, department (medical rows), quality and medical-value scores."""
    stage_config = _stage_config_file(config)
    if models_dir:
        stage_config["models_dir"] = str(models_dir)
    if medical_threshold is not None:
        stage_config.setdefault("routing", {})["medical_threshold"] = medical_threshold
    _single("classify", input, output, stage_config, executor, workers, 0, verbose=verbose)


@app.command()
def upsample(input: Path = _INPUT, output: Path = _OUTPUT, config: Optional[Path] = _CONFIG,
             executor: str = _EXECUTOR, workers: Optional[int] = None, verbose: bool = False):
    """Count tokens and set each document's repeat factor from quality tier and dup_count."""
    _single("upsample", input, output, _stage_config_file(config), executor, workers, 0, verbose=verbose)


@app.command()
def mix(input: Path = _INPUT, output: Path = _OUTPUT,
        policy: list[Path] = typer.Option(..., "--policy", "-p", help="mix policy YAML (repeatable)"),
        seed: int = typer.Option(0), executor: str = _EXECUTOR, workers: Optional[int] = None, verbose: bool = False):
    """Build training mixes (OUT/<policy name>/) from annotated documents."""
    _single("mix", input, output, {}, executor, workers, seed, mixes=[str(p) for p in policy], verbose=verbose)


@app.command()
def report(run_dir: Path = typer.Option(..., "--run", help="runs/<run>")):
    """(Re)write runs/<run>/report.html from the manifests."""
    from pipeline.report import write_report

    typer.echo(write_report(run_dir))


@app.command()
def stages():
    """List the stages in DAG order and whether each is installed."""
    from pipeline import registry

    installed = set(registry.available())
    for name in registry.PIPELINE_ORDER:
        typer.echo(f"{name:<12} {'installed' if name in installed else 'not yet available'}")


def _add_subcommands() -> None:
    from classifiers.cli import app as classifiers_app
    from synth.cli import kg_app, synth

    app.add_typer(classifiers_app, name="classifiers")
    app.add_typer(kg_app, name="kg")
    app.command("synth")(synth)


_add_subcommands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
