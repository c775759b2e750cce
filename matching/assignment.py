"""Exact capacitated assignment on a sparse candidate graph, with dual prices.

The problem: rows (mentees) take at most one column (mentor), column ``j``
takes at most ``capacity[j]`` rows, edges carry integer weights; maximise the
number of matched rows first, then the total weight.  It is solved as a
maximum flow of minimum cost (OR-Tools) from a source through the rows and
the columns, capacities on the column -> sink arcs, and the dual prices that
prove optimality are recovered by shortest paths in the residual graph.  With the
prices any edge outside the graph can be checked: if no edge has a positive
reduced profit, the solution is optimal for the full graph (LP duality).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

__all__ = ["Solution", "lexicographic_bonus", "solve_restricted"]

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Solution:
    """An optimal assignment of the candidate graph and its dual prices.

    Attributes
    ----------
    column : ndarray of shape (n,), int64
        Column of each row, -1 when unmatched.
    row_price : ndarray of shape (n,), int64
        Dual ``u``: what a row earns, ``bonus + weight - column_price``.
    column_price : ndarray of shape (m,), int64
        Dual ``p >= 0``: 0 for a column with free capacity.
    """

    column: IntArray
    row_price: IntArray
    column_price: IntArray

    def reduced_profit(self, rows: IntArray, cols: IntArray, profit: IntArray) -> IntArray:
        """Return ``profit - u[rows] - p[cols]``; positive means the edge could improve."""
        return profit - self.row_price[rows] - self.column_price[cols]


def lexicographic_bonus(n_rows: int, max_weight: int) -> int:
    """Return a per-match bonus making one more match worth more than any weight."""
    return (n_rows + 1) * (max_weight + 1)


def _flow(
    n: int,
    capacity: IntArray,
    rows: IntArray,
    cols: IntArray,
    weight: IntArray,
    max_weight: int,
    bonus: int,
) -> IntArray:
    """Return the column of each row (-1 when unmatched) in an optimal flow.

    Nodes: rows ``0..n-1``, columns ``n..n+m-1``, a source and a sink.  The
    solver finds a maximum flow of minimum cost.  With the lexicographic
    bonus that is the objective itself (most matches, then most weight);
    with a smaller bonus each row also gets an arc straight to the sink, so
    every flow has value ``n`` and only the cost, ``-(bonus + weight)`` per
    match, decides.
    """
    m = len(capacity)
    source, sink = n + m, n + m + 1
    n_edges = len(rows)
    row_ids = np.arange(n, dtype=np.int64)
    tails = [np.full(n, source), rows, n + np.arange(m, dtype=np.int64)]
    heads = [row_ids, n + cols, np.full(m, sink)]
    capacities = [np.ones(n + n_edges, dtype=np.int64), capacity]
    costs = [np.zeros(n, dtype=np.int64), -weight, np.zeros(m, dtype=np.int64)]
    if bonus < lexicographic_bonus(n, max_weight):
        costs[1] = -(bonus + weight)
        tails.append(row_ids)
        heads.append(np.full(n, sink))
        capacities.append(np.ones(n, dtype=np.int64))
        costs.append(np.zeros(n, dtype=np.int64))
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails),
        np.concatenate(heads),
        np.concatenate(capacities),
        np.concatenate(costs),
    )
    flow.set_node_supply(source, n)
    flow.set_node_supply(sink, -n)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:  # pragma: no cover - integer data within range cannot fail
        raise RuntimeError(f"min-cost flow failed: {status}")
    used = flow.flows(np.arange(n, n + n_edges)) > 0
    column = np.full(n, -1, dtype=np.int64)
    column[rows[used]] = cols[used]
    return column


def solve_restricted(
    n: int,
    capacity: IntArray,
    rows: IntArray,
    cols: IntArray,
    weight: IntArray,
    max_weight: int,
    bonus: int | None = None,
) -> Solution:
    """Solve the capacitated assignment on the given edges exactly.

    Parameters
    ----------
    n : int
        Number of rows.
    capacity : ndarray of shape (m,), int64
    rows, cols : ndarray of shape (e,), int64
        Edges; each (row, col) at most once.
    weight : ndarray of shape (e,), int64
        Weights in ``[0, max_weight]``.
    max_weight : int
        Bound on the weights.
    bonus : int, optional
        Profit added per match; by default `lexicographic_bonus`, which
        maximises the number of matches first.  0 maximises the weight alone.

    Returns
    -------
    Solution
        The optimum and prices that certify it.
    """
    m = len(capacity)
    if bonus is None:
        bonus = lexicographic_bonus(n, max_weight)
    if len(rows) == 0:
        zeros = np.zeros(n, dtype=np.int64)
        column = np.full(n, -1, dtype=np.int64)
        return Solution(column=column, row_price=zeros, column_price=np.zeros(m, dtype=np.int64))
    column = _flow(n, capacity, rows, cols, weight, max_weight, bonus)
    profit = bonus + weight
    own = np.zeros(n, dtype=np.int64)
    used = (column[rows] >= 0) & (cols == column[rows])
    own[rows[used]] = profit[used]
    price = _column_prices(capacity, rows, cols, profit, column, own, used)
    row_price = own.copy()
    hit = column >= 0
    row_price[hit] -= price[column[hit]]
    row_price[~hit] = -price[m:]
    return Solution(column=column, row_price=row_price, column_price=price[:m])


def _dummy(n: int, column: IntArray) -> IntArray:
    """Index, among unmatched rows, of each row's dummy column (0 for matched rows)."""
    out = np.zeros(n, dtype=np.int64)
    unmatched = column < 0
    out[unmatched] = np.arange(int(unmatched.sum()))
    return out


