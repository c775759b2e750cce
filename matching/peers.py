"""Peer similarity: shared goals and wanted skills at a similar level, interests, text."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from matching.config import MatchConfig
from matching.features import FeatureSpace, level_kernel_peers
from matching.person import Person, validate_people

__all__ = ["PeerScorer", "score_peers"]

FloatBlock = NDArray[np.float32]


def _scaled(matrix: sp.csr_matrix, scale: NDArray[np.float32]) -> sp.csr_matrix:
    return sp.csr_matrix(sp.diags(scale) @ matrix, dtype=np.float32)


class PeerScorer:
    """Similarity of people to each other, for any sub-block.

    Parameters
    ----------
    people : Sequence[Person]
        The n people.
    config : MatchConfig

    Attributes
    ----------
    features : Features
        Vectors of the people.
    """

    def __init__(self, people: Sequence[Person], config: MatchConfig) -> None:
        self.config = config
        self.space = FeatureSpace().fit(people)
        f = self.features = self.space.transform(people)
        n_wants = np.maximum(f.n_wants, 1.0)
        scale = (1.0 / np.sqrt(n_wants)).astype(np.float32)
        self._wants = _scaled(self.space.levels(people, lambda p: p.wants), scale)
        kernel = level_kernel_peers()
        self._wants_kernel = _scaled(
            self.space.levels(people, lambda p: p.wants, kernel), scale
        ).T.tocsr()
        w = config.weights()
        active = np.stack(
            [
                w["skills"] * (f.n_wants > 0),
                w["goals"] * (np.diff(f.goals.indptr) > 0),
                w["interests"] * (np.diff(f.interests.indptr) > 0),
                w["text"] * (np.diff(f.text.indptr) > 0),
                w["hours"] * (f.hours.sum(axis=1) > 0),
                w["place"] * (f.municipality >= 0),
            ],
            axis=1,
        ).astype(np.float32)
        self._active = active
        self._present = (active > 0).astype(np.float32)
        self.n = len(people)

    def wants_rows(self) -> sp.csr_matrix:
        """Return wanted skills one-hot by level, rows scaled to unit norm, (n, 5 * n_skills)."""
        return self._wants

    def block(self, rows: NDArray[np.intp], cols: NDArray[np.intp]) -> FloatBlock:
        """Return similarities of ``rows`` to ``cols``, shape (len(rows), len(cols)), in [0, 1]."""
        f, w = self.features, self.config.weights()
        score = np.asarray((self._wants[rows] @ self._wants_kernel[:, cols]).toarray(), np.float32)
        score *= w["skills"]
        for name, matrix in (("goals", f.goals), ("interests", f.interests), ("text", f.text)):
            part = (matrix[rows] @ matrix[cols].T).toarray()
            score += w[name] * part.astype(np.float32)
        hours = f.hours[rows] @ f.hours[cols].T
        target = self.config.hours_target
        score += (w["hours"] / target) * np.minimum(hours, target)
        mun = f.municipality
        same = (mun[rows][:, None] == mun[cols][None, :]) & (mun[rows][:, None] >= 0)
        score += w["place"] * same.astype(np.float32)
        denominator = self._active[rows] @ self._present[cols].T
        out = np.zeros(score.shape, dtype=np.float32)
        np.divide(score, denominator, out=out, where=denominator > 0)
        np.clip(out, 0.0, 1.0, out=out)
        return out


def score_peers(people: Sequence[Person], config: MatchConfig | None = None) -> NDArray[np.float64]:
    """Score how similar people are as peers in a group.

    Parameters
    ----------
    people : Sequence[Person]
        n people.
    config : MatchConfig, optional

    Returns
    -------
    ndarray of shape (n, n), float64
        Symmetric, in [0, 1], 1 on the diagonal.  A part (skills, goals, ...)
        counts for a pair only when both people gave data for it.
    """
    validate_people(people, "people")
    config = config or MatchConfig()
    scorer = PeerScorer(people, config)
    everyone = np.arange(scorer.n)
    out = np.empty((scorer.n, scorer.n), dtype=np.float64)
    for start in range(0, scorer.n, config.block_size):
        rows = everyone[start : start + config.block_size]
        out[rows] = scorer.block(rows, everyone)
    out = np.minimum(out, out.T)  # exact symmetry despite float32 rounding
    np.fill_diagonal(out, 1.0)
    return out
