"""Realistic random cohorts for the matching benchmarks."""

from __future__ import annotations

import numpy as np

from matching import Person

LANGUAGES = ("Swedish", "English", "Arabic", "Finnish", "Somali", "Persian")
LANGUAGE_SHARE = (0.75, 0.55, 0.15, 0.12, 0.06, 0.05)
MUNICIPALITIES = tuple(f"Municipality {k}" for k in range(12))
GOALS = ("job", "studies", "own company", "internship", "career change", "language", "network")
PATTERNS = {
    "daytime": [d * 24 + h for d in range(5) for h in range(9, 17)],
    "evenings": [d * 24 + h for d in range(5) for h in range(17, 21)],
    "weekends": [d * 24 + h for d in (5, 6) for h in range(10, 18)],
}


def _zipf_choice(rng: np.random.Generator, n_items: int, size: int, a: float = 1.1) -> list[int]:
    weights = 1.0 / np.arange(1, n_items + 1) ** a
    return rng.choice(n_items, size=size, replace=False, p=weights / weights.sum()).tolist()


def _availability(rng: np.random.Generator) -> set[int]:
    names = list(PATTERNS)
    chosen = rng.choice(names, size=int(rng.integers(1, 3)), replace=False, p=[0.5, 0.3, 0.2])
    hours: set[int] = set()
    for name in chosen:
        pattern = PATTERNS[str(name)]
        keep = rng.random(len(pattern)) < rng.uniform(0.3, 0.8)
        hours.update(h for h, k in zip(pattern, keep, strict=True) if k)
    return hours


def _languages(rng: np.random.Generator) -> set[str]:
    spoken = {lang for lang, p in zip(LANGUAGES, LANGUAGE_SHARE, strict=True) if rng.random() < p}
    return spoken or {"Swedish"}


def make_people(
    rng: np.random.Generator, n: int, prefix: str, *, mentor: bool, n_skills: int = 300
) -> list[Person]:
    """Return ``n`` people: mentors offer 3-6 skills, others want 1-4."""
    words = [f"w{k}" for k in range(800)]
    people = []
    for i in range(n):
        k = int(rng.integers(3, 7) if mentor else rng.integers(1, 5))
        skills = {
            f"skill{s}": int(rng.integers(2, 6) if mentor else rng.integers(1, 5))
            for s in _zipf_choice(rng, n_skills, k)
        }
        text = " ".join(words[j] for j in _zipf_choice(rng, len(words), 15, a=0.9))
        people.append(
            Person(
                id=f"{prefix}{i}",
                offers=skills if mentor else {},
                wants={} if mentor else skills,
                goals={GOALS[j] for j in _zipf_choice(rng, len(GOALS), int(rng.integers(1, 3)))},
                interests={f"interest{j}" for j in _zipf_choice(rng, 40, 3)},
                languages=_languages(rng),
                municipality=MUNICIPALITIES[int(rng.integers(len(MUNICIPALITIES)))],
                remote_ok=bool(rng.random() < 0.85),
                availability=_availability(rng),
                capacity=5 if mentor else 1,
                attributes={
                    "gender": str(rng.choice(["woman", "man", "nonbinary"], p=[0.55, 0.42, 0.03]))
                },
                text=text,
            )
        )
    return people
