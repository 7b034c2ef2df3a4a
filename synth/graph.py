"""The knowledge graph: a typed networkx multigraph with bilingual names and aliases.

Nodes carry `type`, `zh` / `en` names, `aliases_zh` / `aliases_en` and (diseases) `department`.
Edges are keyed by relation name, so one pair of nodes can hold several relations and
`has_edge(h, r, t)` is one dictionary lookup.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

import networkx as nx

from synth.vocabulary import NODE_TYPES, RELATIONS


class KGError(ValueError):
    """A bad node or edge, with where it came from."""


@dataclass(frozen=True)
class Edge:
    head: str
    relation: str
    tail: str

    def as_tuple(self) -> tuple[str, str, str]:
        return (self.head, self.relation, self.tail)


class KnowledgeGraph:
    def __init__(self):
        self.graph = nx.MultiDiGraph()
        self._by_type: dict[str, list[str]] | None = None
        self._adjacency: dict[tuple[str, str, bool], list[str]] | None = None  # (node, relation, forward) -> nodes
        self._types: dict[str, str] = {}  # kept as nodes are added (type lookups are the hottest call)

    # -- building -------------------------------------------------------------------------------
    def add_node(self, node_id: str, type: str, zh: str | None = None, en: str | None = None,
                 aliases_zh: Iterable[str] = (), aliases_en: Iterable[str] = (), department: str | None = None,
                 where: str = "") -> None:
        """Add a node, or merge into the node with this id (a differing name becomes an alias)."""
        if type not in NODE_TYPES:
            raise KGError(f"{where}node '{node_id}': unknown type '{type}' (types: {', '.join(NODE_TYPES)})")
        if not (zh or en):
            raise KGError(f"{where}node '{node_id}': needs a zh or en name")
        self._by_type = self._adjacency = None
        if node_id in self.graph:
            data = self.graph.nodes[node_id]
            if data["type"] != type:
                raise KGError(f"{where}node '{node_id}': type {type} conflicts with earlier type {data['type']}")
            for lang, name, aliases in (("zh", zh, aliases_zh), ("en", en, aliases_en)):
                known = data[f"aliases_{lang}"]
                if name and not data[lang]:
                    data[lang] = name
                elif name and name != data[lang] and name not in known:
                    known.append(name)
                known.extend(a for a in aliases if a and a != data[lang] and a not in known)
            if department and not data.get("department"):
                data["department"] = department
            return
        self._types[node_id] = type
        self.graph.add_node(node_id, type=type, zh=zh or None, en=en or None,
                            aliases_zh=[a for a in dict.fromkeys(aliases_zh) if a and a != zh],
                            aliases_en=[a for a in dict.fromkeys(aliases_en) if a and a != en],
                            department=department)

    def add_edge(self, head: str, relation: str, tail: str, where: str = "", check_types: bool = True) -> None:
        rel = RELATIONS.get(relation)
        if rel is None:
            raise KGError(f"{where}edge ({head}, {relation}, {tail}): unknown relation '{relation}'")
        for node in (head, tail):
            if node not in self.graph:
                raise KGError(f"{where}edge ({head}, {relation}, {tail}): node '{node}' is not defined")
        if check_types:
            got = (self.node_type(head), self.node_type(tail))
            if got != (rel.head, rel.tail):
                raise KGError(f"{where}edge ({head}, {relation}, {tail}): {relation} links {rel.head} -> {rel.tail}, "
                              f"got {got[0]} -> {got[1]}")
        self.graph.add_edge(head, tail, key=relation)
        self._adjacency = None

    # -- reading --------------------------------------------------------------------------------
    def __contains__(self, node_id: str) -> bool:
        return node_id in self.graph

    def __len__(self) -> int:
        return self.graph.number_of_nodes()

    def node(self, node_id: str) -> dict:
        return self.graph.nodes[node_id]

    def node_type(self, node_id: str) -> str:
        return self._types[node_id]

    def name(self, node_id: str, lang: str) -> str:
        """The node's name in `lang`, falling back to the other language."""
        data = self.graph.nodes[node_id]
        return data.get(lang) or data.get("en") or data.get("zh") or node_id

    def names(self, node_id: str, lang: str | None = None) -> list[str]:
        """Name and aliases (one language, or both)."""
        data = self.graph.nodes[node_id]
        out = []
        for code in ((lang,) if lang else ("zh", "en")):
            if data.get(code):
                out.append(data[code])
            out.extend(data.get(f"aliases_{code}", []))
        return out

    def has_edge(self, head: str, relation: str, tail: str) -> bool:
        return self.graph.has_edge(head, tail, key=relation)

    def out_edges(self, node_id: str, relation: str | None = None) -> list[Edge]:
        return [Edge(node_id, key, tail) for _, tail, key in self.graph.out_edges(node_id, keys=True)
                if relation is None or key == relation]

    def in_edges(self, node_id: str, relation: str | None = None) -> list[Edge]:
        return [Edge(head, key, node_id) for head, _, key in self.graph.in_edges(node_id, keys=True)
                if relation is None or key == relation]

    def _neighbours(self) -> dict[tuple[str, str, bool], list[str]]:
        # Path sampling asks the same (node, relation) questions thousands of times: answer from one index.
        if self._adjacency is None:
            index: dict[tuple[str, str, bool], list[str]] = {}
            for head, tail, key in self.graph.edges(keys=True):
                index.setdefault((head, key, True), []).append(tail)
                index.setdefault((tail, key, False), []).append(head)
            self._adjacency = {k: sorted(v) for k, v in index.items()}
            self._degree = dict(self.graph.degree())
        return self._adjacency

    def targets(self, node_id: str, relation: str) -> list[str]:
        return self._neighbours().get((node_id, relation, True), [])

    def sources(self, node_id: str, relation: str) -> list[str]:
        return self._neighbours().get((node_id, relation, False), [])

    def degree(self, node_id: str) -> int:
        self._neighbours()
        return self._degree.get(node_id, 0)

    def nodes_of_type(self, type: str) -> list[str]:
        if self._by_type is None:
            grouped: dict[str, list[str]] = {}
            for node, data in self.graph.nodes(data=True):
                grouped.setdefault(data["type"], []).append(node)
            self._by_type = {t: sorted(ns) for t, ns in grouped.items()}
        return self._by_type.get(type, [])

    def edges(self) -> Iterable[Edge]:
        for head, tail, key in self.graph.edges(keys=True):
            yield Edge(head, key, tail)

    def stats(self) -> dict:
        """Counts of nodes by type, edges by relation, name coverage per language, departments of diseases."""
        nodes = Counter(d["type"] for _, d in self.graph.nodes(data=True))
        edges = Counter(k for _, _, k in self.graph.edges(keys=True))
        diseases = self.nodes_of_type("Disease")
        departments = Counter(self.graph.nodes[d].get("department") or "none" for d in diseases)
        named = {lang: sum(1 for _, d in self.graph.nodes(data=True) if d.get(lang)) for lang in ("zh", "en")}
        degrees = sorted((self.graph.degree(n) for n in self.graph), reverse=True)
        return {"nodes": self.graph.number_of_nodes(), "edges": self.graph.number_of_edges(),
                "nodes_by_type": dict(sorted(nodes.items())), "edges_by_relation": dict(sorted(edges.items())),
                "named": named, "disease_departments": dict(sorted(departments.items())),
                "max_degree": degrees[0] if degrees else 0,
                "median_degree": degrees[len(degrees) // 2] if degrees else 0}
