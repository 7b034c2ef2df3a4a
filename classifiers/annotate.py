"""Label text with an LLM behind any OpenAI-compatible endpoint (vLLM, SGLang, llama.cpp, a hosted
API), for distillation into fastText: the recipe behind FineWeb-Edu's and WebOrganizer's classifiers
(an LLM annotates a sample, a small model learns the labels and runs on everything).

The prompt lists the allowed label ids with their Chinese and English names and asks for the id
alone; a reply is accepted when exactly one allowed id occurs in it as a whole word. Rows whose reply
names no id (or several) are counted as unparseable, never guessed.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from classifiers.models import BINARY_LABELS
from classifiers.taxonomy import Taxonomy

_TASK_QUESTIONS = {
    "medical": "Is this text about medicine or health (medical), or about something else (general)?",
    "category": "Which knowledge category is this text mainly about?",
    "department": "Which clinical department should handle the medical content of this text?",
    "quality": "Is this well-written, informative text (hq) or low-quality web text such as spam, "
               "boilerplate or fragments (lq)?",
    "medical_value": "Does this text carry real medical knowledge (high) or little, such as advertising, "
                     "logistics or gossip (low)?",
}
_BINARY_NAMES = {"medical": "medical / 医学健康", "general": "general / 非医学", "hq": "high quality / 高质量",
                 "lq": "low quality / 低质量", "high": "high medical value / 医学价值高",
                 "low": "low medical value / 医学价值低"}


def task_labels(task: str, taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """(id, description) pairs the annotator may answer with."""
    if task in BINARY_LABELS:
        return [(label, _BINARY_NAMES[label]) for label in BINARY_LABELS[task]]
    if task == "category":
        entries = taxonomy.categories
    elif task == "department":
        entries = taxonomy.departments + taxonomy.auxiliary
    else:
        raise ValueError(f"unknown task '{task}' (tasks: {', '.join(_TASK_QUESTIONS)})")
    return [(e.id, f"{e.en} / {e.zh}") for e in entries]


def build_prompt(task: str, text: str, labels: list[tuple[str, str]], max_chars: int) -> list[dict]:
    options = "\n".join(f"- {label}: {description}" for label, description in labels)
    system = ("You label documents for a data pipeline. Answer with exactly one label id from the list "
              "and nothing else.")
    user = f"{_TASK_QUESTIONS[task]}\n\nLabels:\n{options}\n\nText:\n{text[:max_chars]}\n\nLabel id:"
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def parse_label(reply: str, label_ids: list[str]) -> str | None:
    found = {label for label in label_ids if re.search(rf"(?<![A-Za-z0-9_]){re.escape(label)}(?![A-Za-z0-9_])", reply)}
    return found.pop() if len(found) == 1 else None


@dataclass
class EndpointConfig:
    base_url: str  # e.g. http://localhost:8000/v1
    model: str
    api_key: str | None = None
    timeout_s: float = 60.0
    retries: int = 3
    max_tokens: int = 16
    temperature: float = 0.0


class AnnotationError(RuntimeError):
    pass


def chat(endpoint: EndpointConfig, messages: list[dict]) -> str:
    url = endpoint.base_url.rstrip("/") + "/chat/completions"
    body = json.dumps({"model": endpoint.model, "messages": messages, "max_tokens": endpoint.max_tokens,
                       "temperature": endpoint.temperature}).encode()
    headers = {"Content-Type": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    last = None
    for attempt in range(endpoint.retries + 1):
        request = urllib.request.Request(url, body, headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=endpoint.timeout_s) as response:
                payload = json.loads(response.read())
            return payload["choices"][0]["message"]["content"] or ""
        except urllib.error.HTTPError as error:
            if 400 <= error.code < 500 and error.code != 429:  # our request is wrong: retrying won't help
                raise AnnotationError(f"{url}: HTTP {error.code} {error.read()[:200]!r}") from None
            last = f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            last = str(error)
        except (KeyError, IndexError, json.JSONDecodeError):
            raise AnnotationError(f"{url}: reply is not an OpenAI chat completion") from None
        time.sleep(min(8.0, 0.5 * 2**attempt))
    raise AnnotationError(f"{url}: no answer after {endpoint.retries + 1} tries ({last})")


@dataclass
class Annotated:
    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    langs: list[str | None] = field(default_factory=list)
    unparseable: int = 0
    label_counts: Counter = field(default_factory=Counter)


def annotate(task: str, texts: list[str], langs: list[str | None], taxonomy: Taxonomy, endpoint: EndpointConfig,
             parallel: int = 8, max_chars: int = 3000) -> Annotated:
    labels = task_labels(task, taxonomy)
    ids = [label for label, _ in labels]

    def one(text: str) -> str | None:
        return parse_label(chat(endpoint, build_prompt(task, text, labels, max_chars)), ids)

    out = Annotated()
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        for text, lang, label in zip(texts, langs, pool.map(one, texts)):
            if label is None:
                out.unparseable += 1
                continue
            out.texts.append(text)
            out.labels.append(label)
            out.langs.append(lang)
            out.label_counts[label] += 1
    return out
