"""The adaptive draw: easy questions first, harder ones after right answers; seeded shuffles.

Pure functions over (id, difficulty) pairs, so the order of an attempt follows from its seed
and its answers alone.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def next_target(target: int, correct: bool) -> int:
    """One step harder after a right answer, one step easier after a wrong one (1-3)."""
    return min(3, target + 1) if correct else max(1, target - 1)


def shuffled_ids(ids: Sequence[int], seed: int) -> list[int]:
    order = sorted(ids)
    # An order, not a secret: the server alone marks answers (bandit B311).
    random.Random(seed).shuffle(order)  # nosec B311
    return order


def draw(questions: dict[int, int], asked: set[int], target: int, seed: int) -> int | None:
    """The next question: the difficulty nearest ``target`` (the easier on a tie), in seed order.

    ``questions`` maps question ids to difficulties.
    """
    left = [qid for qid in shuffled_ids(list(questions), seed) if qid not in asked]
    if not left:
        return None
    return min(left, key=lambda qid: (abs(questions[qid] - target), questions[qid]))


def best_score(questions: dict[int, int], count: int) -> int:
    """The points of an attempt of ``count`` questions answered all right."""
    asked: set[int] = set()
    target, total = 1, 0
    for _ in range(min(count, len(questions))):
        qid = draw(questions, asked, target, 0)
        assert qid is not None
        asked.add(qid)
        total += questions[qid]
        target = next_target(target, True)
    return total


def shuffled(items: Sequence[T], seed: int, salt: int) -> list[T]:
    """``items`` in an order fixed by the attempt's seed and ``salt`` (a question's id)."""
    order = list(items)
    # An order, not a secret (bandit B311).
    random.Random(seed * 1_000_003 + salt).shuffle(order)  # nosec B311
    return order
