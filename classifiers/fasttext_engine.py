"""fastText models: training, saving with metadata, and one compiled pass that runs several at once.

fastText's own `predict` re-tokenises the text for every model; with five models that is five
passes. Here the text is tokenised once (tokenize.py) and each model's forward pass (mean of the
word and word-n-gram rows of the input matrix, then softmax over the output matrix) runs in numba
from the matrices fastText trained. It reproduces fastText's arithmetic exactly: the FNV-1a hash
over signed chars, the end-of-line token `</s>`, bigram hashes `h * 116049371 + h'` modulo the
bucket count (fastText's Dictionary::addWordNgrams); tests compare its probabilities with
`fasttext.predict` to 1e-4. Models with character n-grams (maxn > 0) or hierarchical softmax fall
back to fastText's own predict on the joined tokens.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numba
import numpy as np
from pydantic import Field

from classifiers.tokenize import ClassifierTokenizer, Tokens, token_hashes
from pipeline.stage import StageConfig
from pipeline.text_kernels import hash_bytes, mix64

LABEL_PREFIX = "__label__"
EOS = "</s>"
_NGRAM_MULTIPLIER = np.uint64(116049371)


class TrainParams(StageConfig):
    """fastText supervised settings. Defaults follow the fastText text-classification tutorial and
    the DCLM/FineWeb-Edu fastText classifiers (bigrams, a few epochs), with a small bucket table so
    five models fit in one worker's memory (ENVIRONMENT.md: the default bucket makes ~0.5 GB models)."""

    dim: int = Field(32, ge=2, description="fastText's tutorials use 10-100; 32 keeps five models' forward "
                     "passes within the throughput budget with no measurable loss on our held-out sets")
    epoch: int = Field(8, ge=1)
    lr: float = Field(0.5, gt=0)
    word_ngrams: int = Field(2, ge=1)
    min_count: int = Field(2, ge=1)
    bucket: int = Field(200_000, ge=1)
    minn: int = Field(0, ge=0)
    maxn: int = Field(0, ge=0)
    loss: str = Field("softmax", pattern="^(softmax|ova|hs|ns)$")
    threads: int = Field(1, ge=1, description="1 is reproducible bit for bit; more is faster and not")
    seed: int = 0


@dataclass
class ModelInfo:
    task: str
    labels: list[str]
    tokenizer: str
    params: dict[str, Any]
    trained_on: dict[str, Any] = field(default_factory=dict)
    evaluation: dict[str, Any] = field(default_factory=dict)


def metadata_path(model_path: Path) -> Path:
    return model_path.with_suffix(".json")


class FastTextClassifier:
    """One trained model (`<name>.bin`) and its metadata (`<name>.json`)."""

    def __init__(self, path: str | Path):
        import fasttext

        self.path = Path(path)
        if not self.path.is_file():
            raise FileNotFoundError(f"classifier model not found: {self.path}")
        meta_file = metadata_path(self.path)
        self.model = fasttext.load_model(str(self.path))
        fasttext_labels = [label[len(LABEL_PREFIX):] for label in self.model.get_labels()]
        if meta_file.is_file():
            self.info = ModelInfo(**json.loads(meta_file.read_text()))
        else:  # a fastText model trained elsewhere: usable, tokeniser assumed to be ours
            self.info = ModelInfo(task=self.path.stem, labels=sorted(fasttext_labels),
                                  tokenizer="unknown", params={})
        self.labels = fasttext_labels  # output-matrix order
        self.words = self.model.get_words(on_unicode_error="replace")
        self.nwords = len(self.words)
        args = self.model.f.getArgs()
        self.bucket = int(args.bucket)
        self.word_ngrams = int(args.wordNgrams)
        self.loss = str(args.loss).rsplit(".", 1)[-1]
        self.compiled = args.maxn <= 0 and self.loss in ("softmax", "ova", "ns") and not self.model.is_quantized()
        self.eos_id = self.words.index(EOS) if EOS in self.words else -1
        if self.compiled:
            self.input_matrix = np.ascontiguousarray(self.model.get_input_matrix(), np.float32)
            self.output_matrix = np.ascontiguousarray(self.model.get_output_matrix(), np.float32)
            self.model = None  # the matrices are all inference needs; don't hold the weights twice

    @property
    def task(self) -> str:
        return self.info.task

    def predict_joined(self, joined: list[str]) -> np.ndarray:
        """fastText's own predict on space-joined tokens: probabilities [docs, labels]."""
        if self.model is None:
            import fasttext

            self.model = fasttext.load_model(str(self.path))
        probs = np.zeros((len(joined), len(self.labels)))
        index = {LABEL_PREFIX + label: i for i, label in enumerate(self.labels)}
        labels, scores = self.model.predict(joined, k=-1, threshold=0.0)
        for row, (names, values) in enumerate(zip(labels, scores)):
            for name, value in zip(names, values):
                probs[row, index[name]] = value
        return probs


