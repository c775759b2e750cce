"""Factory functions for people and random instances used by the matching tests."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import numpy as np

from matching import Person

DAYTIME = frozenset(d * 24 + h for d in range(5) for h in range(9, 17))


def make_person(
    id: str,
    *,
    offers: Mapping[str, int] | None = None,
    wants: Mapping[str, int] | None = None,
    languages: Collection[str] = ("Swedish",),
    availability: Collection[int] = DAYTIME,
    **fields: Any,
) -> Person:
    """Return a person who speaks Swedish and is free on weekdays 9-17 unless told otherwise."""
    return Person(
        id=id,
        offers=offers or {},
        wants=wants or {},
        languages=languages,
        availability=availability,
        **fields,
    )


SKILLS = ("Python", "Excel", "Teams", "SQL", "Outlook", "AWS")
LANGUAGES = ("Swedish", "English", "Arabic", "Finnish")
GOALS = ("job", "studies", "own company", "internship")
WORDS = ("data", "care", "retail", "teacher", "nurse", "code", "logistics", "design")


def random_people(rng: np.random.Generator, n: int, prefix: str, *, mentor: bool) -> list[Person]:
    """Return ``n`` random people with overlapping languages, hours and skills."""
    people = []
    for i in range(n):
        skills = rng.choice(SKILLS, size=int(rng.integers(1, 4)), replace=False)
        levels = {str(s): int(rng.integers(1, 6)) for s in skills}
        start = int(rng.integers(0, 150))
        people.append(
            Person(
                id=f"{prefix}{i}",
                offers=levels if mentor else {},
                wants={} if mentor else levels,
                goals={str(g) for g in rng.choice(GOALS, size=int(rng.integers(0, 3)))},
                languages={str(x) for x in rng.choice(LANGUAGES, size=int(rng.integers(1, 3)))},
                availability=set(range(start, start + int(rng.integers(0, 18)))),
                municipality=str(rng.choice(["Malmö", "Lund"])),
                remote_ok=bool(rng.random() < 0.8),
                capacity=int(rng.integers(0, 4)),
                attributes={"gender": str(rng.choice(["woman", "man", "nonbinary"]))},
                text=" ".join(str(w) for w in rng.choice(WORDS, size=3)),
            )
        )
    return people
