"""runs/<run>/report.html: per-stage counts and reject reasons, language and length distributions,
mix shares against targets. Built from the manifests only, so it costs seconds on any run size."""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from pipeline import layout  # noqa: E402
from pipeline.filters.stage import LENGTH_BINS  # noqa: E402


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return f'<img src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}">'


def _stage_manifests(run_dir: Path) -> list[dict]:
    found = []
    for directory in sorted(p for p in run_dir.iterdir() if p.is_dir() and p.name[:2].isdigit()):
        manifest = layout.read_manifest(directory)
        if manifest:
            found.append(manifest)
    return found


def _mix_manifests(run_dir: Path) -> list[dict]:
    mixes = run_dir / "mixes"
    if not mixes.exists():
        return []
    return [m for d in sorted(mixes.iterdir()) if d.is_dir() and (m := layout.read_manifest(d))]


def _funnel(stages: list[dict]) -> str:
    fig, ax = plt.subplots(figsize=(8, 3.2))
    names = [s["stage"] for s in stages]
    kept = [s["counts"]["kept"] for s in stages]
    rejected = [s["counts"]["rejected"] for s in stages]
    ax.bar(names, kept, label="kept", color="#4c78a8")
    ax.bar(names, rejected, bottom=kept, label="rejected", color="#e45756")
    ax.set_ylabel("rows")
    ax.set_title("Rows per stage (in = kept + rejected)")
    ax.legend()
    return _png(fig)


def _reasons(stages: list[dict]) -> str:
    labels, values = [], []
    for s in stages:
        for reason, n in sorted(s["counts"]["by_reason"].items(), key=lambda kv: -kv[1]):
            labels.append(f"{s['stage']}: {reason}")
            values.append(n)
    if not labels:
        return "<p>No rows were rejected.</p>"
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(labels) + 1))
    ax.barh(labels[::-1], values[::-1], color="#e45756")
    ax.set_xlabel("rows")
    ax.set_title("Reject reasons")
    return _png(fig)


def _languages(filter_summary: dict) -> str:
    langs = filter_summary.get("lang", {})
    if not langs:
        return ""
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.bar(list(langs), list(langs.values()), color="#72b7b2")
    ax.set_title("Languages of kept documents (after filter)")
    return _png(fig)


def _lengths(filter_summary: dict) -> str:
    hists = filter_summary.get("length_hist", {})
    if not hists:
        return ""
    labels = [f"<{LENGTH_BINS[i + 1]:,}" if i + 2 < len(LENGTH_BINS) else f">={LENGTH_BINS[i]:,}" for i in range(len(LENGTH_BINS) - 1)]
    fig, ax = plt.subplots(figsize=(9, 3.2))
    width = 0.4
    for offset, lang in ((-width / 2, "zh"), (width / 2, "en")):
        if lang in hists:
            ax.bar([i + offset for i in range(len(labels))], hists[lang], width=width, label=lang)
    ax.set_xticks(range(len(labels)), labels, rotation=30)
    ax.set_xlabel("characters")
    ax.set_ylabel("documents")
    ax.set_title("Document length after filter")
    ax.legend()
    return _png(fig)


def _mix_shares(mix: dict) -> str:
    groups = mix["groups"]
    fig, ax = plt.subplots(figsize=(max(5, 0.7 * len(groups) + 2), 3.2))
    xs = range(len(groups))
    ax.bar([x - 0.2 for x in xs], [g["target_share"] or 0 for g in groups], width=0.4, label="target", color="#bab0ac")
    ax.bar([x + 0.2 for x in xs], [g["achieved_share"] for g in groups], width=0.4, label="achieved", color="#f58518")
    ax.set_xticks(list(xs), [g["group"] for g in groups], rotation=30, ha="right")
    ax.set_ylabel("share of tokens")
    ax.set_title(f"{mix['mix']} (curriculum stage {mix['curriculum_stage']}), grouped by {mix['group_column']}")
    ax.legend()
    return _png(fig)


def _table(headers: list[str], rows: list[list]) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def write_report(run_dir: Path) -> Path:
    stages = _stage_manifests(run_dir)
    mixes = _mix_manifests(run_dir)
    filter_summary = next((s["summary"] for s in stages if s["stage"] == "filter"), {})
    parts = [f"<h1>MedCurate run: {html.escape(run_dir.name)}</h1>"]
    if stages:
        parts.append("<h2>Stages</h2>")
        parts.append(_table(["#", "stage", "rows in", "kept", "rejected", "reasons", "seconds"], [
            [s["index"], s["stage"], s["counts"]["rows_in"], s["counts"]["kept"], s["counts"]["rejected"],
             ", ".join(f"{k}: {v}" for k, v in sorted(s["counts"]["by_reason"].items())), s["seconds"]] for s in stages]))
        parts += [_funnel(stages), _reasons(stages), "<h2>Languages and lengths</h2>", _languages(filter_summary), _lengths(filter_summary)]
    if mixes:
        parts.append("<h2>Mixes</h2>")
        parts.append(_table(["mix", "stage", "tokens", "rows", "unique docs", "budget", "shards", "repeats (epochs: docs)"], [
            [m["mix"], m["curriculum_stage"], f"{m['tokens']:,}", m["rows"], m["unique_docs"], m["token_budget"] or "all",
             len(m["shards"]), json.dumps(m["repeats"])] for m in mixes]))
        for m in mixes:
            parts.append(f"<h3>{html.escape(m['mix'])}</h3>")
            parts.append(_mix_shares(m))
            parts.append(_table(["group", "target", "achieved", "tokens", "rows", "unique docs", "mean epochs", "available tokens"], [
                [g["group"], "" if g["target_share"] is None else f"{g['target_share']:.3f}", f"{g['achieved_share']:.3f}",
                 g["tokens"], g["rows"], g["unique_docs"], f"{g['mean_epochs']:.2f}", g["available_tokens"]] for g in m["groups"]]))
    style = ("body{font-family:sans-serif;max-width:1000px;margin:2em auto}table{border-collapse:collapse;margin:1em 0}"
             "td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}img{display:block;margin:1em 0}")
    page = f"<!doctype html><html><head><meta charset='utf-8'><title>MedCurate report</title><style>{style}</style></head><body>{''.join(parts)}</body></html>"
    out = run_dir / "report.html"
    out.write_text(page, encoding="utf-8")
    return out
