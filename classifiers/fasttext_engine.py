"""fastText models: training, saving with metadata, and one compiled pass that runs several at once.

fastText's own `predict` re-tokenises the text for every model; with five models that is five
passes. Here the text is tokenised once (tokenize.py), each document's distinct words and word
bigrams are found once, and one compiled pass runs every model (mean of its input rows, then
softmax over its output matrix) from the matrices fastText trained, interleaved so that one read
of a row serves all models. It reproduces fastText's arithmetic: the FNV-1a hash over signed chars,
the end-of-line token `</s>`, bigram hashes `h * 116049371 + h'` modulo the bucket count
(fastText's Dictionary::addWordNgrams); tests compare its probabilities with `fasttext.predict` to
1e-5. Models with character n-grams (maxn > 0), hierarchical softmax or quantisation fall back to
fastText's own predict on the joined tokens.
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

from classifiers.tokenize import ClassifierTokenizer, Tokens, fasttext_hash
from pipeline.stage import StageConfig
from pipeline.text_kernels import FNV64_OFFSET, FNV64_PRIME, hash_bytes, mix64, new_table, table_key, table_slot

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
def _fill_union_table(table, hashes):
    for r in range(len(hashes)):
        key = table_key(hashes[r])
        slot = table_slot(table, key)
        table[slot, 0] = key
        table[slot, 1] = r


@numba.njit(cache=True, nogil=True)
def _word_hashes(data, offsets):
    out = np.empty(len(offsets) - 1, np.uint64)
    for i in range(len(offsets) - 1):
        out[i] = hash_bytes(data, offsets[i], offsets[i + 1])
    return out


@numba.njit(cache=True, nogil=True, inline="always")
def _tally(item, d, seen, at, items, counts, n):
    """Count `item` for document d: +1 if d has it already, else append it; return the new length."""
    if seen[item] == d:
        counts[at[item]] += 1.0
        return n
    seen[item] = d
    at[item] = n
    items[n] = item
    counts[n] = 1.0
    return n + 1


@numba.njit(cache=True, nogil=True)
def _doc_features(data, starts, ends, doc_offsets, table, n_union, eos_row, eos_hash, word_ngrams, bucket):
    """Per document, the distinct vocabulary rows and word-n-gram buckets fastText would average, with
    their multiplicities, in one pass over the tokens: both hashes per token, the vocabulary lookup,
    and de-duplication by "last seen in document d" marks (no sorting). Model-independent given the
    bucket count and n, so computed once and shared by every model."""
    n_docs = len(doc_offsets) - 1
    n_tok = len(starts)
    per_token = max(word_ngrams - 1, 0)
    words = np.empty(n_tok + n_docs, np.int64)
    word_counts = np.empty(n_tok + n_docs, np.float32)
    grams = np.empty((n_tok + n_docs) * per_token + 1, np.int64)
    gram_counts = np.empty((n_tok + n_docs) * per_token + 1, np.float32)
    word_offsets = np.empty(n_docs + 1, np.int64)
    gram_offsets = np.empty(n_docs + 1, np.int64)
    word_seen = np.full(n_union + 1, -1, np.int64)  # document that last used this row ...
    word_at = np.empty(n_union + 1, np.int64)  # ... and where its count is
    gram_seen = np.full(bucket if per_token else 1, -1, np.int64)
    gram_at = np.empty(bucket if per_token else 1, np.int64)
    ft = np.empty(1, np.uint64)
    bucket_u = np.uint64(bucket)
    nw = 0
    ng = 0
    for d in range(n_docs):
        a = doc_offsets[d]
        n = doc_offsets[d + 1] - a
        word_offsets[d] = nw
        gram_offsets[d] = ng
        if len(ft) < n + 1:
            ft = np.empty(2 * (n + 1), np.uint64)
        for i in range(n + 1):
            if i < n:
                t = a + i
                # both hashes in one pass over the token's bytes
                h64 = FNV64_OFFSET
                h32 = np.uint64(2166136261)
                for p in range(starts[t], ends[t]):
                    b = np.uint64(data[p])
                    h64 = (h64 ^ b) * FNV64_PRIME
                    if b >= 128:
                        b = b | np.uint64(0xFFFFFF00)  # fastText hashes bytes as signed char
                    h32 = ((h32 ^ b) * np.uint64(16777619)) & np.uint64(0xFFFFFFFF)
                if h32 >= np.uint64(0x80000000):
                    h32 = h32 | np.uint64(0xFFFFFFFF00000000)  # widened like fastText's int32 hashes
                ft[i] = h32
                key = table_key(mix64(h64 ^ np.uint64(ends[t] - starts[t])))  # = hash_bytes of the token
                slot = table_slot(table, key)
                row = np.int64(table[slot, 1]) if table[slot, 0] == key else -1
            else:
                ft[i] = eos_hash
                row = eos_row
            if row >= 0:
                nw = _tally(row, d, word_seen, word_at, words, word_counts, nw)
        for i in range(n + 1):  # n-grams over the tokens and </s>, as Dictionary::addWordNgrams hashes them
            h = ft[i]
            for j in range(i + 1, min(n + 1, i + word_ngrams)):
                h = h * _NGRAM_MULTIPLIER + ft[j]
                ng = _tally(np.int64(h % bucket_u), d, gram_seen, gram_at, grams, gram_counts, ng)
    word_offsets[n_docs] = nw
    gram_offsets[n_docs] = ng
    return words[:nw], word_counts[:nw], word_offsets, grams[:ng], gram_counts[:ng], gram_offsets


@numba.njit(cache=True, nogil=True)
def _forward_fused(words, word_counts, word_offsets, grams, gram_counts, gram_offsets, wide_words, present,
                   wide_grams, dim_offsets, outputs, output_starts, label_offsets, sigmoid):
    """Every model of a group in one pass: row r of `wide_*` is the concatenation of all the models'
    input rows for that word or bucket, so one read serves them all. Per model, hidden = the mean of
    its rows (fastText's Model::computeHidden), then softmax (or one-vs-all sigmoids) over its
    output matrix. Returns [docs, all models' labels]."""
    n_docs = len(word_offsets) - 1
    width = wide_words.shape[1]
    n_models = len(dim_offsets) - 1
    probs = np.empty((n_docs, label_offsets[n_models]), np.float64)
    acc = np.empty(width, np.float32)
    counts = np.empty(n_models, np.float32)
    for d in range(n_docs):
        acc[:] = 0.0
        counts[:] = 0.0
        for e in range(word_offsets[d], word_offsets[d + 1]):
            u = words[e]
            c = word_counts[e]
            row = wide_words[u]
            for x in range(width):
                acc[x] += c * row[x]
            for m in range(n_models):
                if present[u, m]:
                    counts[m] += c
        grams_total = np.float32(0.0)
        for e in range(gram_offsets[d], gram_offsets[d + 1]):
            c = gram_counts[e]
            row = wide_grams[grams[e]]
            for x in range(width):
                acc[x] += c * row[x]
            grams_total += c
        for m in range(n_models):
            lo = dim_offsets[m]
            dim = dim_offsets[m + 1] - lo
            total = counts[m] + grams_total
            scale = np.float32(1.0) / total if total > 0 else np.float32(0.0)
            first = label_offsets[m]
            n_labels = label_offsets[m + 1] - first
            top = -np.inf
            for k in range(n_labels):
                base = output_starts[m] + k * dim
                value = 0.0
                for x in range(dim):
                    value += outputs[base + x] * (acc[lo + x] * scale)
                probs[d, first + k] = value
                top = max(top, value)
            if sigmoid[m]:
                for k in range(n_labels):
                    probs[d, first + k] = 1.0 / (1.0 + np.exp(-probs[d, first + k]))
            else:
                norm = 0.0
                for k in range(n_labels):
                    probs[d, first + k] = np.exp(probs[d, first + k] - top)
                    norm += probs[d, first + k]
                for k in range(n_labels):
                    probs[d, first + k] /= norm
    return probs


class _FusedGroup:
    """Compiled models that share fastText's bucket count and word-n-gram order, with their input
    matrices interleaved row by row (see _forward_fused)."""

    def __init__(self, names: list[str], models: dict[str, FastTextClassifier], word_ids: dict[str, np.ndarray],
                 n_union: int):
        self.names = names
        first = models[names[0]]
        self.bucket, self.word_ngrams = first.bucket, first.word_ngrams
        dims = [models[n].input_matrix.shape[1] for n in names]
        self.dim_offsets = np.concatenate([[0], np.cumsum(dims)]).astype(np.int64)
        width = int(self.dim_offsets[-1])
        self.wide_words = np.zeros((n_union, width), np.float32)
        self.present = np.zeros((n_union, len(names)), np.bool_)
        self.wide_grams = np.empty((self.bucket, width), np.float32)
        for m, name in enumerate(names):
            model, lo, hi = models[name], self.dim_offsets[m], self.dim_offsets[m + 1]
            ids = word_ids[name]
            valid = ids >= 0
            self.wide_words[valid, lo:hi] = model.input_matrix[ids[valid]]
            self.present[valid, m] = True
            self.wide_grams[:, lo:hi] = model.input_matrix[model.nwords:model.nwords + self.bucket]
        self.outputs = np.concatenate([models[n].output_matrix.ravel() for n in names]).astype(np.float32)
        sizes = [models[n].output_matrix.size for n in names]
        self.output_starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        self.label_offsets = np.concatenate([[0], np.cumsum([len(models[n].labels) for n in names])]).astype(np.int64)
        self.sigmoid = np.array([models[n].loss != "softmax" for n in names])

    def forward(self, features) -> dict[str, np.ndarray]:
        probs = _forward_fused(*features, self.wide_words, self.present, self.wide_grams, self.dim_offsets,
                               self.outputs, self.output_starts, self.label_offsets, self.sigmoid)
        return {name: probs[:, self.label_offsets[m]:self.label_offsets[m + 1]] for m, name in enumerate(self.names)}


class MultiModelPredictor:
    """Runs several fastText models over one tokenisation of each batch."""

    def __init__(self, models: dict[str, FastTextClassifier], tokenizer: ClassifierTokenizer,
                 release_inputs: bool = False):
        """release_inputs: drop each model's own input matrix once it is interleaved (saves memory
        when this predictor owns the models, as a stage does)."""
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
        self.table = new_table(len(vocab))  # word hash -> row in the union vocabulary
        _fill_union_table(self.table, _word_hashes(data, offsets))
        self.word_ids: dict[str, np.ndarray] = {}
        for name, model in models.items():
            ids = np.full(len(vocab), -1, np.int64)
            ids[[vocab[w] for w in model.words]] = np.arange(len(model.words))
            self.word_ids[name] = ids
        self.n_union = len(vocab)
        self.eos_row = vocab.get(EOS, -1)
        eos = np.frombuffer(EOS.encode(), np.uint8)
        self.eos_hash = fasttext_hash(eos, 0, len(eos))
        by_key: dict[tuple[int, int], list[str]] = {}
        for name, model in models.items():
            if model.compiled:
                by_key.setdefault((model.bucket, model.word_ngrams), []).append(name)
        self.groups = {key: _FusedGroup(names, models, self.word_ids, self.n_union) for key, names in by_key.items()}
        if release_inputs:
            for name in (n for names in by_key.values() for n in names):
                models[name].input_matrix = None

    def features(self, tokens: Tokens) -> dict:
        """Per (bucket, n) group: each document's distinct rows and n-gram buckets with counts."""
        return {key: _doc_features(tokens.data, tokens.starts, tokens.ends, tokens.doc_offsets, self.table, self.n_union, self.eos_row, self.eos_hash, key[1], key[0])
                for key in self.groups}

    def forward(self, features: dict) -> dict[str, np.ndarray]:
        out = {}
        for key, group in self.groups.items():
            out.update(group.forward(features[key]))
        return out

    def predict_tokens(self, tokens: Tokens) -> dict[str, np.ndarray]:
        out = self.forward(self.features(tokens))
        fallback = [name for name, model in self.models.items() if not model.compiled]
        if fallback:
            joined = _joined_from(tokens)
            for name in fallback:
                out[name] = self.models[name].predict_joined(joined)
        return {name: out[name] for name in self.models}

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
