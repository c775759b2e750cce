"""Exact matching without the dense matrix: candidates, then certification by pricing.

Pass 1 scores mentees block by block and keeps each one's best
``RESERVE * n_candidates`` mentors (the best ``n_candidates`` of them active)
and a bound on the rest.  The active graph is solved exactly
(`solve_restricted`), and its dual prices price every pair left out: reserve
pairs cost nothing to check, and every reserve pair that could improve the
solution joins the graph, which is solved again.  When no reserve pair can
improve, a mentee's left-out pair (i, j) can only improve if mentor j's price
is below a limit set by the mentee's bound and price; only such mentees are
scored again, and only against the mentors priced below it (a few per mentee,
not all of them).  Those pairs join the pool, the improving ones the graph,
and the mentee keeps that price as a cover: later rounds need score it again
only if a mentor priced above the cover then became cheap enough.  The loop
ends when no pair can improve, which LP duality makes the optimum of the full
problem (on scores rounded to ``1 / SCALE``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matching.assignment import IntArray, Solution, lexicographic_bonus, solve_restricted

__all__ = ["SCALE", "ExactResult", "exact_assignment"]

SCALE = 1_000_000
BlockFn = Callable[[NDArray[np.intp], NDArray[np.intp] | None], NDArray[np.float32]]


@dataclass(frozen=True)
class ExactResult:
    """An optimal mentee -> mentor assignment and how it was found.

    Attributes
    ----------
    column : ndarray of shape (n,), int64
        Mentor of each mentee, -1 when unmatched.
    score : ndarray of shape (n,), float32
        Score of each mentee's pair, NaN when unmatched.
    rounds : int
        Solves of the candidate graph (1 = the first candidates were enough).
    n_edges : int
        Candidate pairs in the final graph.
    n_rescored : int
        Mentee rows scored again to certify optimality.
    """

    column: IntArray
    score: NDArray[np.float32]
    rounds: int
    n_edges: int
    n_rescored: int


def _quantise(score: NDArray[np.float32]) -> IntArray:
    """Round scores to integers in [0, SCALE]; -1 where not finite."""
    out = np.full(score.shape, -1, dtype=np.int64)
    finite = np.isfinite(score)
    out[finite] = np.rint(score[finite].astype(np.float64) * SCALE)
    return out


def _top(
    ids: NDArray[np.intp], score: NDArray[np.float32], k: int
) -> tuple[IntArray, IntArray, NDArray[np.float32], IntArray, IntArray]:
    """Keep each row's best ``k`` finite columns, best first.

    Returns rows, columns, scores, rank of each edge within its row and the
    quantised best score left out per row (-1 if none).
    """
    n_cols = score.shape[1]
    if k >= n_cols:
        order = np.broadcast_to(np.arange(n_cols), score.shape)
        rest = np.full(len(ids), -1, dtype=np.int64)
    else:
        order = np.argpartition(-score, k, axis=1)
        rest = _quantise(score[np.arange(len(ids)), order[:, k]])
        order = order[:, :k]
    values = np.take_along_axis(score, order, axis=1)
    by_value = np.argsort(-values, axis=1, kind="stable")
    order = np.take_along_axis(order, by_value, axis=1)
    values = np.take_along_axis(values, by_value, axis=1)
    keep = np.isfinite(values)
    rank = np.broadcast_to(np.arange(order.shape[1]), order.shape)[keep]
    rows = np.broadcast_to(np.asarray(ids, dtype=np.int64)[:, None], order.shape)[keep]
    return rows, order[keep].astype(np.int64), values[keep], rank.astype(np.int64), rest


def _chunks(ids: NDArray[np.intp], size: int) -> list[NDArray[np.intp]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


@dataclass
class _Pool:
    """Scored pairs kept for pricing; ``active`` ones are in the solved graph."""

    rows: IntArray
    cols: IntArray
    scores: NDArray[np.float32]
    weight: IntArray
    active: NDArray[np.bool_]

    def extend(
        self,
        rows: IntArray,
        cols: IntArray,
        scores: NDArray[np.float32],
        weight: IntArray,
        active: NDArray[np.bool_],
    ) -> None:
        self.rows = np.concatenate((self.rows, rows))
        self.cols = np.concatenate((self.cols, cols))
        self.scores = np.concatenate((self.scores, scores))
        self.weight = np.concatenate((self.weight, weight))
        self.active = np.concatenate((self.active, active))


RESERVE = 10
"""Mentors kept per mentee for pricing, as a multiple of ``n_candidates``."""


@dataclass
class _Bounds:
    """What is known of each mentee's pairs outside the pool.

    Every pair of mentee ``i`` left out scores at most ``rest[i]`` (-1: none is
    left out).  A mentee scored again at the column prices ``prices[seen[i]]``
    has every allowed pair with a column priced below ``cover[i]`` there in the
    pool; a mentee never scored again has ``seen[i] == -1``.
    """

    rest: IntArray
    cover: IntArray
    seen: IntArray
    prices: list[IntArray]

    def cheapest(self, price: IntArray) -> IntArray:
        """Return, per mentee, the least of ``price`` over columns it may have left out."""
        out = np.full(len(self.rest), _HIGH, dtype=np.int64)
        out[self.seen < 0] = price.min()
        for k, old in enumerate(self.prices):
            rows = np.flatnonzero(self.seen == k)
            if len(rows) == 0:
                continue
            order = np.argsort(old, kind="stable")
            # Least current price over the columns at or after each place of the old order.
            least = np.append(np.minimum.accumulate(price[order][::-1])[::-1], _HIGH)
            out[rows] = least[np.searchsorted(old[order], self.cover[rows], side="left")]
        return out


_HIGH = np.iinfo(np.int64).max


def exact_assignment(
    block: BlockFn,
    n: int,
    capacity: IntArray,
    n_candidates: int,
    block_size: int,
    match_first: bool = True,
    reserve: int = RESERVE,
) -> ExactResult:
    """Assign mentees to mentors with the largest total score.

    Parameters
    ----------
    block : callable
        ``block(ids, cols)`` returns scores of mentees ``ids`` against the
        mentors ``cols`` (every mentor when ``None``), shape (len(ids),
        len(cols)), float32, -inf where forbidden.
    n : int
        Number of mentees.
    capacity : ndarray of shape (m,), int64
    n_candidates : int
        Mentors per mentee in the first graph; ``reserve`` times as many are
        kept for pricing.
    block_size : int
        Mentees scored at a time.
    match_first : bool
        Maximise the number of matched mentees first (a bonus per match
        larger than any total score), then the score.
    reserve : int
        See ``n_candidates``; any value >= 1 gives the same optimum.

    Returns
    -------
    ExactResult
    """
    capacity = np.asarray(capacity, dtype=np.int64)
    closed = capacity <= 0
    parts: list[tuple[IntArray, IntArray, NDArray[np.float32], IntArray]] = []
    rest = np.empty(n, dtype=np.int64)
    for ids in _chunks(np.arange(n), block_size):
        score = block(ids, None)
        score[:, closed] = -np.inf
        r, c, s, rank, rest[ids] = _top(ids, score, reserve * n_candidates)
        parts.append((r, c, s, rank))
    rows, cols, scores, rank = (np.concatenate(p) for p in zip(*parts, strict=True))
    pool = _Pool(rows, cols, scores, _quantise(scores), rank < n_candidates)
    bounds = _Bounds(rest, np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64), [])
    bonus = lexicographic_bonus(n, SCALE) if match_first else 0
    rounds, rescored = 0, 0
    while True:
        active = pool.active
        solution = solve_restricted(
            n, capacity, pool.rows[active], pool.cols[active], pool.weight[active], SCALE, bonus
        )
        rounds += 1
        added = _activate(pool, solution, bonus)
        # Score mentees again only once few reserve pairs help: the prices have settled.
        if added * 100 <= n:
            price = np.where(closed, _HIGH, solution.column_price)
            # A left-out pair (i, j) can improve only if price[j] < limit[i].
            limit = bonus + bounds.rest - solution.row_price
            suspect = np.flatnonzero((bounds.rest >= 0) & (bounds.cheapest(price) < limit))
            added += _rescore(
                block, suspect, limit[suspect], price, pool, solution, bonus, bounds, block_size
            )
            bounds.prices.append(price)
            rescored += len(suspect)
        if added == 0:
            break
    return _result(n, pool, solution, rounds, rescored)


def _activate(pool: _Pool, solution: Solution, bonus: int) -> int:
    """Move reserve pairs that could improve the solution into the graph; return how many."""
    idle = np.flatnonzero(~pool.active)
    profit = bonus + pool.weight[idle]
    wake = idle[solution.reduced_profit(pool.rows[idle], pool.cols[idle], profit) > 0]
    pool.active[wake] = True
    return len(wake)


def _rescore(
    block: BlockFn,
    suspect: IntArray,
    limit: IntArray,
    price: IntArray,
    pool: _Pool,
    solution: Solution,
    bonus: int,
    bounds: _Bounds,
    block_size: int,
) -> int:
    """Score ``suspect`` mentees again where a pair could improve; return how many improve.

    Mentees go in blocks of like ``limit``, each scored only against the columns
    priced below its block's largest limit: every other column's pairs are
    bounded by ``rest``.  All allowed pairs scored and not yet in the pool join
    it, active when they improve the solution; the block's mentees get that
    largest limit as their ``cover`` at these prices.
    """
    if len(suspect) == 0:
        return 0
    order = np.argsort(limit, kind="stable")
    suspect, limit = suspect[order], limit[order]
    by_price = np.argsort(price, kind="stable")
    sorted_price = price[by_price]
    chunks = _chunks(np.arange(len(suspect)), block_size)
    top = np.full(len(bounds.rest), np.iinfo(np.int64).min, dtype=np.int64)
    for k in chunks:
        top[suspect[k]] = limit[k[-1]]
    # Pairs already in the pool that a block would score again.
    known = np.flatnonzero(price[pool.cols] < top[pool.rows])
    found: list[tuple[IntArray, IntArray, NDArray[np.float32]]] = []
    for k in chunks:
        ids = suspect[k]
        cols = np.sort(by_price[: np.searchsorted(sorted_price, top[ids[0]], side="left")])
        score = block(ids, cols)
        at_row = np.full(len(bounds.rest), -1, dtype=np.int64)
        at_row[ids] = np.arange(len(ids))
        at_col = np.full(len(price), -1, dtype=np.int64)
        at_col[cols] = np.arange(len(cols))
        r, c = at_row[pool.rows[known]], at_col[pool.cols[known]]
        score[r[(r >= 0) & (c >= 0)], c[(r >= 0) & (c >= 0)]] = -np.inf
        r, c = np.nonzero(np.isfinite(score))
        found.append((ids[r].astype(np.int64), cols[c].astype(np.int64), score[r, c]))
        bounds.cover[ids] = top[ids]
        bounds.seen[ids] = len(bounds.prices)
    rows, cols, scores = (np.concatenate(f) for f in zip(*found, strict=True))
    order = np.lexsort((cols, rows))
    rows, cols, scores = rows[order], cols[order], scores[order]
    weight = _quantise(scores)
    improve = solution.reduced_profit(rows, cols, bonus + weight) > 0
    pool.extend(rows, cols, scores, weight, improve)
    return int(improve.sum())


def _result(n: int, pool: _Pool, solution: Solution, rounds: int, rescored: int) -> ExactResult:
    column = solution.column
    score = np.full(n, np.nan, dtype=np.float32)
    used = (column[pool.rows] >= 0) & (pool.cols == column[pool.rows])
    score[pool.rows[used]] = pool.scores[used]
    return ExactResult(column, score, rounds, int(pool.active.sum()), rescored)
