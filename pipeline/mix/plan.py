"""How many times each document appears in a mix.

Per group g with target share s_g of budget B, documents keep their relative repeat weights r_i and
are scaled by one factor f_g so that sum_i t_i * min(r_i * f_g, cap) = s_g * B (water-filling over
the cap, solved by bisection). Expected epochs become whole counts by deterministic weighted
rounding (see _round_exact), u a seeded hash of the id, so a fractional epoch is a subsample, a
group's total is exact, and reruns pick the same documents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

from pipeline.mix.policy import OTHER, MixPolicy


@dataclass
class Allocation:
    counts: np.ndarray  # occurrences per document
    groups: np.ndarray  # group label per document (str objects)
    targets: dict[str, float | None]  # resolved share per group (None: excluded, no share left)
    budget: int
    available: dict[str, int]  # tokens per group at one epoch each


def uniform_hash(ids: list[str], seed: int, salt: str = "") -> np.ndarray:
    """A deterministic uniform [0, 1) number per id."""
    prefix = f"{seed}:{salt}:".encode()
    values = np.fromiter((xxhash.xxh3_64_intdigest(prefix + i.encode("utf-8")) for i in ids), dtype=np.uint64, count=len(ids))
    return (values >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def where_mask(table: pa.Table, where: dict) -> np.ndarray:
    mask = np.ones(table.num_rows, bool)
    for column, condition in where.items():
        if column not in table.column_names:
            raise KeyError(f"mix where: column '{column}' does not exist (columns: {', '.join(table.column_names)})")
        values = table.column(column)
        if isinstance(condition, dict):
            unknown = set(condition) - {"min", "max", "in", "not_in"}
            if unknown:
                raise ValueError(f"mix where.{column}: unknown keys {sorted(unknown)} (use min, max, in, not_in)")
            if "min" in condition:
                mask &= pc.fill_null(pc.greater_equal(values, condition["min"]), False).to_numpy(zero_copy_only=False)
            if "max" in condition:
                mask &= pc.fill_null(pc.less_equal(values, condition["max"]), False).to_numpy(zero_copy_only=False)
            if "in" in condition:
                mask &= pc.is_in(values, value_set=pa.array(condition["in"])).to_numpy(zero_copy_only=False)
            if "not_in" in condition:
                mask &= ~pc.is_in(values, value_set=pa.array(condition["not_in"])).to_numpy(zero_copy_only=False)
        elif isinstance(condition, list):
            mask &= pc.is_in(values, value_set=pa.array(condition)).to_numpy(zero_copy_only=False)
        else:
            mask &= pc.fill_null(pc.equal(values, condition), False).to_numpy(zero_copy_only=False)
    return mask


def group_column(table: pa.Table, policy: MixPolicy) -> str:
    for column in policy.group_by:
        if column in table.column_names:
            return column
    raise KeyError(f"mix '{policy.name}': none of group_by {policy.group_by} exists (columns: {', '.join(table.column_names)})")


def _scale_for(tokens: np.ndarray, weights: np.ndarray, cap: float, target: float) -> np.ndarray:
    """Epochs e_i = min(w_i * f, cap) with sum t_i e_i as close to target as the cap allows."""
    if target <= 0 or tokens.sum() == 0:
        return np.zeros_like(weights)
    capacity = float((tokens * np.where(weights > 0, cap, 0)).sum())
    if target >= capacity:
        return np.where(weights > 0, cap, 0.0)
    low, high = 0.0, 1.0
    while float((tokens * np.minimum(weights * high, cap)).sum()) < target:
        high *= 2
    for _ in range(60):
        mid = (low + high) / 2
        if float((tokens * np.minimum(weights * mid, cap)).sum()) < target:
            low = mid
        else:
            high = mid
    return np.minimum(weights * high, cap)


def _round_exact(epochs: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Whole occurrences: floor(e) each, plus one more for round(sum of fractions) documents drawn
    without replacement with probability proportional to their fraction (Efraimidis-Spirakis keys
    u^(1/frac)), so a group's total is exact and the draw depends only on the seed and the ids."""
    whole = np.floor(epochs)
    fraction = epochs - whole
    extra = int(round(float(fraction.sum())))
    counts = whole.astype(np.int64)
    if extra:
        with np.errstate(divide="ignore"):
            keys = np.where(fraction > 0, np.log(np.maximum(u, 1e-300)) / np.maximum(fraction, 1e-300), -np.inf)
        counts[np.argsort(-keys, kind="stable")[:extra]] += 1
    return counts


def _redistribute(targets: dict[str, float], capacity: dict[str, float], budget: float) -> dict[str, float]:
    """Tokens per group: share x budget, except that a group whose documents cannot supply that even
    at the epoch cap is fixed at its capacity and the rest of the budget is re-split among the others
    in proportion to their shares (water-filling), so the budget holds while any group can grow."""
    fixed: dict[str, float] = {}
    while True:
        free = [g for g in targets if g not in fixed]
        share = sum(targets[g] for g in free)
        if not free or share <= 0:
            return {**fixed, **{g: 0.0 for g in free}}
        remaining = max(0.0, budget - sum(fixed.values()))
        wanted = {g: remaining * targets[g] / share for g in free}
        short = [g for g in free if wanted[g] > capacity.get(g, 0.0)]
        if not short:
            return {**fixed, **wanted}
        for g in short:
            fixed[g] = capacity.get(g, 0.0)


def allocate(table: pa.Table, policy: MixPolicy, seed: int, weights: np.ndarray) -> Allocation:
    """`table` holds the selected documents (id, tokens, the group column); weights are their repeat factors."""
    column = group_column(table, policy)
    groups = np.asarray([("null" if g is None else str(g)) for g in table.column(column).to_pylist()], dtype=object)
    tokens = table.column("tokens").to_numpy().astype(np.float64)
    weights = np.minimum(np.asarray(weights, np.float64), policy.max_epochs)
    names = sorted(set(groups.tolist()))
    available = {g: int(tokens[groups == g].sum()) for g in names}
    natural = {g: float((tokens * weights)[groups == g].sum()) for g in names}
    budget = policy.token_budget or int(round(sum(natural.values())))

    named = {g: s for g, s in policy.targets.items() if g != OTHER}
    rest = [g for g in names if g not in named]
    rest_share = policy.targets.get(OTHER, max(0.0, 1.0 - sum(named.values())))
    rest_natural = sum(natural[g] for g in rest)
    targets: dict[str, float | None] = {g: named.get(g, 0.0) for g in names if g in named}
    for g in rest:
        targets[g] = rest_share * natural[g] / rest_natural if rest_natural > 0 else 0.0
    for g in named:
        targets.setdefault(g, named[g])  # a named group with no documents: reported as a shortfall

    capacity = {g: float((tokens * np.where(weights > 0, policy.max_epochs, 0))[groups == g].sum()) for g in names}
    wanted = (_redistribute(targets, capacity, budget) if policy.redistribute_shortfall
              else {g: share * budget for g, share in targets.items()})
    u = uniform_hash(table.column("id").to_pylist(), seed, salt=policy.name)
    counts = np.zeros(len(groups), np.int64)
    for g in names:
        members = np.flatnonzero(groups == g)
        epochs = _scale_for(tokens[members], weights[members], policy.max_epochs, wanted[g])
        counts[members] = _round_exact(epochs, u[members])
    return Allocation(counts=counts, groups=groups, targets=targets, budget=budget, available=available)
