"""Labelled bootstrap datasets for each default task, composed offline (compose.py + ontology.py).

Sizes are per class and language; the held-out split uses the held-out fifth of every lexicon and
template list and a different seed, so its scores measure generalisation to unseen wording.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from classifiers.bootstrap.compose import LANGS, MEDICAL_GENRES, Composer, Lexicons, held_out
from classifiers.labelled import Labelled
from classifiers.taxonomy import Taxonomy

TASKS = ("medical", "category", "department", "quality", "medical_value")
HIGH_VALUE_GENRES = tuple(g for g in MEDICAL_GENRES if g != "consultation")
# For medical vs general, each medical document is paired with a general one of the closest genre,
# so style (questions and replies, abstracts, first-person posts) carries no class signal and the
# model has to decide on content.
GENRE_PAIRS = {"consultation": "forum", "doctor_answer": "forum", "abstract": "encyclopedia",
               "exam_question": "howto", "clinical_note": "blog", "health_article": "news"}


@dataclass(frozen=True)
class DatasetSizes:
    """Documents per class and language (train); held-out sets are a fifth of these."""

    medical: int = 9000  # per class: medical, general
    category: int = 900
    department: int = 900
    quality: int = 6000  # per class: hq, lq
    medical_value: int = 5000  # per class: high, low

    def scaled(self, factor: float) -> "DatasetSizes":
        return DatasetSizes(**{k: max(20, int(v * factor)) for k, v in self.__dict__.items()})


def ontology_extras(split: str) -> dict[str, dict[str, list[str]]]:
    """English ontology items per department: ICD-10 descriptions as diseases, HPO names and synonyms
    as symptoms/findings, HPO definitions as phrases (Lexicons.load keeps them as a separate pool)."""
    from classifiers.bootstrap.ontology import hpo_terms, icd10_terms

    hpo = hpo_terms()
    sources = {"diseases": icd10_terms(), "symptoms": {k: v["terms"] for k, v in hpo.items()},
               "phrases": {k: v["definitions"] for k, v in hpo.items()}}
    extras: dict[str, dict[str, list[str]]] = {}
    for key, by_department in sources.items():
        for department, items in by_department.items():
            extras.setdefault(department, {})[key] = sorted(set(items))
    return extras


def real_ontology_definitions() -> Labelled:
    """Held-out HPO definitions (real, human-written English) labelled by department."""
    from classifiers.bootstrap.ontology import hpo_terms

    out = Labelled()
    for department, entry in sorted(hpo_terms().items()):
        for definition in entry["definitions"]:
            if held_out(definition):
                out.add(definition, department, "en")
    return out


def build_dataset(task: str, taxonomy: Taxonomy, split: str, sizes: DatasetSizes, seed: int = 0,
                  lexicons: Lexicons | None = None) -> Labelled:
    if task not in TASKS:
        raise ValueError(f"unknown bootstrap task '{task}' (known: {', '.join(TASKS)})")
    lexicons = lexicons or Lexicons.load(split, ontology_extras(split))
    rng = random.Random(f"{task}/{split}/{seed}")
    compose = Composer(lexicons, rng)
    n = getattr(sizes, task) if split == "train" else max(10, getattr(sizes, task) // 5)
    out = Labelled()
    departments = [d for d in taxonomy.department_ids if d in lexicons.departments["en"]]
    categories = [c for c in taxonomy.category_ids if c in lexicons.categories["en"]]
    medical_categories = taxonomy.medical_categories
    for lang in LANGS:
        for _ in range(n):
            if task == "department":
                for department in departments:
                    out.add(compose.medical(lang, department), department, lang)
            elif task == "category":
                for category in taxonomy.category_ids:
                    if category in medical_categories:
                        text = compose.medical(lang, rng.choice(departments))
                    else:
                        text = compose.general(lang, category)
                    out.add(text, category, lang)
            elif task == "medical":
                department = rng.choice(departments)
                genre = rng.choice(MEDICAL_GENRES)
                medical = (compose.low_value_medical(lang, department) if rng.random() < 0.15
                           else compose.medical(lang, department, genre))
                out.add(medical, "medical", lang)
                out.add(compose.general(lang, rng.choice(categories), GENRE_PAIRS[genre]), "general", lang)
            elif task == "quality":
                good = (compose.medical(lang, rng.choice(departments)) if rng.random() < 0.4
                        else compose.general(lang, rng.choice(categories)))
                out.add(good, "hq", lang)
                out.add(compose.junk(lang), "lq", lang)
            else:  # medical_value
                department = rng.choice(departments)
                out.add(compose.medical(lang, department, rng.choice(HIGH_VALUE_GENRES)), "high", lang)
                out.add(compose.low_value_medical(lang, department), "low", lang)
    return out
