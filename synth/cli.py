"""`medcurate synth ...` (generate, check, revise; Parquet out) and `medcurate kg stats ...`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

kg_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Knowledge graphs for synthesis.")


def _fail(message: str) -> None:
    typer.secho(f"error: {message}", fg="red", err=True)
    raise typer.Exit(2)


@kg_app.command("stats")
def stats(kg: list[str] = typer.Option(["bundled"], "--kg", help='"bundled", "hpo", or a KG file (repeatable)'),
          strict: bool = typer.Option(False, help="stop at the first row that cannot be placed"),
          as_json: bool = typer.Option(False, "--json", help="print JSON")):
    """Nodes by type, edges by relation, names per language, disease departments, skipped rows by reason."""
    from synth.graph import KGError
    from synth.loaders import load_kg

    try:
        graph, report = load_kg(kg, strict=strict)
    except (KGError, FileNotFoundError) as error:
        _fail(str(error))
    payload = {**graph.stats(), "load": report.as_dict()}
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{payload['nodes']} nodes, {payload['edges']} edges (from {report.as_dict()['sources']})")
    for title, key in (("nodes by type", "nodes_by_type"), ("edges by relation", "edges_by_relation"),
                       ("diseases by department", "disease_departments")):
        typer.echo(f"{title}: " + ", ".join(f"{k} {v}" for k, v in payload[key].items()))
    typer.echo(f"named: zh {payload['named']['zh']}, en {payload['named']['en']}; degree max {payload['max_degree']}, "
               f"median {payload['median_degree']}")
    if report.skipped:
        typer.echo("skipped rows: " + ", ".join(f"{k} {v}" for k, v in sorted(report.skipped.items())))


def synth(
    output: Path = typer.Option(..., "--output", "-o", help="OUT: samples/, samples/rejects/, preferences/, reward_model/, _manifest.json"),
    kg: list[str] = typer.Option(["bundled"], "--kg", help='"bundled", "hpo", or a KG file (repeatable)'),
    n: int = typer.Option(200, "--n", help="questions to sample"),
    lang: list[str] = typer.Option(["zh", "en"], "--lang", help="zh | en (repeatable)"),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="YAML with synth stage keys (flags override it)"),
    generator: Optional[str] = typer.Option(None, help="template | openai | m1"),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="openai: endpoint, e.g. http://localhost:8000/v1"),
    model: Optional[str] = typer.Option(None, help="openai: served model name"),
    model_dir: Optional[Path] = typer.Option(None, "--model-dir", help="m1: checkpoint folder"),
    reward_model: Optional[Path] = typer.Option(None, "--reward-model", help="a saved reward model folder (default: train one)"),
    seed: int = typer.Option(0), executor: str = typer.Option("local", help="local | ray"),
    workers: Optional[int] = None, verbose: bool = False,
):
    """KG-grounded reasoning samples: sample paths, generate, verify, score, revise; keep what passes."""
    from pipeline.cli import _settings, _setup_logging, _stage_config_file
    from pipeline.config import ConfigError, parse_run_config
    from pipeline.runner import run_single_stage
    from synth.graph import KGError

    _setup_logging(verbose)
    stage = _stage_config_file(config)
    stage.update({"kg": kg, "n": n, "langs": lang})
    flags = {"kind": generator, "base_url": base_url, "model": model, "model_dir": str(model_dir) if model_dir else None}
    if any(v is not None for v in flags.values()):
        stage["generator"] = {**stage.get("generator", {}), **{k: v for k, v in flags.items() if v is not None}}
    if reward_model is not None:
        stage["reward_model"] = str(reward_model)
    raw = {"run": _settings(executor, workers, seed, output.name, str(output.parent)), "pipeline": ["synth"],
           "stages": {"synth": stage}}
    try:
        cfg = parse_run_config(raw, "command line")
        manifest = run_single_stage("synth", None, output, cfg)
    except (ConfigError, KGError, FileNotFoundError, KeyError, ValueError) as error:
        _fail(str(error).strip("'\""))
    s = manifest.summary["synth"]
    typer.echo(f"synth: {s['candidates']} candidates, {s['kept']} kept, {s['rejected']} rejected {s['by_reason']}; "
               f"{sum(s['preference_pairs'].values())} preference pairs -> {output}")
