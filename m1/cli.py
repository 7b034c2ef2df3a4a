"""The `m1` command: train on the emitted mixes (chat and serve are still to come)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Baichuan-M1: train (and soon serve) the model.")


@app.command()
def train(config: Path = typer.Option(..., "--config", "-c", help="training YAML (m1/train.py TrainConfig)"),
          resume: bool = typer.Option(True, help="continue from output_dir/latest when it exists"),
          max_steps: Optional[int] = typer.Option(None, "--max-steps", help="stop after this many steps")):
    """Run the curriculum stages; metrics in output_dir/metrics.jsonl, checkpoints in output_dir."""
    from pydantic import ValidationError

    from m1.train import TrainConfig, Trainer

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", datefmt="%H:%M:%S")
    try:
        trainer = Trainer(TrainConfig.load(config))
    except (ValidationError, FileNotFoundError, ValueError) as error:
        typer.secho(f"error: {config}: {str(error).splitlines()[0]}", fg="red", err=True)
        raise typer.Exit(2)
    if resume and trainer.resume():
        typer.echo(f"resumed at step {trainer.step}")
    typer.echo(json.dumps(trainer.train(max_steps=max_steps)))


def main() -> None:
    app()
