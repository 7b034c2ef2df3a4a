"""The category and department taxonomies, loaded from YAML data (taxonomy.yaml by default)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.config import read_yaml

DEFAULT_TAXONOMY = Path(__file__).with_name("taxonomy.yaml")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class TaxonomyError(ValueError):
    pass


@dataclass(frozen=True)
class Entry:
    id: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()
    medical: bool = False  # a category whose documents go on to the department classifier


@dataclass(frozen=True)
class Taxonomy:
    categories: tuple[Entry, ...]
    departments: tuple[Entry, ...]
    auxiliary: tuple[Entry, ...]
    source: str

    @property
    def category_ids(self) -> list[str]:
        return [e.id for e in self.categories]

    @property
    def department_ids(self) -> list[str]:
        """Departments, then the auxiliary buckets: every label the department classifier knows."""
        return [e.id for e in self.departments + self.auxiliary]

    @property
    def medical_categories(self) -> list[str]:
        return [e.id for e in self.categories if e.medical]

    def entry(self, label: str) -> Entry:
        for e in self.categories + self.departments + self.auxiliary:
            if e.id == label:
                return e
        raise KeyError(label)


def _entries(data: dict, key: str, where: str) -> tuple[Entry, ...]:
    items = data.get(key)
    if not isinstance(items, list) or not items:
        raise TaxonomyError(f"{where}: '{key}' must be a non-empty list")
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or "id" not in item:
            raise TaxonomyError(f"{where}: {key}[{i}] needs an 'id'")
        unknown = set(item) - {"id", "zh", "en", "aliases", "medical"}
        if unknown:
            raise TaxonomyError(f"{where}: {key}[{i}] has unknown key(s) {sorted(unknown)}")
        if not _ID.match(str(item["id"])):
            raise TaxonomyError(f"{where}: {key}[{i}] id {item['id']!r} must be lower_snake_case")
        out.append(Entry(id=item["id"], zh=str(item.get("zh", item["id"])), en=str(item.get("en", item["id"])),
                         aliases=tuple(item.get("aliases") or ()), medical=bool(item.get("medical", False))))
    return tuple(out)


@lru_cache(maxsize=8)
def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    path = Path(path) if path else DEFAULT_TAXONOMY
    where = str(path)
    data = read_yaml(path, TaxonomyError, "taxonomy file")
    if not isinstance(data, dict):
        raise TaxonomyError(f"{where}: expected a mapping with categories, departments, auxiliary")
    unknown = set(data) - {"categories", "departments", "auxiliary"}
    if unknown:
        raise TaxonomyError(f"{where}: unknown key(s) {sorted(unknown)}")
    taxonomy = Taxonomy(_entries(data, "categories", where), _entries(data, "departments", where),
                        _entries(data, "auxiliary", where) if data.get("auxiliary") else (), where)
    ids = [e.id for e in taxonomy.categories] + taxonomy.department_ids
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise TaxonomyError(f"{where}: duplicate id(s) {duplicated}")
    return taxonomy