@numba.njit(cache=True, nogil=True)
def _lookup(keys, mask, h):
    slot = mix64(h) & mask
    while True:
        k = keys[slot]
        if k == h:
            return slot
        if k == 0:
            return np.uint64(len(keys))
        slot = (slot + np.uint64(1)) & mask


@numba.njit(cache=True, nogil=True)
def _union_rows(lookup_hashes, keys, rows):
    out = np.empty(len(lookup_hashes), np.int64)
    mask = np.uint64(len(keys) - 1)
    for t in range(len(lookup_hashes)):
        h = lookup_hashes[t]
        if h == 0:
            h = np.uint64(1)
        slot = _lookup(keys, mask, h)
        out[t] = rows[slot] if slot < len(keys) else -1
    return out


@numba.njit(cache=True, nogil=True)
def _build_union_table(hashes, capacity):
    keys = np.zeros(capacity, np.uint64)
    rows = np.full(capacity, -1, np.int64)
    mask = np.uint64(capacity - 1)
    for r in range(len(hashes)):
        h = hashes[r]
        if h == 0:
            h = np.uint64(1)
        slot = mix64(h) & mask
        while keys[slot] != 0 and keys[slot] != h:
            slot = (slot + np.uint64(1)) & mask
        keys[slot] = h
        rows[slot] = r
    return keys, rows


@numba.njit(cache=True, nogil=True)
def _word_hashes(data, offsets):
    out = np.empty(len(offsets) - 1, np.uint64)
    for i in range(len(offsets) - 1):
        out[i] = hash_bytes(data, offsets[i], offsets[i + 1])
    return out


@numba.njit(cache=True, nogil=True)
def _run_lengths(values, k, out_values, out_counts, at):
    """Sort values[:k] and append each distinct value with its multiplicity at out_*[at:]; return new at."""
    v = np.sort(values[:k])
    i = 0
    while i < k:
        j = i + 1
        while j < k and v[j] == v[i]:
            j += 1
        out_values[at] = v[i]
        out_counts[at] = j - i
        at += 1
        i = j
    return at


@numba.njit(cache=True, nogil=True)
def _doc_features(union_rows, ft_hashes, doc_offsets, eos_row, eos_hash, word_ngrams, bucket):
    """Per document, the distinct vocabulary rows and word-n-gram buckets fastText would average,
    with multiplicities. Model-independent (given bucket and n), so computed once for all models;
    sorted, so each model then reads its matrix rows in increasing order."""
    n_docs = len(doc_offsets) - 1
    n_tok = len(union_rows)
    longest = 1
    for d in range(n_docs):
        longest = max(longest, doc_offsets[d + 1] - doc_offsets[d] + 1)
    per_token = max(word_ngrams - 1, 0)
    words = np.empty(n_tok + n_docs, np.int64)
    word_counts = np.empty(n_tok + n_docs, np.float32)
    grams = np.empty((n_tok + n_docs) * per_token + 1, np.int64)
    gram_counts = np.empty((n_tok + n_docs) * per_token + 1, np.float32)
    word_offsets = np.empty(n_docs + 1, np.int64)
    gram_offsets = np.empty(n_docs + 1, np.int64)
    scratch = np.empty(longest * max(per_token, 1), np.int64)
    bucket_u = np.uint64(bucket)
    nw = 0
    ng = 0
    for d in range(n_docs):
        a = doc_offsets[d]
        n = doc_offsets[d + 1] - a
        word_offsets[d] = nw
        gram_offsets[d] = ng
        k = 0
        for t in range(a, a + n):
            if union_rows[t] >= 0:
                scratch[k] = union_rows[t]
                k += 1
        if eos_row >= 0:
            scratch[k] = eos_row
            k += 1
        nw = _run_lengths(scratch, k, words, word_counts, nw)
        k = 0
        for i in range(n + 1):  # n-grams over the tokens and </s>, hashed as Dictionary::addWordNgrams does
            h = ft_hashes[a + i] if i < n else eos_hash
            for j in range(i + 1, min(n + 1, i + word_ngrams)):
                h = h * _NGRAM_MULTIPLIER + (ft_hashes[a + j] if j < n else eos_hash)
                scratch[k] = np.int64(h % bucket_u)
                k += 1
        ng = _run_lengths(scratch, k, grams, gram_counts, ng)
    word_offsets[n_docs] = nw
    gram_offsets[n_docs] = ng
    return words[:nw], word_counts[:nw], word_offsets, grams[:ng], gram_counts[:ng], gram_offsets


