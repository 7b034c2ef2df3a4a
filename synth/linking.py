"""Entity linking from text to KG nodes: an alias dictionary, with fuzzy character n-grams as a fallback.

Text is split into words (jieba for Chinese, with every Chinese alias added to a private jieba
dictionary so a multi-character term stays one word; letter/digit runs for other scripts) and the
longest run of words that spells an alias wins, as a phrase matcher does. Whole terms (an answer, a
user's entity list) can also be linked fuzzily: character n-gram cosine against every alias, with a
candidate threshold that shortlists and an accept threshold that links, as MedReason does with its
similarity thresholds (its defaults are for embeddings; ours are for n-grams and set in LinkerConfig).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from synth.graph import KnowledgeGraph

_WORD = re.compile(r"[\u3400-\u9fff]+|[^\W_\u3400-\u9fff]+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff]")


def normalize(text: str) -> str:
    """NFKC, lower case, one space between words; the key both aliases and mentions are looked up by."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


@dataclass(frozen=True)
class Mention:
    start: int  # character offsets into the text
    end: int
    surface: str
    node: str
    score: float


@dataclass(frozen=True)
class LinkerConfig:
    ngram_zh: int = 2
    ngram_en: int = 3
    candidate_threshold: float = 0.5  # n-gram cosine to enter the shortlist
    accept_threshold: float = 0.75  # best candidate links only at or above this
    max_phrase_words: int = 8


class EntityLinker:
    def __init__(self, kg: KnowledgeGraph, config: LinkerConfig | None = None, types: tuple[str, ...] | None = None):
        import jieba

        self.kg = kg
        self.config = config or LinkerConfig()
        self.aliases: dict[str, set[str]] = defaultdict(set)
        for node in kg.graph.nodes:
            if types and kg.node_type(node) not in types:
                continue
            for name in kg.names(node):
                key = normalize(name)
                if key:
                    self.aliases[key].add(node)
        self._segmenter = jieba.Tokenizer()
        self._segmenter.initialize()
        for key in self.aliases:
            if _CJK.search(key) and " " not in key:
                self._segmenter.add_word(key, freq=1_000_000)
        self._grams: dict[str, list[tuple[str, float]]] | None = None

    # -- text -> mentions ---------------------------------------------------------------------------
    def _words(self, text: str) -> list[tuple[int, int]]:
        spans = []
        for match in _WORD.finditer(text):
            piece = match.group()
            if _CJK.match(piece):
                offset = match.start()
                for word in self._segmenter.cut(piece, HMM=False):
                    spans.append((offset, offset + len(word)))
                    offset += len(word)
            else:
                spans.append(match.span())
        return spans

    def link_text(self, text: str) -> list[Mention]:
        """Longest alias matches over word runs, left to right, non-overlapping."""
        normalized = unicodedata.normalize("NFKC", text)
        words = self._words(normalized)
        mentions, i = [], 0
        while i < len(words):
            found = None
            for j in range(min(len(words), i + self.config.max_phrase_words), i, -1):
                start, end = words[i][0], words[j - 1][1]
                surface = normalized[start:end]
                # Chinese words join without spaces; other words are compared space-separated.
                key = normalize(surface) if not _CJK.search(surface) else normalize(surface.replace(" ", ""))
                nodes = self.aliases.get(key)
                if nodes:
                    found = (j, start, end, surface, sorted(nodes)[0])
                    break
            if found:
                j, start, end, surface, node = found
                mentions.append(Mention(start, end, surface, node, 1.0))
                i = j
            else:
                i += 1
        return mentions

    # -- whole term -> node -------------------------------------------------------------------------
    def _ngrams(self, key: str) -> Counter:
        n = self.config.ngram_zh if _CJK.search(key) else self.config.ngram_en
        padded = f" {key} " if not _CJK.search(key) else key
        if len(padded) <= n:
            return Counter([padded])
        return Counter(padded[i:i + n] for i in range(len(padded) - n + 1))

    def _index(self) -> dict[str, list[tuple[str, float]]]:
        if self._grams is None:
            index: dict[str, list[tuple[str, float]]] = defaultdict(list)
            self._norms = {}
            for key in self.aliases:
                grams = self._ngrams(key)
                self._norms[key] = math.sqrt(sum(v * v for v in grams.values()))
                for gram, count in grams.items():
                    index[gram].append((key, count))
            self._grams = index
        return self._grams

    def candidates(self, term: str, limit: int = 5) -> list[tuple[str, float]]:
        """(node, cosine) for aliases at or above the candidate threshold, best first."""
        key = normalize(term)
        if not key:
            return []
        if key in self.aliases:
            return [(node, 1.0) for node in sorted(self.aliases[key])]
        index = self._index()
        grams = self._ngrams(key)
        norm = math.sqrt(sum(v * v for v in grams.values()))
        dots: Counter = Counter()
        for gram, count in grams.items():
            for alias, alias_count in index.get(gram, ()):
                dots[alias] += count * alias_count
        best: dict[str, float] = {}
        for alias, dot in dots.items():
            score = dot / (norm * self._norms[alias])
            if score >= self.config.candidate_threshold:
                for node in self.aliases[alias]:
                    best[node] = max(best.get(node, 0.0), score)
        return sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    def link_term(self, term: str, fuzzy: bool = True) -> tuple[str, float] | None:
        """The node a whole term names: an exact alias, else the best fuzzy candidate above the accept threshold."""
        key = normalize(term)
        if key in self.aliases:
            return sorted(self.aliases[key])[0], 1.0
        if not fuzzy:
            return None
        found = self.candidates(term, limit=1)
        if found and found[0][1] >= self.config.accept_threshold:
            return found[0]
        return None
