"""Path sampling: typed multi-hop walks from a disease identified by its findings, and shortest paths.

A question type is a walk pattern: the anchor disease (stated through findings that no other disease
in the KG shares all of), then hops, each a choice among relations with prior weights (a leading `~`
walks an edge backwards). The sampler
- balances departments (the next sample goes to the least-served department that still has anchors),
- penalises hubs: a node of degree d is drawn with weight d**-hub_alpha,
- caps samples per (language, anchor, answer) group,
- draws distractors of the answer's type from the anchor's KG neighbourhood, never a valid answer.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from synth.graph import Edge, KnowledgeGraph


@dataclass(frozen=True)
class QuestionType:
    name: str
    hops: tuple[tuple[tuple[str, float], ...], ...] = ()  # per hop: (relation, prior) pairs
    named: tuple[int, ...] = ()  # hops whose node the question names (so the answer depends on it)


def _hop(**priors: float) -> tuple[tuple[str, float], ...]:
    return tuple((name.replace("inverse_", "~"), weight) for name, weight in priors.items())


QUESTION_TYPES: dict[str, QuestionType] = {q.name: q for q in [
    QuestionType("diagnosis"),
    QuestionType("exam_choice", (_hop(diagnosed_by=1.0),)),
    QuestionType("drug_choice", (_hop(treated_by=1.0),)),
    QuestionType("complication", (_hop(has_complication=1.0),)),
    QuestionType("gene", (_hop(associated_gene=1.0),)),
    QuestionType("contraindication", (_hop(inverse_contraindicated_in=1.0),)),
    QuestionType("mechanism", (_hop(treated_by=1.0), _hop(belongs_to_class=1.0), _hop(has_mechanism=1.0)), named=(0,)),
    QuestionType("side_effect", (_hop(treated_by=1.0), _hop(has_side_effect=1.0)), named=(0,)),
    # Two hops with relation priors: the complication is unnamed, so any complication's drug or exam is right.
    QuestionType("complication_management", (_hop(has_complication=1.0), _hop(treated_by=0.6, diagnosed_by=0.4))),
]}


@dataclass
class PathSample:
    id: str
    question_type: str
    lang: str
    anchor: str  # the disease the findings identify
    findings: list[Edge]  # anchor -has_symptom-> finding
    hops: list[Edge]  # in KG direction
    walk: list[str]  # relations walked per hop (`~` = backwards)
    answer: str
    valid_answers: list[str]
    named: list[str]  # hop nodes the question names
    options: list[str] = field(default_factory=list)  # node ids, answer included; empty = open-ended
    department: str | None = None

    @property
    def nodes(self) -> list[str]:
        """Node ids along the path: findings, anchor, then each hop's new node."""
        out = [e.tail for e in self.findings] + [self.anchor]
        node = self.anchor
        for edge in self.hops:
            node = edge.tail if edge.head == node else edge.head
            out.append(node)
        return out

    @property
    def edges(self) -> list[Edge]:
        return [*self.findings, *self.hops]


@dataclass(frozen=True)
class SamplerConfig:
    question_types: tuple[tuple[str, float], ...] = tuple((name, 1.0) for name in QUESTION_TYPES)
    min_findings: int = 2
    max_findings: int = 4
    hub_alpha: float = 0.5  # weight degree**-alpha: 0 = no penalty, 1 = inverse degree
    group_cap: int = 4  # samples per (language, anchor, answer)
    num_options: int = 4  # answer plus distractors; 0 = open-ended only
    open_ended_share: float = 0.2
    max_tries_factor: int = 20  # attempts per requested sample before giving up


