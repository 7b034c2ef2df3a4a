"""Connected components of the candidate graph by min-label propagation on the executor.

Edges live in partition files, never in one place. Each round, every partition proposes for each of
its nodes the smallest label among its neighbours (one task per partition, in parallel); the driver
folds the proposals into the label vector (8 bytes per document) and shortcuts labels by pointer
jumping (label = label[label]) until nothing changes. Rounds are O(log of the component diameter)
thanks to the jumping, and the result (each node labelled by the smallest node id in its
component) does not depend on partitioning or order.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq


@dataclass(frozen=True)
class _Round:
    edges: str  # an edge partition file (columns a, b: int64 node ids)
    labels: np.ndarray


def _propose(job: _Round) -> tuple[np.ndarray, np.ndarray]:
    table = pq.read_table(job.edges)
    a = table.column("a").to_numpy()
    b = table.column("b").to_numpy()
    low = np.minimum(job.labels[a], job.labels[b])
    nodes = np.concatenate([a, b])
    proposals = np.concatenate([low, low])
    order = np.lexsort((proposals, nodes))
    nodes, proposals = nodes[order], proposals[order]
    first = np.r_[True, nodes[1:] != nodes[:-1]]
    return nodes[first], proposals[first]


def connected_components(edge_files: list[Path], n_nodes: int, executor, max_rounds: int = 100) -> np.ndarray:
    """Label per node: the smallest node id of its component (a node without edges labels itself)."""
    labels = np.arange(n_nodes, dtype=np.int64)
    files = [str(f) for f in edge_files if pq.ParquetFile(f).metadata.num_rows]
    for _ in range(max_rounds):
        before = labels.copy()
        for nodes, proposals in executor.map(_propose, [_Round(f, labels) for f in files], label="dedup: components"):
            np.minimum.at(labels, nodes, proposals)
        while True:  # pointer jumping: follow labels to their roots
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(labels, before):
            return labels
    raise RuntimeError(f"connected components did not converge in {max_rounds} rounds")