@numba.njit(cache=True, nogil=True)
def _forward(words, word_counts, word_offsets, grams, gram_counts, gram_offsets, word_ids, input_matrix,
             output_matrix, nwords, sigmoid):
    """One model: hidden = mean of its input rows (fastText's Model::computeHidden), then softmax
    (or per-label sigmoid for one-vs-all) over the output matrix."""
    n_docs = len(word_offsets) - 1
    dim = input_matrix.shape[1]
    n_labels = output_matrix.shape[0]
    probs = np.empty((n_docs, n_labels), np.float64)
    hidden = np.empty(dim, np.float32)
    logits = np.empty(n_labels, np.float64)
    for d in range(n_docs):
        hidden[:] = 0.0
        count = np.float32(0.0)
        for e in range(word_offsets[d], word_offsets[d + 1]):
            w = word_ids[words[e]]
            if w >= 0:
                c = word_counts[e]
                row = input_matrix[w]
                for x in range(dim):
                    hidden[x] += c * row[x]
                count += c
        for e in range(gram_offsets[d], gram_offsets[d + 1]):
            c = gram_counts[e]
            row = input_matrix[nwords + grams[e]]
            for x in range(dim):
                hidden[x] += c * row[x]
            count += c
        if count > 0:
            hidden /= count
        top = -np.inf
        for k in range(n_labels):
            s = 0.0
            for x in range(dim):
                s += output_matrix[k, x] * hidden[x]
            logits[k] = s
            top = max(top, s)
        if sigmoid:
            for k in range(n_labels):
                probs[d, k] = 1.0 / (1.0 + np.exp(-logits[k]))
        else:
            total = 0.0
            for k in range(n_labels):
                logits[k] = np.exp(logits[k] - top)
                total += logits[k]
            for k in range(n_labels):
                probs[d, k] = logits[k] / total
    return probs