class PathSampler:
    def __init__(self, kg: KnowledgeGraph, config: SamplerConfig | None = None, anchor_boost: dict[str, float] | None = None):
        """anchor_boost: extra weight per disease (e.g. from how often a corpus mentions it), multiplying
        its hub-penalised weight when anchors are drawn within a department."""
        self.kg = kg
        self.anchor_boost = anchor_boost or {}
        self.config = config or SamplerConfig()
        unknown = [q for q, _ in self.config.question_types if q not in QUESTION_TYPES]
        if unknown:
            raise ValueError(f"unknown question types {unknown} (types: {', '.join(QUESTION_TYPES)})")
        self.diseases_by_department: dict[str, list[str]] = defaultdict(list)
        for disease in kg.nodes_of_type("Disease"):
            if kg.targets(disease, "has_symptom"):
                self.diseases_by_department[kg.node(disease).get("department") or "none"].append(disease)
        self._diseases_with: dict[str, set[str]] = {}
        self._rings: dict[str, tuple[list[dict[str, list[str]]], set[str], set[str]]] = {}
        self._anchor_weights: dict[str, list[float]] = {}

    # -- pieces -------------------------------------------------------------------------------------
    def _weight(self, node: str) -> float:
        return max(self.kg.degree(node), 1) ** -self.config.hub_alpha

    def _pick(self, rng: random.Random, nodes: list[str]) -> str:
        return rng.choices(nodes, weights=[self._weight(n) for n in nodes])[0]

    def _step(self, node: str, relation: str) -> list[str]:
        if relation.startswith("~"):
            return self.kg.sources(node, relation[1:])
        return self.kg.targets(node, relation)

    def _edge(self, node: str, relation: str, nxt: str) -> Edge:
        return Edge(nxt, relation[1:], node) if relation.startswith("~") else Edge(node, relation, nxt)

    def diseases_with(self, symptom: str) -> set[str]:
        if symptom not in self._diseases_with:
            self._diseases_with[symptom] = set(self.kg.sources(symptom, "has_symptom"))
        return self._diseases_with[symptom]

    def findings_for(self, anchor: str, rng: random.Random) -> list[str] | None:
        """Findings of `anchor` that together rule out every other disease, specific ones first."""
        symptoms = self.kg.targets(anchor, "has_symptom")
        if len(symptoms) < self.config.min_findings:
            return None
        keyed = sorted(symptoms, key=lambda s: (len(self.diseases_with(s)) + rng.random(), s))
        chosen: list[str] = []
        candidates: set[str] | None = None
        for symptom in keyed:
            chosen.append(symptom)
            candidates = self.diseases_with(symptom) if candidates is None else candidates & self.diseases_with(symptom)
            if candidates == {anchor} and len(chosen) >= self.config.min_findings:
                break
            if len(chosen) >= self.config.max_findings:
                break
        if candidates != {anchor}:
            return None
        rng.shuffle(chosen)
        return chosen

    def valid_answers(self, anchor: str, walk: list[str], named: dict[int, str]) -> set[str]:
        frontier = {anchor}
        for index, relation in enumerate(walk):
            frontier = {n for node in frontier for n in self._step(node, relation)}
            if index in named:
                frontier &= {named[index]}
        return frontier

    def _ring(self, anchor: str, index: int) -> dict[str, list[str]]:
        """Nodes exactly index+1 undirected hops from the anchor, by type (sorted); built on demand, since
        on a large KG (HPO) the third ring can hold most of the graph."""
        rings, seen, frontier = self._rings.setdefault(anchor, ([], {anchor}, {anchor}))
        while len(rings) <= index:
            frontier = {n for node in frontier for n in nx.all_neighbors(self.kg.graph, node)} - seen
            seen |= frontier
            by_type: dict[str, list[str]] = {}
            for node in sorted(frontier):
                by_type.setdefault(self.kg.node_type(node), []).append(node)
            rings.append(by_type)
            self._rings[anchor] = (rings, seen, frontier)
        return rings[index]

    def distractors(self, anchor: str, answer: str, valid: set[str], rng: random.Random, count: int) -> list[str] | None:
        """Same-type nodes near the anchor (the closest rings first), never a valid answer."""
        kind = self.kg.node_type(answer)
        pool: list[str] = []
        for index in range(3):  # closest ring first
            pool += [n for n in self._ring(anchor, index).get(kind, ()) if n not in valid]
            if len(pool) >= count:
                break
        if len(pool) < count:
            pool = [n for n in self.kg.nodes_of_type(kind) if n not in valid and n != anchor]
        if len(pool) < count:
            return None
        return rng.sample(sorted(pool), count)

    # -- one sample -----------------------------------------------------------------------------------
    def sample_one(self, anchor: str, qtype: QuestionType, lang: str, rng: random.Random, seed: int) -> PathSample | None:
        findings = self.findings_for(anchor, rng)
        if findings is None:
            return None
        node, walk, hops, named = anchor, [], [], {}
        for index, choices in enumerate(qtype.hops):
            open_choices = [(r, w) for r, w in choices if self._step(node, r)]
            if not open_choices:
                return None
            relation = rng.choices([r for r, _ in open_choices], weights=[w for _, w in open_choices])[0]
            nxt = self._pick(rng, self._step(node, relation))
            hops.append(self._edge(node, relation, nxt))
            walk.append(relation)
            if index in qtype.named:
                named[index] = nxt
            node = nxt
        answer = node
        if answer in findings or (answer == anchor and hops):
            return None
        valid = self.valid_answers(anchor, walk, named)
        involved = [*findings, anchor, *[e.tail for e in hops], *[e.head for e in hops]]
        if any(not self.kg.node(n).get(lang) for n in involved):
            return None  # a node without a name in this language
        options: list[str] = []
        if self.config.num_options and rng.random() >= self.config.open_ended_share:
            distractors = self.distractors(anchor, answer, valid | set(findings), rng, self.config.num_options - 1)
            if distractors is None or any(not self.kg.node(n).get(lang) for n in distractors):
                return None
            options = [answer, *distractors]
            rng.shuffle(options)
        edges = [Edge(anchor, "has_symptom", s) for s in findings]
        key = "|".join([str(seed), lang, qtype.name, *[f"{e.head}>{e.relation}>{e.tail}" for e in edges + hops], *options])
        return PathSample(
            id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16], question_type=qtype.name, lang=lang, anchor=anchor,
            findings=edges, hops=hops, walk=walk, answer=answer, valid_answers=sorted(valid),
            named=[named[i] for i in sorted(named)], options=options, department=self.kg.node(anchor).get("department"))

    # -- many -----------------------------------------------------------------------------------------
    def sample(self, n: int, langs: list[str], seed: int) -> tuple[list[PathSample], dict]:
        """Up to n samples, balanced over departments; the report says how many of each and why fewer."""
        rng = random.Random(seed)
        names = [q for q, _ in self.config.question_types]
        weights = [w for _, w in self.config.question_types]
        per_department: Counter = Counter()
        groups: Counter = Counter()
        seen: set[str] = set()
        failures: Counter = Counter()
        open_departments = sorted(d for d, ds in self.diseases_by_department.items() if ds)
        out: list[PathSample] = []
        tries = 0
        while len(out) < n and open_departments and tries < max(n * self.config.max_tries_factor, 1000):
            tries += 1
            least = min(per_department[d] for d in open_departments)
            department = rng.choice([d for d in open_departments if per_department[d] == least])
            candidates = self.diseases_by_department[department]
            if department not in self._anchor_weights:
                self._anchor_weights[department] = [self._weight(d) * self.anchor_boost.get(d, 1.0) for d in candidates]
            anchor = rng.choices(candidates, weights=self._anchor_weights[department])[0]
            qtype = QUESTION_TYPES[rng.choices(names, weights=weights)[0]]
            lang = langs[len(out) % len(langs)]
            sample = self.sample_one(anchor, qtype, lang, rng, seed)
            if sample is None:
                failures["no_path"] += 1
                # A department whose anchors keep failing stops being tried (it cannot be balanced further).
                if failures[f"dept:{department}"] > 50 * (per_department[department] + 1):
                    open_departments.remove(department)
                failures[f"dept:{department}"] += 1
                continue
            group = (sample.lang, sample.anchor, sample.answer)
            if groups[group] >= self.config.group_cap:
                failures["group_cap"] += 1
                continue
            if sample.id in seen:
                failures["duplicate"] += 1
                continue
            seen.add(sample.id)
            groups[group] += 1
            per_department[department] += 1
            out.append(sample)
        report = {"requested": n, "sampled": len(out), "tries": tries,
                  "rejected_paths": {k: v for k, v in failures.items() if not k.startswith("dept:")},
                  "departments": dict(sorted(per_department.items())),
                  "question_types": dict(sorted(Counter(s.question_type for s in out).items()))}
        return out, report