def _column_prices(
    capacity: IntArray,
    rows: IntArray,
    cols: IntArray,
    profit: IntArray,
    column: IntArray,
    own_profit: IntArray,
    used: NDArray[np.bool_],
) -> IntArray:
    """Return prices of mentors then of used dummy columns, as shortest-path distances.

    Node ids: mentors ``0..m-1``, the dummy of each unmatched row after them,
    and a source last.  An edge (i, c) not used by row i gives the arc
    ``c -> column(i)`` of length ``profit(i, column(i)) - profit(i, c)``; a free
    mentor or a matched row's free dummy hangs off the source.
    """
    m, n = len(capacity), len(column)
    unmatched = column < 0
    source = m + int(unmatched.sum())
    node_of_row = np.where(unmatched, m + _dummy(n, column), column)
    load = np.bincount(column[~unmatched], minlength=m)
    free = np.flatnonzero(load < capacity)
    matched_rows = np.flatnonzero(~unmatched)
    tail = np.concatenate((cols[~used], np.full(len(free) + len(matched_rows), source)))
    head = np.concatenate((node_of_row[rows[~used]], free, column[matched_rows]))
    length = np.concatenate(
        (
            own_profit[rows[~used]] - profit[~used],
            np.zeros(len(free), dtype=np.int64),
            own_profit[matched_rows],
        )
    )
    # A mentor left unreached (no edge, no capacity) never matters: price 0.
    return _shortest_from(source, tail, head, length, source + 1)[:source]


def _shortest_from(
    source: int, tail: IntArray, head: IntArray, length: IntArray, n_nodes: int
) -> IntArray:
    """Bellman-Ford distances from ``source`` (no negative cycle), 0 where unreachable.

    Vectorised label correcting: each pass relaxes only the arcs leaving
    nodes whose distance fell in the previous pass, so the number of passes
    is the largest number of arcs on a shortest path, not ``n_nodes``.
    """
    order = np.argsort(head, kind="stable")
    tail, head, length = tail[order], head[order], length[order]
    distance = np.full(n_nodes, np.iinfo(np.int64).max, dtype=np.int64)
    distance[source] = 0
    changed = np.zeros(n_nodes, dtype=bool)
    changed[source] = True
    for _ in range(n_nodes):
        live = changed[tail]
        if not live.any():
            break
        to = head[live]
        candidate = distance[tail[live]] + length[live]
        start = np.flatnonzero(np.concatenate(([True], to[1:] != to[:-1])))
        to = to[start]
        best = np.minimum.reduceat(candidate, start)
        better = best < distance[to]
        changed[:] = False
        changed[to[better]] = True
        distance[to[better]] = best[better]
    distance[distance == np.iinfo(np.int64).max] = 0
    return distance
