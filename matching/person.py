"""People as the matcher sees them, and validation of lists of people."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["HOURS_PER_WEEK", "MAX_LEVEL", "MIN_LEVEL", "Person", "validate_people"]

HOURS_PER_WEEK = 168
MIN_LEVEL = 1
MAX_LEVEL = 5


def _empty_levels() -> Mapping[str, int]:
    return MappingProxyType({})


def _empty_attributes() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Person:
    """A participant, mentor or ambassador as plain data.

    Parameters
    ----------
    id : str
        Unique identifier within one call.
    offers : Mapping[str, int]
        Skill or topic -> level 1-5 the person can teach.
    wants : Mapping[str, int]
        Skill or topic -> level 1-5 the person wants to reach.
    goals, interests, languages : Collection[str]
        Free labels; compared case-insensitively.
    municipality : str or None
        Where the person can meet in person.
    remote_ok : bool
        False means the person only meets in person.
    availability : Collection[int]
        Hours of the week, 0..167, Monday 00:00 = 0.
    capacity : int
        How many mentees a mentor takes (0 = none right now).
    attributes : Mapping[str, str]
        Self-described background, used only to balance groups.
    text : str
        Free text (bio and goals), compared with TF-IDF.
    excluded : Collection[str]
        Ids this person is never paired or grouped with.
    """

    id: str
    offers: Mapping[str, int] = field(default_factory=_empty_levels)
    wants: Mapping[str, int] = field(default_factory=_empty_levels)
    goals: Collection[str] = frozenset()
    interests: Collection[str] = frozenset()
    languages: Collection[str] = frozenset()
    municipality: str | None = None
    remote_ok: bool = True
    availability: Collection[int] = frozenset()
    capacity: int = 1
    attributes: Mapping[str, str] = field(default_factory=_empty_attributes)
    text: str = ""
    excluded: Collection[str] = frozenset()

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValueError(f"person {self.id!r}: field 'id' must be a non-empty string")
        for name in ("offers", "wants"):
            object.__setattr__(self, name, self._levels(name, getattr(self, name)))
        for name in ("goals", "interests", "languages", "excluded"):
            object.__setattr__(self, name, self._labels(name, getattr(self, name)))
        object.__setattr__(self, "availability", self._hours(self.availability))
        if isinstance(self.capacity, bool) or not isinstance(self.capacity, int):
            raise ValueError(f"person {self.id!r}: field 'capacity' must be an int")
        if self.capacity < 0:
            raise ValueError(f"person {self.id!r}: field 'capacity' is {self.capacity}, below 0")
        if not isinstance(self.text, str):
            raise ValueError(f"person {self.id!r}: field 'text' must be a string")
        attributes = dict(self.attributes)
        for key, value in attributes.items():
            if not isinstance(key, str) or not isinstance(value, str):
                raise ValueError(f"person {self.id!r}: field 'attributes' must map str to str")
        object.__setattr__(self, "attributes", MappingProxyType(attributes))

    def _levels(self, name: str, levels: Mapping[str, int]) -> Mapping[str, int]:
        checked: dict[str, int] = {}
        for skill, level in dict(levels).items():
            if not isinstance(skill, str) or not skill.strip():
                raise ValueError(f"person {self.id!r}: field {name!r} has an empty skill name")
            ok = isinstance(level, int) and not isinstance(level, bool)
            if not ok or not MIN_LEVEL <= level <= MAX_LEVEL:
                raise ValueError(
                    f"person {self.id!r}: field {name!r} gives {skill!r} level {level!r}, "
                    f"expected an int from {MIN_LEVEL} to {MAX_LEVEL}"
                )
            checked[skill] = level
        return MappingProxyType(checked)

    def _labels(self, name: str, labels: Iterable[str]) -> frozenset[str]:
        if isinstance(labels, str):
            raise ValueError(f"person {self.id!r}: field {name!r} must be a collection, not a str")
        out = frozenset(labels)
        if any(not isinstance(label, str) for label in out):
            raise ValueError(f"person {self.id!r}: field {name!r} must hold strings")
        return out

    def _hours(self, hours: Iterable[int]) -> frozenset[int]:
        out = frozenset(hours)
        for hour in out:
            ok = isinstance(hour, int) and not isinstance(hour, bool)
            if not ok or not 0 <= hour < HOURS_PER_WEEK:
                raise ValueError(
                    f"person {self.id!r}: field 'availability' has hour {hour!r}, "
                    f"expected an int from 0 to {HOURS_PER_WEEK - 1}"
                )
        return out


def validate_people(people: Sequence[Person], role: str) -> None:
    """Check a list of people: non-empty, only `Person`, unique ids.

    Parameters
    ----------
    people : Sequence[Person]
        The list to check.
    role : str
        Its name in error messages, e.g. ``"mentees"``.

    Raises
    ------
    ValueError
        Naming the offending person and field.
    """
    if len(people) == 0:
        raise ValueError(f"{role}: the list is empty")
    seen: set[str] = set()
    for person in people:
        if not isinstance(person, Person):
            raise ValueError(f"{role}: expected Person objects, got {type(person).__name__}")
        if person.id in seen:
            raise ValueError(f"{role}: person {person.id!r}: field 'id' is duplicated")
        seen.add(person.id)