class ShortestPaths:
    """Relation-labelled paths between two entities (edges in either direction), cheapest first.

    As MedReason does between question and answer entities, but the relation of every hop is kept and
    hubs cost more: an edge costs 1 + hub_alpha * (log deg(head) + log deg(tail)).
    """

    def __init__(self, kg: KnowledgeGraph, hub_alpha: float = 0.5):
        self.kg = kg
        self.graph = nx.Graph()
        for edge in kg.edges():
            cost = 1 + hub_alpha * (math.log(max(kg.degree(edge.head), 1)) + math.log(max(kg.degree(edge.tail), 1)))
            if not self.graph.has_edge(edge.head, edge.tail) or self.graph[edge.head][edge.tail]["cost"] > cost:
                self.graph.add_edge(edge.head, edge.tail, cost=cost, edge=edge)

    def between(self, source: str, target: str, max_hops: int = 3, k: int = 3, examine: int = 50) -> list[list[Edge]]:
        """Up to k paths of at most max_hops edges, from the `examine` cheapest simple paths."""
        if source not in self.graph or target not in self.graph or source == target:
            return []
        out = []
        try:
            for examined, nodes in enumerate(nx.shortest_simple_paths(self.graph, source, target, weight="cost")):
                if examined >= examine:
                    break
                if len(nodes) - 1 <= max_hops:
                    out.append([self.graph[a][b]["edge"] for a, b in zip(nodes, nodes[1:])])
                    if len(out) >= k:
                        break
        except nx.NetworkXNoPath:
            return []
        return out
