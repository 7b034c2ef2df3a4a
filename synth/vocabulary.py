"""The typed vocabulary of the knowledge graph: node types and relations with their signatures.

Relation names stay in every sampled path and reasoning step (MedReason drops them; a step that
cites `treated_by` can be checked, one that cites a bare node pair cannot). Each relation has a
head and tail type and a sentence per language that states the edge; the template generator and
the verifier both use these sentences, so a step's text and its cited edge agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

NODE_TYPES = ("Disease", "Symptom", "Drug", "DrugClass", "Mechanism", "Exam", "BodyPart", "Gene", "Department")

# Id prefixes of the bundled KG (`disease:hypertension`); loaders of other formats may use any ids.
TYPE_PREFIXES = {"disease": "Disease", "symptom": "Symptom", "phenotype": "Symptom", "drug": "Drug",
                 "drug_class": "DrugClass", "mechanism": "Mechanism", "exam": "Exam", "body_part": "BodyPart",
                 "gene": "Gene", "department": "Department"}


@dataclass(frozen=True)
class Relation:
    name: str
    head: str  # node type
    tail: str
    zh: str  # states the edge; {h} and {t} are node names
    en: str

    def sentence(self, lang: str, head: str, tail: str) -> str:
        text = (self.zh if lang == "zh" else self.en).format(h=head, t=tail)
        return text[:1].upper() + text[1:]


RELATIONS: dict[str, Relation] = {r.name: r for r in [
    Relation("has_symptom", "Disease", "Symptom", "{h}的典型表现包括{t}。", "{h} typically presents with {t}."),
    Relation("diagnosed_by", "Disease", "Exam", "{h}可通过{t}明确诊断。", "{h} is confirmed by {t}."),
    Relation("treated_by", "Disease", "Drug", "{h}的常用治疗药物是{t}。", "{h} is treated with {t}."),
    Relation("affects", "Disease", "BodyPart", "{h}主要累及{t}。", "{h} mainly affects the {t}."),
    Relation("has_complication", "Disease", "Disease", "{h}可并发{t}。", "{t} is a complication of {h}."),
    Relation("associated_gene", "Disease", "Gene", "{h}与{t}相关。", "{h} is associated with the gene {t}."),
    Relation("belongs_to_class", "Drug", "DrugClass", "{h}属于{t}。", "{h} is a {t}."),
    Relation("has_mechanism", "DrugClass", "Mechanism", "{h}的作用机制是{t}。", "The mechanism of a {h} is {t}."),
    Relation("has_side_effect", "Drug", "Symptom", "{h}的不良反应包括{t}。", "{h} can cause {t} as a side effect."),
    Relation("contraindicated_in", "Drug", "Disease", "{h}禁用于{t}。", "{h} is contraindicated in {t}."),
    Relation("managed_in", "Disease", "Department", "{h}通常由{t}诊治。", "{h} is managed in {t}."),
    Relation("is_a", "Symptom", "Symptom", "{h}是一种{t}。", "{h} is a kind of {t}."),  # HPO hierarchy
]}

# Common predicate spellings in third-party triple files, mapped onto the vocabulary
# (PrimeKG's `disease_phenotype_positive`, `indication`, `contraindication`, ...).
RELATION_ALIASES = {
    "symptom": "has_symptom", "has_phenotype": "has_symptom", "disease_phenotype_positive": "has_symptom",
    "phenotype": "has_symptom", "症状": "has_symptom", "临床表现": "has_symptom",
    "indication": "treated_by", "treats_inverse": "treated_by", "treatment": "treated_by", "药品": "treated_by",
    "治疗药物": "treated_by", "常用药品": "treated_by", "推荐药品": "treated_by",
    "exam": "diagnosed_by", "检查": "diagnosed_by", "诊断检查": "diagnosed_by",
    "complication": "has_complication", "并发症": "has_complication", "acompany_with": "has_complication",
    "disease_protein": "associated_gene", "gene": "associated_gene", "相关基因": "associated_gene",
    "contraindication": "contraindicated_in", "禁忌": "contraindicated_in",
    "side_effect": "has_side_effect", "drug_effect": "has_side_effect", "不良反应": "has_side_effect",
    "部位": "affects", "发病部位": "affects", "location": "affects",
    "科室": "managed_in", "所属科室": "managed_in", "department": "managed_in",
}


def canonical_relation(name: str) -> str | None:
    """The vocabulary name for a relation spelling, or None when it is not known."""
    key = name.strip()
    if key in RELATIONS:
        return key
    lowered = key.lower().replace(" ", "_").replace("-", "_")
    if lowered in RELATIONS:
        return lowered
    return RELATION_ALIASES.get(lowered) or RELATION_ALIASES.get(key)
