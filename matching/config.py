"""Configuration of the matcher: weights, hard-constraint thresholds, solver knobs."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["OBJECTIVES", "MatchConfig"]

OBJECTIVES = ("max_matched", "max_score")


@dataclass(frozen=True)
class MatchConfig:
    """Weights of the score's parts and the matcher's settings.

    A part's weight only counts for a person who gave data for it (a mentee
    without goals is scored on the other parts), so a score stays in [0, 1]
    and offers/wants alone are enough signal.

    Parameters
    ----------
    skills_weight : float
        Mentor offers what the mentee wants (pairs); shared wanted skills at a
        similar level (peers).
    goals_weight, interests_weight, text_weight : float
        Shared goals, shared interests, TF-IDF similarity of ``text``.
    hours_weight : float
        Common weekly hours, saturating at ``hours_target``.
    place_weight : float
        Same municipality.
    min_common_hours : int
        Hard constraint: fewest common weekly hours (0 disables it).
    hours_target : int
        Common hours at which the hours part is full.
    balance_attributes : tuple of str
        Attributes on which no group may isolate a single member.
    random_state : int or None
        Seed for group formation; same seed, same result.
    n_candidates : int
        Candidates per mentee kept before exact certification (pairs).
    block_size : int
        Rows of the score matrix computed at a time (memory vs. speed).
    max_iter : int
        Local-search sweeps when forming groups.
    objective : {"max_matched", "max_score"}
        Pairs: ``"max_matched"`` matches as many mentees as the constraints
        allow, then maximises the total score; ``"max_score"`` ("best scores
        first") maximises the total score alone, so it may leave a mentee
        unmatched to give two others better mentors.
    """

    skills_weight: float = 0.45
    goals_weight: float = 0.15
    interests_weight: float = 0.1
    text_weight: float = 0.15
    hours_weight: float = 0.1
    place_weight: float = 0.05
    min_common_hours: int = 1
    hours_target: int = 6
    balance_attributes: tuple[str, ...] = ("gender",)
    random_state: int | None = 0
    n_candidates: int = 20
    block_size: int = 1024
    max_iter: int = 30
    objective: str = "max_matched"

    def __post_init__(self) -> None:
        for name in self.weight_names():
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise ValueError(f"MatchConfig: {name} must be a finite number >= 0, got {value!r}")
        if sum(self.weights().values()) <= 0:
            raise ValueError("MatchConfig: at least one weight must be positive")
        self._check_int("min_common_hours", 0, 168)
        self._check_int("hours_target", 1, 168)
        self._check_int("n_candidates", 1, None)
        self._check_int("block_size", 1, None)
        self._check_int("max_iter", 0, None)
        if isinstance(self.balance_attributes, str):
            raise ValueError("MatchConfig: balance_attributes must be a tuple of names, not a str")
        object.__setattr__(self, "balance_attributes", tuple(self.balance_attributes))
        if any(not isinstance(a, str) for a in self.balance_attributes):
            raise ValueError("MatchConfig: balance_attributes must hold strings")
        if self.objective not in OBJECTIVES:
            raise ValueError(
                f"MatchConfig: objective must be one of {', '.join(map(repr, OBJECTIVES))}, "
                f"got {self.objective!r}"
            )
        state = self.random_state
        if state is not None and (isinstance(state, bool) or not isinstance(state, int)):
            raise ValueError(f"MatchConfig: random_state must be an int or None, got {state!r}")

    def _check_int(self, name: str, low: int, high: int | None) -> None:
        value = getattr(self, name)
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= low
        if not ok or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f">= {low}"
            raise ValueError(f"MatchConfig: {name} must be an int {bounds}, got {value!r}")

    @staticmethod
    def weight_names() -> tuple[str, ...]:
        """Return the names of the weight fields, in scoring order."""
        return (
            "skills_weight",
            "goals_weight",
            "interests_weight",
            "text_weight",
            "hours_weight",
            "place_weight",
        )

    def weights(self) -> dict[str, float]:
        """Return the weights keyed by part name (``"skills"``, ``"goals"``, ...)."""
        return {
            name.removesuffix("_weight"): float(getattr(self, name)) for name in self.weight_names()
        }
