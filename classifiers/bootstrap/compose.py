"""Documents that read like real text of a genre, composed from class lexicons and class-neutral
sentence templates (data/*.yaml, written for MedCurate).

Classes differ only in the words that fill the slots, so a classifier trained on these documents
has to learn the vocabulary of each class and not the templates. A small share of slots is filled
from another class (real consultations mention comorbid conditions, news mixes topics), which keeps
the models from trusting any single word. Every lexicon item and template is assigned to a
train or held-out split by hash, so held-out documents use wording the models never saw.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"
LANGS = ("zh", "en")
MEDICAL_GENRES = ("consultation", "doctor_answer", "abstract", "exam_question", "clinical_note", "health_article")
GENERAL_GENRES = ("news", "encyclopedia", "forum", "howto", "blog")
HELD_OUT_SHARE = 5  # 1 in 5 items and templates is held out
_SLOT = re.compile(r"\{([a-z_]+[0-9]?)\}")

# slot -> lexicon key (a trailing digit asks for a different item of the same key)
_MEDICAL_SLOTS = {"disease": "diseases", "symptom": "symptoms", "drug": "drugs", "exam": "exams",
                  "treatment": "treatments", "body_part": "body_parts", "phrase": "phrases"}
_GENERAL_SLOTS = {"term": "terms", "entity": "entities", "role": "roles", "action": "actions", "phrase": "phrases"}

_GENERIC = {
    "zh": {
        "sex": ["男", "女"],
        "duration": ["两天", "三天", "一周", "半个月", "一个月", "三个月", "半年", "一年多", "好几年", "十来天"],
        "city": ["北京", "上海", "广州", "深圳", "成都", "杭州", "武汉", "西安", "南京", "重庆", "长沙", "郑州", "沈阳", "昆明", "青岛", "厦门"],
        "country": ["中国", "美国", "日本", "德国", "法国", "英国", "印度", "巴西", "韩国", "澳大利亚", "加拿大", "俄罗斯"],
        "person": ["张先生", "李女士", "王老师", "刘教授", "陈经理", "赵同学", "周师傅", "小林", "老孙", "吴女士"],
    },
    "en": {
        "sex": ["man", "woman"],
        "duration": ["two days", "three days", "a week", "two weeks", "a month", "three months", "six months", "a year", "several years", "ten days"],
        "city": ["London", "Boston", "Chicago", "Toronto", "Sydney", "Seattle", "Denver", "Manchester", "Dublin", "Austin", "Atlanta", "Melbourne", "Houston", "Leeds"],
        "country": ["the United States", "the United Kingdom", "Canada", "Australia", "Germany", "France", "Japan", "India", "Brazil", "South Korea", "Mexico", "Italy"],
        "person": ["Dr. Smith", "Sarah", "Mr. Johnson", "Professor Lee", "Maria", "David", "Ms. Brown", "Tom", "Dr. Patel", "Emily"],
    },
}


def held_out(item: str) -> bool:
    return zlib.crc32(item.encode("utf-8")) % HELD_OUT_SHARE == 0


def _split(items: list[str], split: str) -> list[str]:
    if split == "all":
        return list(items)
    chosen = [x for x in items if held_out(x) == (split == "test")]
    return chosen or list(items)  # a tiny list keeps all its items in both splits


@lru_cache(maxsize=16)
def _load(name: str) -> dict:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@dataclass
class Lexicons:
    """Per class, per slot key: the items of one split ("train", "test" or "all")."""

    split: str = "train"
    departments: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)  # lang -> class -> key
    categories: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)
    templates: dict[str, dict] = field(default_factory=dict)
    ontology: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # English: department -> key

    @classmethod
    def load(cls, split: str = "train", extra_english: dict[str, dict[str, list[str]]] | None = None) -> "Lexicons":
        """extra_english: department -> key -> items (ontology terms), kept as a separate pool that
        fills a share of the English slots (Composer.ontology_share), so thousands of ontology terms
        widen the vocabulary without drowning the hand-written lexicon."""
        out = cls(split)
        for lang in LANGS:
            out.departments[lang] = {k: {key: _split(v, split) for key, v in entry.items()}
                                     for k, entry in _lexicon("departments", lang).items()}
            out.categories[lang] = {k: {key: _split(v, split) for key, v in entry.items()}
                                    for k, entry in _lexicon("categories", lang).items()}
            out.templates[lang] = _split_templates(_templates(lang), split)
        for department, keys in (extra_english or {}).items():
            if department in out.departments["en"]:
                out.ontology[department] = {key: _split(items, split) for key, items in keys.items()}
        return out


def _lexicon(kind: str, lang: str) -> dict[str, dict[str, list[str]]]:
    """<kind>.<lang>.yaml, with the items of <kind>.<lang>.more.yaml (if present) appended."""
    base = {k: {key: list(v) for key, v in entry.items()} for k, entry in _load(f"{kind}.{lang}.yaml").items()}
    if (DATA / f"{kind}.{lang}.more.yaml").is_file():
        for k, entry in _load(f"{kind}.{lang}.more.yaml").items():
            for key, items in (entry or {}).items():
                known = base.setdefault(k, {}).setdefault(key, [])
                known.extend(item for item in items or [] if item not in known)
    return base


def _templates(lang: str) -> dict:
    """templates.<lang>.yaml, with the lists of templates.<lang>.more.yaml (if present) appended."""
    def merge(base, more):
        if isinstance(base, dict):
            return {k: merge(v, (more or {}).get(k)) for k, v in base.items()}
        return list(base) + [t for t in (more or []) if t not in base]

    more = DATA / f"templates.{lang}.more.yaml"
    return merge(_load(f"templates.{lang}.yaml"), _load(more.name) if more.is_file() else None)


def _split_templates(node, split: str):
    if isinstance(node, dict):
        return {k: _split_templates(v, split) for k, v in node.items()}
    return _split(node, split)


class Composer:
    def __init__(self, lexicons: Lexicons, rng: random.Random, bleed: float = 0.08, ontology_share: float = 0.3):
        self.lex = lexicons
        self.rng = rng
        self.bleed = bleed  # share of slots filled from another class
        self.ontology_share = ontology_share  # share of English medical slots filled from ontology terms

    # -- slot filling ---------------------------------------------------------------------------
    def _generic(self, lang: str, slot: str) -> str:
        rng = self.rng
        if slot == "age":
            return str(rng.choice([rng.randint(1, 12), rng.randint(18, 45), rng.randint(40, 85)]))
        if slot == "number":
            return str(rng.choice([rng.randint(2, 30), rng.randint(30, 500), rng.randint(500, 20000)]))
        if slot == "percent":
            return f"{rng.uniform(1, 95):.1f}%"
        if slot == "year":
            return str(rng.randint(1950, 2025))
        return rng.choice(_GENERIC[lang][slot])

    def _fill(self, template: str, lang: str, pools: dict[str, list[str]], neighbours: list[dict[str, list[str]]],
              slot_keys: dict[str, str], extra: dict[str, list[str]] | None = None) -> str:
        used: dict[str, set[str]] = {}

        def replace(match: re.Match) -> str:
            slot = match.group(1)
            base = slot.rstrip("0123456789")
            key = slot_keys.get(base)
            if key is None:
                return self._generic(lang, base) if base in ("age", "number", "percent", "year") or base in _GENERIC[lang] else ""
            pool = pools.get(key) or []
            if extra and extra.get(key) and self.rng.random() < self.ontology_share:
                pool = extra[key]
            if neighbours and self.rng.random() < self.bleed:
                other = self.rng.choice(neighbours).get(key) or []
                pool = other or pool
            if not pool:
                return ""
            taken = used.setdefault(key, set())
            for _ in range(4):
                item = self.rng.choice(pool)
                if item not in taken:
                    break
            taken.add(item)
            return item

        return _SLOT.sub(replace, template)

    def _document(self, lang: str, genre: dict, pools, neighbours, slot_keys, n_body: tuple[int, int],
                  extra: dict[str, list[str]] | None = None) -> str:
        rng = self.rng
        sentences = [self._fill(rng.choice(genre["open"]), lang, pools, neighbours, slot_keys, extra)]
        n = rng.randint(*n_body)
        bodies = iter(rng.sample(genre["body"], min(n, len(genre["body"]))))  # no template twice in a doc
        phrases = iter(rng.sample(pools.get("phrases") or [], min(n, len(pools.get("phrases") or []))))
        for _ in range(n):
            choice = None
            if rng.random() < 0.3:
                own = extra.get("phrases") if extra and rng.random() < self.ontology_share else None
                choice = rng.choice(own) if own else next(phrases, None)
            if choice is None:
                template = next(bodies, None)
                if template is None:
                    break
                choice = self._fill(template, lang, pools, neighbours, slot_keys, extra)
            sentences.append(choice)
        if rng.random() < 0.8:
            sentences.append(self._fill(rng.choice(genre["close"]), lang, pools, neighbours, slot_keys, extra))
        return _join(sentences, lang, rng)

    # -- public ---------------------------------------------------------------------------------
    def medical(self, lang: str, department: str, genre: str | None = None, n_body=(3, 9)) -> str:
        genre = genre or self.rng.choice(MEDICAL_GENRES)
        classes = self.lex.departments[lang]
        neighbours = [v for k, v in classes.items() if k != department]
        extra = self.lex.ontology.get(department) if lang == "en" else None
        return self._document(lang, self.lex.templates[lang]["medical"][genre], classes[department], neighbours,
                              _MEDICAL_SLOTS, n_body, extra)

    def general(self, lang: str, category: str, genre: str | None = None, n_body=(3, 9)) -> str:
        genre = genre or self.rng.choice(GENERAL_GENRES)
        classes = self.lex.categories[lang]
        neighbours = [v for k, v in classes.items() if k != category]
        return self._document(lang, self.lex.templates[lang]["general"][genre], classes[category], neighbours,
                              _GENERAL_SLOTS, n_body)

    def junk(self, lang: str) -> str:
        """Low-quality web text: boilerplate, spam and fragments, sometimes around a degraded real doc."""
        rng = self.rng
        junk = self.lex.templates[lang]["junk"]
        category = rng.choice(sorted(self.lex.categories[lang]))
        pools = self.lex.categories[lang][category]
        lines = []
        for _ in range(rng.randint(4, 14)):
            kind = rng.choice(("boilerplate", "spam", "fragments", "fragments"))
            lines.append(self._fill(rng.choice(junk[kind]), lang, pools, [], _GENERAL_SLOTS))
        if rng.random() < 0.4:  # keyword soup around a topic, as SEO pages are
            words = [rng.choice(pools[k]) for k in ("terms", "entities", "terms") for _ in range(rng.randint(3, 8))]
            lines.insert(rng.randrange(len(lines) + 1), ("，" if lang == "zh" else ", ").join(words))
        if rng.random() < 0.3:  # a good paragraph cut off mid-sentence among the junk
            good = self.general(lang, category, n_body=(1, 3))
            lines.insert(rng.randrange(len(lines) + 1), good[: rng.randint(10, max(11, len(good) // 2))])
        return "\n".join(lines)

    def low_value_medical(self, lang: str, department: str) -> str:
        rng = self.rng
        low = self.lex.templates[lang]["low_value_medical"]
        pools = self.lex.departments[lang][department]
        lines = [self._fill(rng.choice(low[rng.choice(("ads", "ads", "logistics", "gossip"))]), lang, pools, [],
                            _MEDICAL_SLOTS) for _ in range(rng.randint(3, 9))]
        return _join(lines, lang, rng)


def _join(sentences: list[str], lang: str, rng: random.Random) -> str:
    sentences = [s.strip() for s in sentences if s and s.strip()]
    paragraphs, current = [], []
    for s in sentences:
        current.append(s)
        if rng.random() < 0.25:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    glue = "" if lang == "zh" else " "
    return "\n".join(glue.join(p) for p in paragraphs)
