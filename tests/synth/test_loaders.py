import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from synth.graph import KGError
from synth.loaders import load_kg

TRIPLES = [
    ("高血压", "症状", "头痛", "", ""),
    ("hypertension", "treated_by", "amlodipine", "disease", "drug"),
    ("hypertension", "has_symptom", "headache", "Disease", "Symptom"),
    ("aspirin", "protein_protein", "PTGS1", "drug", "gene/protein"),  # outside the vocabulary
]


def _write(tmp_path, kind):
    rows = [dict(zip(["head", "relation", "tail", "head_type", "tail_type"], t)) for t in TRIPLES]
    path = tmp_path / f"kg.{kind}"
    if kind in ("csv", "tsv"):
        sep = "," if kind == "csv" else "\t"
        path.write_text("\n".join([sep.join(rows[0])] + [sep.join(r.values()) for r in rows]) + "\n", encoding="utf-8")
    elif kind == "jsonl":
        path.write_text("\n".join(json.dumps({k: v for k, v in r.items() if v}, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    else:
        pq.write_table(pa.Table.from_pylist(rows), path)
    return path


@pytest.mark.parametrize("kind", ["csv", "tsv", "jsonl", "parquet"])
def test_triples_in_every_format_give_the_same_graph(tmp_path, kind):
    kg, report = load_kg([str(_write(tmp_path, kind))])
    assert kg.has_edge("disease:高血压", "has_symptom", "symptom:头痛")  # Chinese predicate mapped, types inferred
    assert kg.has_edge("disease:hypertension", "treated_by", "drug:amlodipine")
    assert kg.name("disease:高血压", "zh") == "高血压" and kg.node("disease:高血压")["en"] is None
    assert report.skipped == {"unknown_relation:protein_protein": 1}
    assert report.rows == 4 and report.edges_added == 3


def test_strict_loading_names_the_row_it_cannot_place(tmp_path):
    with pytest.raises(KGError, match=r"kg.tsv: row 5: relation 'protein_protein' is not in the vocabulary"):
        load_kg([str(_write(tmp_path, "tsv"))], strict=True)


@pytest.mark.parametrize("content, message", [
    ("head\trelation\ttail\nflu\thas_symptom\n", r"kg.tsv: line 2: expected 3 fields"),
    ("head\trelation\nflu\thas_symptom\n", r"kg.tsv: missing column\(s\) tail"),
    ("head\trelation\ttail\nflu\thas_symptom\t\n", r"kg.tsv: row 2: 'tail' is missing"),
    ("head\trelation\ttail\thead_type\nflu\thas_symptom\tfever\tplanet\n", r"row 2: unknown node type 'planet'"),
    ("", r"kg.tsv: empty file"),
])
def test_malformed_triples_fail_in_one_line(tmp_path, content, message):
    path = tmp_path / "kg.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KGError, match=message) as error:
        load_kg([str(path)])
    assert "\n" not in str(error.value)


def test_malformed_jsonl_and_yaml_name_the_place(tmp_path):
    bad_json = tmp_path / "kg.jsonl"
    bad_json.write_text('{"head": "flu", "relation": "has_symptom", "tail": "fever"}\n{"head": \n', encoding="utf-8")
    with pytest.raises(KGError, match=r"kg.jsonl: line 2: not valid JSON"):
        load_kg([str(bad_json)])
    bad_yaml = tmp_path / "kg.yaml"
    bad_yaml.write_text('nodes:\n  - {id: "disease:flu", type: Disease, en: flu, colour: red}\nedges: []\n', encoding="utf-8")
    with pytest.raises(KGError, match=r"kg.yaml: nodes\[0\]: unknown keys \['colour'\]"):
        load_kg([str(bad_yaml)])
    missing = tmp_path / "nope.tsv"
    with pytest.raises(FileNotFoundError, match="nope.tsv does not exist"):
        load_kg([str(missing)])


def test_sources_merge_and_departments_become_nodes(tiny_kg, tmp_path):
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"head": "hypertension", "relation": "has_symptom", "tail": "tinnitus"}) + "\n", encoding="utf-8")
    kg, report = load_kg(["tests/synth/tiny_kg.yaml", str(extra)])
    assert kg.has_edge("disease:hypertension", "has_symptom", "symptom:tinnitus")  # joins the YAML node by id
    assert report.sources == ["tests/synth/tiny_kg.yaml", str(extra)]
    bundled, _ = load_kg(["bundled"])
    assert bundled.node_type("department:cardiology") == "Department"
    assert bundled.name("department:cardiology", "zh") == "心血管内科"


def test_hpo_gives_english_diseases_with_phenotypes_and_departments():
    kg, report = load_kg(["hpo"], hpo_max_diseases=300)
    diseases = kg.nodes_of_type("Disease")
    assert len(diseases) == 300 and all(d.startswith("omim:") for d in diseases)
    assert all(kg.targets(d, "has_symptom") for d in diseases)
    phenotype = kg.targets(diseases[0], "has_symptom")[0]
    assert phenotype.startswith("HP:") and kg.name(phenotype, "en") and kg.node(phenotype)["zh"] is None
    assert kg.stats()["edges_by_relation"]["is_a"] > 0
    assert sum(1 for d in diseases if kg.node(d)["department"]) > 250
