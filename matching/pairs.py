"""Mentee-mentor scores and the optimal capacitated matching, with reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from matching.config import MatchConfig
from matching.exact import ExactResult, exact_assignment
from matching.person import Person, validate_people
from matching.reasons import Reason, pair_reasons, shared_terms
from matching.scoring import PairScorer

__all__ = ["Pair", "PairMatcher", "explain_unmatched", "match_pairs", "score_pairs"]


@dataclass(frozen=True)
class Pair:
    """A proposed mentee-mentor pair.

    Attributes
    ----------
    mentee_id, mentor_id : str
    score : float
        The pair's entry of `score_pairs`, in [0, 1].
    reasons : list of str
        Plain-English reasons, most important first.
    details : list of Reason
        The same reasons as codes with parameters, for translation.
    """

    mentee_id: str
    mentor_id: str
    score: float
    reasons: list[str]
    details: list[Reason] = field(default_factory=list)


def _checked(
    mentees: Sequence[Person], mentors: Sequence[Person], config: MatchConfig | None
) -> MatchConfig:
    validate_people(mentees, "mentees")
    validate_people(mentors, "mentors")
    if config is None:
        return MatchConfig()
    if not isinstance(config, MatchConfig):
        raise ValueError(f"config must be a MatchConfig, got {type(config).__name__}")
    return config


def score_pairs(
    mentees: Sequence[Person], mentors: Sequence[Person], config: MatchConfig | None = None
) -> NDArray[np.float64]:
    """Score every mentee-mentor pair.

    Parameters
    ----------
    mentees : Sequence[Person]
        n people who want a mentor (``wants``, ``goals``, ...).
    mentors : Sequence[Person]
        m people who offer (``offers``, ``capacity``, ...).
    config : MatchConfig, optional

    Returns
    -------
    ndarray of shape (n, m), float64
        Scores in [0, 1]; ``-inf`` where a hard constraint forbids the pair.
    """
    config = _checked(mentees, mentors, config)
    scorer = PairScorer(mentees, mentors, config)
    out = np.empty((scorer.n, scorer.m), dtype=np.float64)
    for start in range(0, scorer.n, config.block_size):
        rows = slice(start, min(start + config.block_size, scorer.n))
        out[rows] = scorer.block(rows)
    return out


_UNMATCHED = {
    "language": "no mentor shares a language",
    "hours": "no mentor who shares a language has enough common hours",
    "place": "no mentor with enough common hours can meet in the same municipality",
    "excluded": "every compatible mentor is excluded",
    "capacity": "no compatible mentor is taking mentees",
}
_FULL = "all compatible mentors are at capacity"


class PairMatcher:
    """Optimal capacitated mentee-mentor matching (scikit-learn style).

    With ``config.objective == "max_matched"`` (the default) the objective is
    lexicographic: first the most mentees matched that the hard constraints
    and capacities allow, then the largest total score; with ``"max_score"``
    it is the largest total score alone ("best scores first").  It is
    solved exactly (up to scores rounded to 1e-6) without the dense matrix:
    see `matching.exact`.

    Parameters
    ----------
    config : MatchConfig, optional

    Attributes
    ----------
    pairs_ : list of Pair
        In the order of the mentees.
    unmatched_ : list of (str, str)
        Mentee id and the reason no mentor was proposed.
    result_ : ExactResult
        Solver statistics: rounds, candidate edges, rows rescored.
    """

    def __init__(self, config: MatchConfig | None = None) -> None:
        self.config = config

    def fit(self, mentees: Sequence[Person], mentors: Sequence[Person]) -> PairMatcher:
        """Match ``mentees`` to ``mentors``; return self."""
        config = _checked(mentees, mentors, self.config)
        scorer = PairScorer(mentees, mentors, config)
        capacity = np.array([p.capacity for p in mentors], dtype=np.int64)

        def block(ids: NDArray[np.intp], cols: NDArray[np.intp] | None) -> NDArray[np.float32]:
            return scorer.block(ids, cols)

        self.result_: ExactResult = exact_assignment(
            block,
            scorer.n,
            capacity,
            config.n_candidates,
            config.block_size,
            match_first=config.objective == "max_matched",
        )
        self.pairs_ = _pairs(mentees, mentors, scorer, self.result_)
        self.unmatched_ = _explain(scorer, mentees, self.result_.column, capacity)
        return self


def _pairs(
    mentees: Sequence[Person], mentors: Sequence[Person], scorer: PairScorer, result: ExactResult
) -> list[Pair]:
    rows = np.flatnonzero(result.column >= 0)
    cols = result.column[rows]
    hours = (scorer.rows.hours[rows] * scorer.cols.hours[cols]).sum(axis=1)
    names = _term_names(scorer)
    # One sparse product for all pairs: row k holds the words pair k shares.
    common = sp.csr_matrix(scorer.rows.text[rows].multiply(scorer.cols.text[cols]))
    terms = shared_terms(common, names) if len(names) else [[] for _ in range(len(rows))]
    pairs = []
    for k, (i, j) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        details = pair_reasons(mentees[i], mentors[j], int(hours[k]), terms[k])
        pairs.append(
            Pair(
                mentee_id=mentees[i].id,
                mentor_id=mentors[j].id,
                score=float(result.score[i]),
                reasons=[r.text for r in details],
                details=details,
            )
        )
    return pairs


def _term_names(scorer: PairScorer) -> NDArray[np.str_]:
    if scorer.space.tfidf_ is None:
        return np.array([], dtype=str)
    return np.asarray(scorer.space.tfidf_.get_feature_names_out(), dtype=str)


def _explain(
    scorer: PairScorer,
    mentees: Sequence[Person],
    column: NDArray[np.int64],
    capacity: NDArray[np.int64],
) -> list[tuple[str, str]]:
    """Say, for each unmatched mentee, which rule left them without a mentor."""
    out = []
    for i in np.flatnonzero(column < 0).tolist():
        rows = np.array([i], dtype=np.intp)
        masks = scorer.constraints(rows, scorer.common_hours(rows))
        masks["capacity"] = np.asarray(capacity > 0)[None, :]
        ok = np.ones(scorer.m, dtype=bool)
        reason = _FULL
        for name, mask in masks.items():
            ok &= mask[0]
            if not ok.any():
                reason = _UNMATCHED[name]
                break
        out.append((mentees[i].id, reason))
    return out


def match_pairs(
    mentees: Sequence[Person], mentors: Sequence[Person], config: MatchConfig | None = None
) -> list[Pair]:
    """Propose the optimal mentee-mentor pairs under the hard constraints.

    First as many mentees matched as the constraints and capacities allow,
    then the largest total `score_pairs` (or, with ``config.objective ==
    "max_score"``, the largest total alone); no mentor above ``capacity``.

    Parameters
    ----------
    mentees, mentors : Sequence[Person]
    config : MatchConfig, optional

    Returns
    -------
    list of Pair
        In the order of the mentees; unmatched mentees are absent (see
        `explain_unmatched`).
    """
    return PairMatcher(config).fit(mentees, mentors).pairs_


def explain_unmatched(
    mentees: Sequence[Person],
    mentors: Sequence[Person],
    pairs: Sequence[Pair],
    config: MatchConfig | None = None,
) -> list[tuple[str, str]]:
    """Return (mentee id, reason) for each mentee without a pair in ``pairs``."""
    config = _checked(mentees, mentors, config)
    scorer = PairScorer(mentees, mentors, config)
    index = {p.id: j for j, p in enumerate(mentors)}
    column = np.full(len(mentees), -1, dtype=np.int64)
    position = {p.id: i for i, p in enumerate(mentees)}
    for pair in pairs:
        column[position[pair.mentee_id]] = index[pair.mentor_id]
    capacity = np.array([p.capacity for p in mentors], dtype=np.int64)
    return _explain(scorer, mentees, column, capacity)
