"""The `m1` command: train on the emitted mixes, chat in the terminal, serve an OpenAI-compatible API."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Baichuan-M1: train, chat, serve.")


@app.command()
def train(config: Path = typer.Option(..., "--config", "-c", help="training YAML (m1/train.py TrainConfig)"),
          resume: bool = typer.Option(True, help="continue from output_dir/latest when it exists"),
          max_steps: Optional[int] = typer.Option(None, "--max-steps", help="stop after this many steps")):
    """Run the curriculum stages; metrics in output_dir/metrics.jsonl, checkpoints in output_dir."""
    from pydantic import ValidationError

    from m1.train import TrainConfig, Trainer

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", datefmt="%H:%M:%S")
    from pipeline.config import format_validation_error

    try:
        trainer = Trainer(TrainConfig.load(config))
    except ValidationError as error:
        typer.secho(f"error: {format_validation_error(error, str(config))}", fg="red", err=True)
        raise typer.Exit(2)
    except (FileNotFoundError, ValueError) as error:
        typer.secho(f"error: {config}: {str(error).splitlines()[0]}", fg="red", err=True)
        raise typer.Exit(2)
    if resume and trainer.resume():
        typer.echo(f"resumed at step {trainer.step}")
    typer.echo(json.dumps(trainer.train(max_steps=max_steps)))


@app.command()
def tokenizer(mix: list[Path] = typer.Option(..., "--mix", help="mix folder(s) emitted by the mix stage (repeatable)"),
              output: Path = typer.Option(..., "--output", "-o", help="folder for tokenizer.json + tokenizer_config.json"),
              vocab_size: int = typer.Option(32000, "--vocab-size"), max_docs: int = typer.Option(
                  200_000, "--max-docs", help="train on at most this many documents (first rows of each mix)")):
    """Train the byte-fallback BPE tokenizer (digits split, whitespace kept, role tokens) on mixes."""
    import pyarrow.parquet as pq

    from m1.tokenizer import M1Tokenizer, train_tokenizer

    def texts():
        count = 0
        for folder in mix:
            shards = sorted(folder.glob("part-*.parquet"))
            if not shards:
                typer.secho(f"error: {folder}: no part-*.parquet shards", fg="red", err=True)
                raise typer.Exit(2)
            for shard in shards:
                for text in pq.read_table(shard, columns=["text"]).column("text").to_pylist():
                    if count >= max_docs:
                        return
                    count += 1
                    yield text

    trained = M1Tokenizer(train_tokenizer(texts, vocab_size=vocab_size))  # streamed twice
    trained.save(output)
    typer.echo(f"tokenizer: {trained.vocab_size} tokens -> {output}")


def _load(model: Path, tokenizer: Optional[Path]):
    from m1.modeling import M1ForCausalLM
    from m1.tokenizer import M1Tokenizer

    try:
        return M1ForCausalLM.from_pretrained(model).eval(), M1Tokenizer.load(tokenizer or model)
    except (FileNotFoundError, ValueError) as error:
        typer.secho(f"error: {error}", fg="red", err=True)
        raise typer.Exit(2)


@app.command()
def serve(model: Path = typer.Option(..., help="checkpoint folder (config.json + safetensors)"),
          tokenizer: Optional[Path] = typer.Option(None, help="folder with tokenizer.json (default: --model)"),
          host: str = "127.0.0.1", port: int = 8000, name: str = typer.Option("m1", help="model id clients use"),
          api_key: Optional[str] = typer.Option(None, "--api-key", envvar="M1_API_KEY"),
          max_new_tokens: int = 1024, max_prompt_tokens: int = 8192,
          prefix_cache_tokens: int = typer.Option(65536, "--prefix-cache-tokens",
                                                  help="tokens of earlier prompts/replies kept for reuse; 0 = off"),
          max_batch: int = typer.Option(8, "--max-batch", min=1, help="requests decoded together per step")):
    """OpenAI-compatible server: /v1/models, /v1/chat/completions, /v1/completions (streaming too)."""
    from m1.serve import Limits, Server

    loaded, tok = _load(model, tokenizer)
    server = Server(loaded, tok, name, api_key, Limits(max_prompt_tokens=max_prompt_tokens, max_new_tokens=max_new_tokens),
                    prefix_cache_tokens=prefix_cache_tokens, max_batch=max_batch).http_server(host, port)
    typer.echo(f"serving {name} on http://{host}:{server.server_address[1]}/v1")
    server.serve_forever()


@app.command()
def chat(model: Path = typer.Option(..., help="checkpoint folder"),
         tokenizer: Optional[Path] = typer.Option(None, help="folder with tokenizer.json (default: --model)"),
         system: Optional[str] = None, max_new_tokens: int = 256, temperature: float = 0.7, top_p: float = 0.9):
    """Chat in the terminal (empty line or Ctrl-D to quit); the conversation is kept."""
    from m1.serve import Engine, GenerationRequest

    loaded, tok = _load(model, tokenizer)
    engine = Engine(loaded, tok)
    messages = [{"role": "system", "content": system}] if system else []
    while True:
        try:
            line = input("you> ").strip()
        except EOFError:
            break
        if not line:
            break
        messages.append({"role": "user", "content": line})
        prompt = tok.encode(tok.apply_chat_template(messages))
        request = GenerationRequest(prompt, max_new_tokens, temperature, top_p, 0, [], True, None)
        pieces = []
        typer.echo("m1> ", nl=False)
        for piece, _ in engine.stream(request):
            pieces.append(piece)
            typer.echo(piece, nl=False)
        typer.echo("")
        messages.append({"role": "assistant", "content": "".join(pieces)})


def main() -> None:
    app()


if __name__ == "__main__":
    main()
