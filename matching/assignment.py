"""Exact capacitated assignment on a sparse candidate graph, with dual prices.

The problem: rows (mentees) take at most one column (mentor), column ``j``
takes at most ``capacity[j]`` rows, edges carry integer weights; maximise the
number of matched rows first, then the total weight.  It is solved as a
min-cost full matching (scipy's sparse LAPJV) on capacity-expanded columns
plus one "stay unmatched" column per row, and the dual prices that prove
optimality are recovered by shortest paths in the residual graph.  With the
prices any edge outside the graph can be checked: if no edge has a positive
reduced profit, the solution is optimal for the full graph (LP duality).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.csgraph import min_weight_full_bipartite_matching, shortest_path

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


def _expand(
    n: int, capacity: IntArray, rows: IntArray, cols: IntArray, cost: IntArray, dummy_cost: int
) -> tuple[sp.csr_matrix, IntArray]:
    """Build the biadjacency of rows x (slots + one dummy per row); return it and slot owners."""
    degree = np.bincount(cols, minlength=len(capacity))
    slots = np.minimum(capacity, degree)
    offset = np.concatenate(([0], np.cumsum(slots)))
    n_slots = int(offset[-1])
    per_edge = slots[cols]
    edge_of = np.repeat(np.arange(len(rows)), per_edge)
    rank = np.arange(len(edge_of)) - np.repeat(np.cumsum(per_edge) - per_edge, per_edge)
    r = np.concatenate((rows[edge_of], np.arange(n)))
    c = np.concatenate((offset[cols[edge_of]] + rank, n_slots + np.arange(n)))
    data = np.concatenate((cost[edge_of], np.full(n, dummy_cost))).astype(np.float64)
    owner = np.repeat(np.arange(len(capacity)), slots)
    return sp.csr_matrix((data, (r, c)), shape=(n, n_slots + n)), owner


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
    profit = bonus + weight
    # Costs must be positive: sparse zeros would not be edges.
    dummy_cost = bonus + max_weight + 1
    column = np.full(n, -1, dtype=np.int64)
    if len(rows) == 0:
        zeros = np.zeros(n, dtype=np.int64)
        return Solution(column=column, row_price=zeros, column_price=np.zeros(m, dtype=np.int64))
    graph, owner = _expand(n, capacity, rows, cols, dummy_cost - profit, dummy_cost)
    matched_row, matched_col = min_weight_full_bipartite_matching(graph)
    real = matched_col < len(owner)
    column[matched_row[real]] = owner[matched_col[real]]
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
    distance = _shortest_from(source, tail, head, length, source + 1)
    distance[np.isinf(distance)] = 0  # a mentor with no edge and no capacity never matters
    return np.rint(distance[:source]).astype(np.int64)


def _shortest_from(
    source: int, tail: IntArray, head: IntArray, length: IntArray, n_nodes: int
) -> NDArray[np.float64]:
    """Bellman-Ford distances from ``source``; parallel arcs keep the shortest."""
    order = np.lexsort((length, tail * n_nodes + head))
    key = (tail * n_nodes + head)[order]
    first = np.concatenate(([True], key[1:] != key[:-1]))
    tail, head, length = tail[order][first], head[order][first], length[order][first]
    # csgraph keeps explicit zeros of a csr matrix as zero-length arcs.
    graph = sp.csr_matrix((length.astype(np.float64), (tail, head)), shape=(n_nodes, n_nodes))
    return np.asarray(shortest_path(graph, method="BF", directed=True, indices=source))
