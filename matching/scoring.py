"""Mentee-by-mentor scores computed block by block, with hard constraints as -inf."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from matching.config import MatchConfig
from matching.features import Cross, FeatureSpace, level_kernel_pairs
from matching.person import Person

__all__ = ["PairScorer", "excluded_pairs"]

FloatBlock = NDArray[np.float32]


def excluded_pairs(rows: Sequence[Person], cols: Sequence[Person]) -> dict[int, NDArray[np.intp]]:
    """Map a row index to the column indices it must never be paired with.

    A pair is excluded when either side excludes the other or both are the
    same person (same id).
    """
    col_index = {p.id: j for j, p in enumerate(cols)}
    excluded_by: dict[str, list[int]] = {}
    for j, p in enumerate(cols):
        for other in p.excluded:
            excluded_by.setdefault(other, []).append(j)
    out: dict[int, NDArray[np.intp]] = {}
    for i, p in enumerate(rows):
        js = {col_index[o] for o in p.excluded if o in col_index}
        js.update(excluded_by.get(p.id, ()))
        if p.id in col_index:
            js.add(col_index[p.id])
        if js:
            out[i] = np.array(sorted(js), dtype=np.intp)
    return out


class PairScorer:
    """Score mentees (rows) against mentors (columns).

    Parameters
    ----------
    mentees : Sequence[Person]
        The n rows.
    mentors : Sequence[Person]
        The m columns.
    config : MatchConfig
    """

    def __init__(self, mentees: Sequence[Person], mentors: Sequence[Person], config: MatchConfig):
        self.config = config
        self.space = FeatureSpace().fit([*mentees, *mentors])
        self.rows = self.space.transform(mentees)
        self.cols = self.space.transform(mentors)
        self.n, self.m = len(mentees), len(mentors)
        self._wants = self.space.levels(mentees, lambda p: p.wants)
        kernel = level_kernel_pairs()
        self._offers = Cross(self.space.levels(mentors, lambda p: p.offers, kernel))
        self._languages = Cross(self.cols.languages)
        self._goals = Cross(self.cols.goals)
        self._interests = Cross(self.cols.interests)
        self._text = Cross(self.cols.text)
        self._hours_t = np.ascontiguousarray(self.cols.hours.T)
        self.excluded = excluded_pairs(mentees, mentors)
        self._denominator = self._active_weight()

    def _active_weight(self) -> NDArray[np.float32]:
        """Sum, per mentee, of the weights of the parts the mentee gave data for."""
        w, r = self.config.weights(), self.rows
        total = (
            w["skills"] * (r.n_wants > 0)
            + w["goals"] * (np.diff(r.goals.indptr) > 0)
            + w["interests"] * (np.diff(r.interests.indptr) > 0)
            + w["text"] * (np.diff(r.text.indptr) > 0)
            + w["hours"] * (r.hours.sum(axis=1) > 0)
            + w["place"] * (r.municipality >= 0)
        )
        return np.asarray(total, dtype=np.float32)

    def common_hours(
        self, rows: slice | NDArray[np.intp], cols: NDArray[np.intp] | None = None
    ) -> FloatBlock:
        """Return common weekly hours, shape (k, m), or (k, len(cols)) for mentors ``cols``."""
        hours_t = self._hours_t if cols is None else self._hours_t[:, cols]
        return self.rows.hours[rows] @ hours_t

    def constraints(
        self,
        rows: slice | NDArray[np.intp],
        hours: FloatBlock,
        cols: NDArray[np.intp] | None = None,
    ) -> dict[str, NDArray[np.bool_]]:
        """Return one mask per hard constraint, each (k, m), True where it holds.

        Keys, in the order they are explained: ``"language"``, ``"hours"``,
        ``"place"``, ``"excluded"``.  With ``cols`` only those mentors, (k, len(cols)).
        """
        r, c = self.rows, self.cols
        every = slice(None) if cols is None else cols
        mun_r, mun_c = r.municipality[rows][:, None], c.municipality[every][None, :]
        in_person = ~(r.remote_ok[rows][:, None] & c.remote_ok[every][None, :])
        allowed = np.ones(hours.shape, dtype=bool)
        # Position of each mentor in the block: excluded mentors outside it are skipped.
        position = np.arange(self.m) if cols is None else np.full(self.m, -1, dtype=np.intp)
        if cols is not None:
            position[cols] = np.arange(len(cols))
        for k, i in enumerate(np.arange(self.n)[rows]):
            js = self.excluded.get(int(i))
            if js is not None:
                at = position[js]
                allowed[k, at[at >= 0]] = False
        return {
            "language": self._languages(r.languages[rows], cols) > 0,
            "hours": hours >= self.config.min_common_hours,
            "place": ~in_person | ((mun_r == mun_c) & (mun_r >= 0)),
            "excluded": allowed,
        }

    def feasible(
        self,
        rows: slice | NDArray[np.intp],
        hours: FloatBlock,
        cols: NDArray[np.intp] | None = None,
    ) -> NDArray[np.bool_]:
        """Return the hard-constraint mask, shape (k, m); True where a pair is allowed."""
        masks = iter(self.constraints(rows, hours, cols).values())
        ok = next(masks).copy()
        for mask in masks:
            ok &= mask
        return ok

    def block(
        self, rows: slice | NDArray[np.intp], cols: NDArray[np.intp] | None = None
    ) -> FloatBlock:
        """Return scores in [0, 1] for the given mentees, -inf where forbidden.

        With ``cols``, only against those mentors: exactly those columns of the
        whole block, computed without the others.

        Returns
        -------
        ndarray of shape (k, m), or (k, len(cols)), float32
        """
        w, r, c = self.config.weights(), self.rows, self.cols
        hours = self.common_hours(rows, cols)
        n_wants = np.maximum(r.n_wants[rows], 1.0)[:, None]
        offers = self._offers(self._wants[rows], cols)
        score = np.asarray((w["skills"] / n_wants) * offers, np.float32)
        score += w["goals"] * self._goals(r.goals[rows], cols)
        score += w["interests"] * self._interests(r.interests[rows], cols)
        score += w["text"] * self._text(r.text[rows], cols)
        score += (w["hours"] / self.config.hours_target) * np.minimum(
            hours, self.config.hours_target
        )
        mun_r = r.municipality[rows][:, None]
        mun_c = c.municipality if cols is None else c.municipality[cols]
        same_place = (mun_r == mun_c[None, :]) & (mun_r >= 0)
        score += w["place"] * same_place.astype(np.float32)
        denominator = self._denominator[rows][:, None]
        out = np.zeros(score.shape, dtype=np.float32)
        np.divide(score, denominator, out=out, where=denominator > 0)
        np.clip(out, 0.0, 1.0, out=out)
        out[~self.feasible(rows, hours, cols)] = -np.inf
        return out
