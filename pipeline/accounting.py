"""Per-shard results and their sums: counts by reason kind, additive summaries."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from schemas.manifest import Counts


# Reasons that carry a per-row detail (a survivor id) are counted under their prefix alone;
# others keep their detail (`quality:gopher_min_words`, `lang_not_allowed:fr`).
PER_ROW_DETAIL = ("duplicate_of",)


def count_reasons(reasons: pa.Array | pa.ChunkedArray) -> dict[str, int]:
    """Counts by reason of a non-null string array of reasons."""
    if len(reasons) == 0:
        return {}
    kinds = pc.replace_substring_regex(reasons, f"^({'|'.join(PER_ROW_DETAIL)}):.*$", r"\1")
    counts = pc.value_counts(kinds)
    return {str(v): int(n) for v, n in zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist())}


def merge_summaries(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Sum nested dicts of numbers (and lists of numbers, element-wise): shard summaries -> stage summary."""
    total: dict[str, Any] = {}
    for part in parts:
        for key, value in part.items():
            if isinstance(value, dict):
                total[key] = merge_summaries([total.get(key, {}), value])
            elif isinstance(value, list):
                current = total.get(key) or [0] * len(value)
                total[key] = [a + b for a, b in zip(current, value)]
            elif isinstance(value, (int, float)):
                total[key] = total.get(key, 0) + value
            else:
                total[key] = value
    return total


def sum_counts(results: list[dict[str, Any]]) -> Counts:
    by_reason: Counter = Counter()
    for result in results:
        by_reason.update(result["counts"]["by_reason"])
    return Counts(
        rows_in=sum(r["counts"]["rows_in"] for r in results),
        kept=sum(r["counts"]["kept"] for r in results),
        rejected=sum(r["counts"]["rejected"] for r in results),
        by_reason=dict(sorted(by_reason.items())),
    )
