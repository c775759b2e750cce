"""Exact matching without the dense matrix: candidates, then certification by pricing.

Pass 1 scores mentees block by block and keeps each one's best
``RESERVE * n_candidates`` mentors (the best ``n_candidates`` of them active)
and a bound on the rest.  The active graph is solved exactly
(`solve_restricted`), and its dual prices price every pair left out: reserve
pairs cost nothing to check, and every reserve pair that could improve the
solution joins the graph, which is solved again.  When no reserve pair can
improve, only a mentee whose bound on the pairs left out does not pass is
scored again, and its improving pairs join the graph.  A mentee scored again
keeps a slack that bounds its left-out pairs under later prices, so it is
rarely scored a third time.  The loop ends when no pair can improve, which LP duality makes
the optimum of the full problem (on scores rounded to ``1 / SCALE``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matching.assignment import IntArray, Solution, lexicographic_bonus, solve_restricted

__all__ = ["SCALE", "ExactResult", "exact_assignment"]

SCALE = 1_000_000
BlockFn = Callable[[NDArray[np.intp]], NDArray[np.float32]]


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

    def extend(self, rows: IntArray, cols: IntArray, scores: NDArray[np.float32]) -> None:
        self.rows = np.concatenate((self.rows, rows))
        self.cols = np.concatenate((self.cols, cols))
        self.scores = np.concatenate((self.scores, scores))
        self.weight = np.concatenate((self.weight, _quantise(scores)))
        self.active = np.concatenate((self.active, np.ones(len(rows), dtype=bool)))


RESERVE = 10
"""Mentors kept per mentee for pricing, as a multiple of ``n_candidates``."""


@dataclass
class _Bounds:
    """What is known of each mentee's pairs outside the pool.

    A mentee never scored again has ``rest``: its best score left out (-1 if
    none).  A mentee scored again at prices ``(u, p)`` of round ``seen`` has
    ``slack = min(u + p[j] - profit(j))`` over the pairs left out (-1 if
    none); with new prices ``(u', p')`` a left-out pair gains at most
    ``u - u' + max(p - p') - slack``.
    """

    rest: IntArray
    slack: IntArray
    row_price: IntArray
    seen: IntArray
    prices: list[IntArray]

    def suspects(self, solution: Solution, bonus: int, open_: NDArray[np.bool_]) -> IntArray:
        """Return mentees whose left-out pairs might improve ``solution``."""
        price, u = solution.column_price, solution.row_price
        floor = int(price[open_].min()) if open_.any() else 0
        suspect = (self.rest >= 0) & (bonus + self.rest - floor > u)
        drop = np.array([int((old - price).max()) for old in self.prices], dtype=np.int64)
        known = self.slack >= 0
        seen = self.seen[known]
        suspect[known] = self.row_price[known] - u[known] + drop[seen] > self.slack[known]
        return np.flatnonzero(suspect)


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
        ``block(ids)`` returns scores of mentees ``ids`` against every
        mentor, shape (len(ids), m), float32, -inf where forbidden.
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
        score = block(ids)
        score[:, closed] = -np.inf
        r, c, s, rank, rest[ids] = _top(ids, score, reserve * n_candidates)
        parts.append((r, c, s, rank))
    rows, cols, scores, rank = (np.concatenate(p) for p in zip(*parts, strict=True))
    pool = _Pool(rows, cols, scores, _quantise(scores), rank < n_candidates)
    unknown = np.full(n, -1, dtype=np.int64)
    bounds = _Bounds(rest, unknown, unknown.copy(), unknown.copy(), [])
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
            suspect = bounds.suspects(solution, bonus, ~closed)
            for ids in _chunks(suspect, block_size):
                added += _rescore(ids, block(ids), closed, pool, solution, bounds, bonus)
            bounds.prices.append(solution.column_price)
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
    ids: NDArray[np.intp],
    score: NDArray[np.float32],
    closed: NDArray[np.bool_],
    pool: _Pool,
    solution: Solution,
    bounds: _Bounds,
    bonus: int,
) -> int:
    """Add the pairs of mentees ``ids`` that could improve the solution; return how many.

    The pairs left out get a slack in ``bounds`` for the next rounds.
    """
    position = np.full(len(bounds.rest), -1, dtype=np.int64)
    position[ids] = np.arange(len(ids))
    score[:, closed] = -np.inf
    known = position[pool.rows] >= 0
    score[position[pool.rows[known]], pool.cols[known]] = -np.inf
    weight = _quantise(score)
    u = solution.row_price[ids]
    slack = u[:, None] + solution.column_price[None, :] - (bonus + weight)
    r, c = np.nonzero((weight >= 0) & (slack < 0))
    pool.extend(np.asarray(ids, dtype=np.int64)[r], c.astype(np.int64), score[r, c])
    slack[weight < 0] = np.iinfo(np.int64).max
    slack[r, c] = np.iinfo(np.int64).max
    least = slack.min(axis=1)
    bounds.slack[ids] = np.where(least == np.iinfo(np.int64).max, -1, least)
    bounds.rest[ids] = -1
    bounds.row_price[ids] = u
    bounds.seen[ids] = len(bounds.prices)
    return len(r)


def _result(n: int, pool: _Pool, solution: Solution, rounds: int, rescored: int) -> ExactResult:
    column = solution.column
    score = np.full(n, np.nan, dtype=np.float32)
    used = (column[pool.rows] >= 0) & (pool.cols == column[pool.rows])
    score[pool.rows[used]] = pool.scores[used]
    return ExactResult(column, score, rounds, int(pool.active.sum()), rescored)
