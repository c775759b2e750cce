"""Exact matching without the dense matrix: candidates, then certification.

Pass 1 scores mentees block by block and keeps each one's best
``n_candidates`` mentors and a bound on the rest.  The candidate graph is
solved exactly (`solve_restricted`), and its dual prices are checked against
every pair left out: a mentee whose bound already passes needs no work, the
others are rescored and any pair with positive reduced profit is added.  The
loop ends when no pair can improve the solution, which LP duality makes the
optimum of the full problem (on scores rounded to ``1 / SCALE``).
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


@dataclass
class _Graph:
    rows: list[IntArray]
    cols: list[IntArray]
    scores: list[NDArray[np.float32]]

    def add(self, rows: IntArray, cols: IntArray, scores: NDArray[np.float32]) -> None:
        self.rows.append(rows)
        self.cols.append(cols)
        self.scores.append(scores)

    def arrays(self) -> tuple[IntArray, IntArray, NDArray[np.float32]]:
        return np.concatenate(self.rows), np.concatenate(self.cols), np.concatenate(self.scores)


def _quantise(score: NDArray[np.float32]) -> IntArray:
    """Round scores to integers in [0, SCALE]; -1 where not finite."""
    out = np.full(score.shape, -1, dtype=np.int64)
    finite = np.isfinite(score)
    out[finite] = np.rint(score[finite].astype(np.float64) * SCALE)
    return out


def _top(
    ids: NDArray[np.intp], score: NDArray[np.float32], allowed: NDArray[np.bool_], k: int
) -> tuple[IntArray, IntArray, NDArray[np.float32], IntArray]:
    """Keep each row's best ``k`` allowed columns; return edges and the best left out."""
    masked = np.where(allowed, score, -np.inf)
    n_cols = masked.shape[1]
    if k >= n_cols:
        order = np.broadcast_to(np.arange(n_cols), masked.shape)
        rest = np.full(len(ids), -1, dtype=np.int64)
    else:
        order = np.argpartition(-masked, k, axis=1)
        best_rest = masked[np.arange(len(ids)), order[:, k]]
        rest = _quantise(best_rest)
        order = order[:, :k]
    values = np.take_along_axis(masked, order, axis=1)
    keep = np.isfinite(values)
    rows = np.broadcast_to(np.asarray(ids, dtype=np.int64)[:, None], order.shape)[keep]
    return rows, order[keep].astype(np.int64), values[keep], rest


def _chunks(ids: NDArray[np.intp], size: int) -> list[NDArray[np.intp]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def exact_assignment(
    block: BlockFn, n: int, capacity: IntArray, n_candidates: int, block_size: int
) -> ExactResult:
    """Assign mentees to mentors: most matches, then largest total score.

    Parameters
    ----------
    block : callable
        ``block(ids)`` returns scores of mentees ``ids`` against every
        mentor, shape (len(ids), m), float32, -inf where forbidden.
    n : int
        Number of mentees.
    capacity : ndarray of shape (m,), int64
    n_candidates : int
        Mentors kept per mentee in the first pass and added per round.
    block_size : int
        Mentees scored at a time.

    Returns
    -------
    ExactResult
    """
    open_cols = capacity > 0
    graph = _Graph([], [], [])
    rest = np.empty(n, dtype=np.int64)
    for ids in _chunks(np.arange(n), block_size):
        r, c, s, rest[ids] = _top(ids, block(ids), open_cols[None, :], n_candidates)
        graph.add(r, c, s)
    bonus, rounds, rescored = lexicographic_bonus(n, SCALE), 0, 0
    while True:
        rows, cols, scores = graph.arrays()
        solution = solve_restricted(n, capacity, rows, cols, _quantise(scores), SCALE)
        rounds += 1
        floor = int(solution.column_price[open_cols].min()) if open_cols.any() else 0
        suspect = np.flatnonzero((rest >= 0) & (bonus + rest > solution.row_price + floor))
        added = 0
        for ids in _chunks(suspect, block_size):
            added += _add_improving(
                ids, block(ids), graph, rows, cols, solution, rest, open_cols, n_candidates
            )
        rescored += len(suspect)
        if added == 0:
            break
    return _result(n, rows, cols, scores, solution, rounds, rescored)


def _add_improving(
    ids: NDArray[np.intp],
    score: NDArray[np.float32],
    graph: _Graph,
    rows: IntArray,
    cols: IntArray,
    solution: Solution,
    rest: IntArray,
    open_cols: NDArray[np.bool_],
    n_add: int,
) -> int:
    """Add the pairs of mentees ``ids`` that could improve the solution; return how many."""
    position = np.full(len(rest), -1, dtype=np.int64)
    position[ids] = np.arange(len(ids))
    allowed = np.broadcast_to(open_cols, score.shape).copy()
    inside = position[rows] >= 0
    allowed[position[rows[inside]], cols[inside]] = False
    bonus = lexicographic_bonus(len(rest), SCALE)
    reduced = (bonus + _quantise(score)) - solution.row_price[ids][:, None]
    reduced -= solution.column_price[None, :]
    improving = allowed & np.isfinite(score) & (reduced > 0)
    # The best-scoring improving pairs first; the others stay under `rest`.
    r, c, s, _ = _top(ids, score, improving, n_add)
    graph.add(r, c, s)
    allowed[position[r], c] = False
    left = np.where(allowed & np.isfinite(score), score, -np.inf).max(axis=1)
    rest[ids] = _quantise(left)
    return len(r)


def _result(
    n: int,
    rows: IntArray,
    cols: IntArray,
    scores: NDArray[np.float32],
    solution: Solution,
    rounds: int,
    rescored: int,
) -> ExactResult:
    column = solution.column
    score = np.full(n, np.nan, dtype=np.float32)
    used = (column[rows] >= 0) & (cols == column[rows])
    score[rows[used]] = scores[used]
    return ExactResult(column, score, rounds, len(rows), rescored)
