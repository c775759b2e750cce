"""People ready to be matched: participants and mentors with compatible profiles."""

from __future__ import annotations

from mentoring.programmes.models import Cohort
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.factories import enrol, make_cohort, make_profile, make_programme, make_user

WEEKDAY_EVENINGS = [day * 24 + hour for day in range(5) for hour in range(17, 21)]


def make_mentee(
    cohort: Cohort,
    *,
    wants: dict[str, int] | None = None,
    languages: tuple[str, ...] = ("sv",),
    availability: list[int] | None = None,
    **user: object,
) -> User:
    person = make_user(Role.PARTICIPANT, **user)  # type: ignore[arg-type]
    make_profile(
        person,
        wants=wants or {"Python": 3},
        languages=languages,
        availability=WEEKDAY_EVENINGS if availability is None else availability,
    )
    enrol(person, cohort)
    return person


def make_mentor(
    cohort: Cohort,
    *,
    offers: dict[str, int] | None = None,
    languages: tuple[str, ...] = ("sv",),
    availability: list[int] | None = None,
    capacity: int = 1,
    **user: object,
) -> User:
    person = make_user(Role.MENTOR, **user)  # type: ignore[arg-type]
    make_profile(
        person,
        offers=offers or {"Python": 4},
        languages=languages,
        capacity=capacity,
        availability=WEEKDAY_EVENINGS if availability is None else availability,
    )
    enrol(person, cohort)
    return person


def matching_cohort() -> tuple[Cohort, User]:
    """A cohort and the coordinator who runs it."""
    coordinator = make_user(Role.COORDINATOR)
    return make_cohort(make_programme(staff=(coordinator,))), coordinator
