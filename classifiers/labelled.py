"""Labelled data for training and evaluation: JSONL (plain, .gz, .zst) or Parquet with `text`, `label`
and optionally `lang`. Unusable rows are counted by reason, never silently dropped; a missing
column or an unreadable file is a one-line error naming the file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ingest.readers import detect_format, read_jsonl, read_parquet


class LabelledDataError(ValueError):
    pass


@dataclass
class Labelled:
    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    langs: list[str | None] = field(default_factory=list)
    rejected: Counter = field(default_factory=Counter)

    def __len__(self) -> int:
        return len(self.texts)

    def add(self, text, label, lang) -> None:
        if not isinstance(text, str):
            self.rejected["text_not_string" if text is not None else "missing_text"] += 1
        elif not text.strip():
            self.rejected["empty_text"] += 1
        elif label is None or (isinstance(label, str) and not label.strip()):
            self.rejected["missing_label"] += 1
        elif not isinstance(label, (str, int)) or isinstance(label, bool):
            self.rejected["label_not_scalar"] += 1
        elif any(ch.isspace() for ch in str(label).strip()):
            self.rejected["label_has_whitespace"] += 1
        else:
            self.texts.append(text)
            self.labels.append(str(label).strip())
            self.langs.append(lang if isinstance(lang, str) else None)


def read_labelled(path: str | Path, text_field: str = "text", label_field: str = "label",
                  lang_field: str = "lang") -> Labelled:
    path = Path(path)
    if not path.exists():
        raise LabelledDataError(f"{path}: file not found")
    try:
        fmt = detect_format(path)
    except ValueError as exc:
        raise LabelledDataError(str(exc)) from None
    if fmt not in ("jsonl", "parquet"):
        raise LabelledDataError(f"{path}: labelled data must be JSONL or Parquet (found {fmt})")
    out = Labelled()
    seen_label_field = False
    try:
        for record in (read_jsonl(path) if fmt == "jsonl" else read_parquet(path)):
            if record.error:
                out.rejected[record.error] += 1
                continue
            value = record.value
            seen_label_field |= label_field in value
            out.add(value.get(text_field), value.get(label_field), value.get(lang_field))
    except OSError as exc:
        raise LabelledDataError(f"{path}: not readable ({exc})") from None
    if len(out) == 0 and not seen_label_field:
        raise LabelledDataError(f"{path}: no row has the label field '{label_field}'")
    return out