class MultiModelPredictor:
    """Runs several fastText models over one tokenisation of each batch."""

    def __init__(self, models: dict[str, FastTextClassifier], tokenizer: ClassifierTokenizer):
        self.models = models
        self.tokenizer = tokenizer
        vocab: dict[str, int] = {}
        for model in models.values():
            for word in model.words:
                vocab.setdefault(word, len(vocab))
        encoded = [w.encode("utf-8", "surrogatepass") for w in vocab]
        data = np.frombuffer(b"".join(encoded), np.uint8) if encoded else np.zeros(0, np.uint8)
        offsets = np.zeros(len(encoded) + 1, np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        capacity = 1 << int(np.ceil(np.log2(max(2, 2 * len(vocab) + 1))))
        self.keys, self.rows = _build_union_table(_word_hashes(data, offsets), capacity)
        self.word_ids: dict[str, np.ndarray] = {}
        for name, model in models.items():
            ids = np.full(len(vocab), -1, np.int64)
            ids[[vocab[w] for w in model.words]] = np.arange(len(model.words))
            self.word_ids[name] = ids
        self.eos_row = vocab.get(EOS, -1)
        eos = np.frombuffer(EOS.encode(), np.uint8)
        self.eos_hash = token_hashes(eos, np.array([0]), np.array([len(eos)]))[1][0]

    def features(self, tokens: Tokens) -> dict:
        """Per (bucket, n) shared by compiled models: each document's distinct rows and n-gram buckets."""
        lookup, ft_hashes = token_hashes(tokens.data, tokens.starts, tokens.ends)
        rows = _union_rows(lookup, self.keys, self.rows)
        return {key: _doc_features(rows, ft_hashes, tokens.doc_offsets, self.eos_row, self.eos_hash, key[1], key[0])
                for key in {(m.bucket, m.word_ngrams) for m in self.models.values() if m.compiled}}

    def forward(self, name: str, features: dict) -> np.ndarray:
        model = self.models[name]
        return _forward(*features[(model.bucket, model.word_ngrams)], self.word_ids[name], model.input_matrix,
                        model.output_matrix, model.nwords, model.loss != "softmax")

    def predict_tokens(self, tokens: Tokens) -> dict[str, np.ndarray]:
        features = self.features(tokens)
        out = {}
        joined = None
        for name, model in self.models.items():
            if model.compiled:
                out[name] = self.forward(name, features)
            else:
                if joined is None:
                    joined = _joined_from(tokens)
                out[name] = model.predict_joined(joined)
        return out

    def predict(self, texts) -> dict[str, np.ndarray]:
        return self.predict_tokens(self.tokenizer.tokens(texts))


def _joined_from(tokens: Tokens) -> list[str]:
    from classifiers.tokenize import _join

    out, offsets = _join(tokens.data, tokens.starts, tokens.ends, tokens.doc_offsets)
    blob = out.tobytes()
    return [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(len(offsets) - 1)]


def train_fasttext(task: str, joined: list[str], labels: list[str], out_path: Path, params: TrainParams,
                   tokenizer: ClassifierTokenizer, trained_on: dict[str, Any] | None = None) -> FastTextClassifier:
    """Train on pre-tokenised texts (ClassifierTokenizer.joined) and save `<out>.bin` + `<out>.json`."""
    import fasttext

    if len(joined) != len(labels):
        raise ValueError(f"{len(joined)} texts but {len(labels)} labels")
    bad = sorted({label for label in labels if not label or any(ch.isspace() for ch in label)})
    if bad:
        raise ValueError(f"labels must be non-empty and contain no whitespace: {bad[:5]}")
    order = np.random.default_rng(params.seed).permutation(len(joined))  # fastText reads in file order
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False,
                                     dir=out_path.parent) as handle:
        for i in order:
            handle.write(f"{LABEL_PREFIX}{labels[i]} {joined[i]}\n")
        train_file = handle.name
    try:
        model, lr = _train_with_backoff(fasttext, train_file, params, task)
    finally:
        os.unlink(train_file)
    tmp_model = out_path.with_name(out_path.name + ".partial")
    model.save_model(str(tmp_model))
    os.replace(tmp_model, out_path)
    info = ModelInfo(task=task, labels=sorted(set(labels)), tokenizer=tokenizer.fingerprint,
                     params={**params.model_dump(), "lr_used": lr}, trained_on=trained_on or {"rows": len(joined)})
    metadata_path(out_path).write_text(json.dumps(info.__dict__, ensure_ascii=False, indent=2))
    return FastTextClassifier(out_path)


def _train_with_backoff(fasttext, train_file: str, params: TrainParams, task: str, attempts: int = 4):
    """fastText diverges ("Encountered NaN") when the learning rate is too high for the data; its
    maintainers' advice is to lower it. Retry with half the rate each time, and record the rate used."""
    lr = params.lr
    for attempt in range(attempts):
        try:
            model = fasttext.train_supervised(
                input=train_file, dim=params.dim, epoch=params.epoch, lr=lr, wordNgrams=params.word_ngrams,
                minCount=params.min_count, bucket=params.bucket, minn=params.minn, maxn=params.maxn,
                loss=params.loss, thread=params.threads, seed=params.seed, verbose=0)
            return model, lr
        except RuntimeError as error:
            if "NaN" not in str(error) or attempt == attempts - 1:
                raise ValueError(f"fastText diverged training '{task}' at lr {lr} ({error}); "
                                 "try another dim, bucket or a lower lr") from None
            lr /= 2
