"""The sparse exact solver against a dense exact solver, with pricing exercised."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

from matching.exact import SCALE, exact_assignment


def _dense(scores: NDArray[np.float32], capacity: NDArray[np.int64], match_first: bool) -> int:
    """Optimal total of quantised scores on the capacity-expanded matrix."""
    cols = np.repeat(np.arange(len(capacity)), capacity)
    if len(cols) == 0:
        return 0
    quantised = np.rint(scores[:, cols].astype(np.float64) * SCALE)
    bonus = (len(scores) + 1) * (SCALE + 1) if match_first else 0
    gain = np.where(np.isfinite(quantised), bonus + quantised + 1e-3, 0.0)
    r, c = linear_sum_assignment(gain, maximize=True)
    hit = gain[r, c] > 0
    return int(quantised[r, c][hit].sum())


def _check(seed: int, n: int, m: int, n_candidates: int, reserve: int, match_first: bool) -> None:
    rng = np.random.default_rng(seed)
    # Coarse scores make ties, which the pricing must handle too.
    scores = (rng.integers(0, 8, size=(n, m)) / 7).astype(np.float32)
    scores[rng.random((n, m)) < 0.3] = -np.inf
    capacity = rng.integers(0, 4, size=m).astype(np.int64)

    def block(ids: NDArray[np.intp], cols: NDArray[np.intp] | None) -> NDArray[np.float32]:
        return scores[ids].copy() if cols is None else scores[np.ix_(ids, cols)]

    result = exact_assignment(block, n, capacity, n_candidates, 4, match_first, reserve)
    hit = result.column >= 0
    rows = hit.nonzero()[0]
    assert np.all(np.bincount(result.column[hit], minlength=m) <= capacity)
    assert np.array_equal(result.score[hit], scores[rows, result.column[hit]])
    assert np.all(np.isfinite(result.score[hit]))
    total = int(np.rint(result.score[hit].astype(np.float64) * SCALE).sum())
    assert total == _dense(scores, capacity, match_first)
    if match_first:
        cols = np.repeat(np.arange(m), capacity)
        feasible = np.isfinite(scores[:, cols])
        r, c = linear_sum_assignment(-feasible.astype(float))
        assert hit.sum() == feasible[r, c].sum()


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 30),
    m=st.integers(1, 15),
    n_candidates=st.integers(1, 3),
    reserve=st.integers(1, 3),
    match_first=st.booleans(),
)
def test_pricing_certifies_the_dense_optimum(
    seed: int, n: int, m: int, n_candidates: int, reserve: int, match_first: bool
) -> None:
    _check(seed, n, m, n_candidates, reserve, match_first)


@pytest.mark.parametrize("match_first", [True, False])
def test_mentees_scored_again_are_priced_again(match_first: bool) -> None:
    """One candidate and no reserve: most optima need mentees scored more than once."""
    for seed in range(300):
        _check(seed, 25, 12, 1, 1, match_first)


def test_mentees_scored_again_only_against_mentors_cheap_enough() -> None:
    """A mentee scored again needs only the mentors priced below its limit, not all."""
    n, m = 200, 60
    rng = np.random.default_rng(0)
    scores = (rng.integers(0, 1000, size=(n, m)) / 999).astype(np.float32)
    scores[rng.random((n, m)) < 0.3] = -np.inf
    capacity = rng.integers(
        2, 5, size=m
    )  # about one place per mentee, as at scale.astype(np.int64)
    cells = []

    def block(ids: NDArray[np.intp], cols: NDArray[np.intp] | None) -> NDArray[np.float32]:
        if cols is None:
            return scores[ids].copy()
        cells.append(len(ids) * len(cols))
        return scores[np.ix_(ids, cols)]

    result = exact_assignment(block, n, capacity, 2, 16, True, 2)
    assert result.n_rescored > 50
    assert sum(cells) < 0.2 * result.n_rescored * m
    hit = result.column >= 0
    total = int(np.rint(result.score[hit].astype(np.float64) * SCALE).sum())
    assert total == _dense(scores, capacity, True)
