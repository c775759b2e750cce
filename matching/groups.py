"""Peer groups: size limits, a common language and hours, balance, best similarity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from matching.config import MatchConfig
from matching.group_layout import Layout, split_chunks
from matching.group_repair import place_leftovers
from matching.group_search import improve, seed_groups
from matching.group_text import group_reasons, unplaced_reason
from matching.peers import PeerScorer
from matching.person import Person, validate_people
from matching.reasons import Reason

__all__ = ["Group", "GroupResult", "form_groups"]


@dataclass(frozen=True)
class Group:
    """A proposed peer group.

    Attributes
    ----------
    member_ids : list of str
        In the order of the input.
    common_hours : list of int
        Hours of the week every member is available.
    language : str
        A language every member speaks.
    score : float
        Mean `score_peers` over pairs of members.
    reasons : list of str
    details : list of Reason
    """

    member_ids: list[str]
    common_hours: list[int]
    language: str
    score: float
    reasons: list[str]
    details: list[Reason] = field(default_factory=list)


@dataclass(frozen=True)
class GroupResult:
    """Groups and the people who could not be placed, with the reason."""

    groups: list[Group]
    unplaced: list[tuple[str, str]]

    @property
    def mean_score(self) -> float:
        """Mean of the groups' scores (0 without groups)."""
        return float(np.mean([g.score for g in self.groups])) if self.groups else 0.0


def _check_sizes(min_size: int, max_size: int) -> None:
    for name, value in (("min_size", min_size), ("max_size", max_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 2:
            raise ValueError(f"{name} must be an int >= 2, got {value!r}")
    if min_size > max_size:
        raise ValueError(f"min_size ({min_size}) is greater than max_size ({max_size})")


def form_groups(
    people: Sequence[Person],
    config: MatchConfig | None = None,
    min_size: int = 4,
    max_size: int = 6,
) -> GroupResult:
    """Split people into peer groups with the largest mean within-group similarity.

    Every group has ``min_size`` to ``max_size`` members who share a language
    and at least ``config.min_common_hours`` weekly hours, holds no excluded
    pair, and, where the search can avoid it, no member who is the only one
    of their value of a ``config.balance_attributes`` attribute.

    Parameters
    ----------
    people : Sequence[Person]
    config : MatchConfig, optional
    min_size, max_size : int

    Returns
    -------
    GroupResult
        Groups in the order of their first member; ``unplaced`` lists who
        could not be placed and why.
    """
    validate_people(people, "people")
    _check_sizes(min_size, max_size)
    config = config or MatchConfig()
    layout = Layout(people, PeerScorer(people, config), config, min_size, max_size)
    rng = np.random.default_rng(config.random_state)
    groups: list[list[int]] = []
    left: list[int] = []
    for ids in split_chunks(layout):
        found, rest = _solve(layout, ids, rng, config.max_iter)
        groups += found
        left += rest
    if len(left) >= min_size:
        found, left = _solve(layout, np.array(sorted(left), dtype=np.intp), rng, config.max_iter)
        groups += found
    left = place_leftovers(layout, groups, left)
    groups = sorted((sorted(g) for g in groups), key=min)
    scores = layout.mean_scores(groups)
    return GroupResult(
        groups=[_group(layout, g, s) for g, s in zip(groups, scores, strict=True)],
        unplaced=[(people[i].id, unplaced_reason(layout, i)) for i in sorted(left)],
    )


def _solve(
    layout: Layout, ids: NDArray[np.intp], rng: np.random.Generator, max_iter: int
) -> tuple[list[list[int]], list[int]]:
    """Form groups among ``ids``; return them and who is left, in global indices."""
    chunk = layout.chunk(ids)
    state, left = seed_groups(chunk, rng)
    if state.members:
        improve(state, rng, max_iter)
    groups = [[int(ids[i]) for i in members] for members in state.members if members]
    return groups, [int(ids[i]) for i in left]


def _group(layout: Layout, members: list[int], score: float) -> Group:
    hours, language = layout.common(members)
    details = group_reasons(layout, members, hours, language)
    return Group(
        member_ids=[layout.people[i].id for i in members],
        common_hours=hours,
        language=language,
        score=score,
        reasons=[r.text for r in details],
        details=details,
    )
