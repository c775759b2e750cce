"""Use cases for profiles: read, save, who may see which."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa
from blinker import Namespace
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from mentoring.consents import shares_attributes
from mentoring.db import utcnow
from mentoring.errors import NotFound, ValidationError
from mentoring.extensions import db
from mentoring.profiles.input import HOURS_PER_WEEK, ProfileInput
from mentoring.profiles.models import Profile, ProfileLanguage, ProfileSkill
from mentoring.programmes.models import Cohort, Enrollment, Programme
from mentoring.programmes.services import can_see_person
from mentoring.users.models import User
from mentoring.vocabulary import DEFAULT_SKILL_CATALOGUE

_signals = Namespace()
# Sent with the user and ``at`` before the save commits; the activity area records it.
profile_saved = _signals.signal("profile-saved")


@cache
def _profile_with_rows() -> sa.Select[tuple[Profile]]:
    """The profile of ``:user_id`` with its skills and languages (each caller uses them).

    Joined, not loaded apart as the relationships would: one statement instead of three, each
    a round trip on PostgreSQL (the profile page, issue 15). Built once.
    """
    return (
        sa.select(Profile)
        .where(Profile.user_id == sa.bindparam("user_id"))
        .options(joinedload(Profile.skills), joinedload(Profile.languages))
    )


def profile_of(user: User) -> Profile | None:
    return db.session.scalars(_profile_with_rows(), {"user_id": user.id}).unique().first()


@dataclass(frozen=True)
class ProfileSummary:
    """How complete a profile is, for the home page."""

    skills: int
    hours: int
    languages: int


def profile_counts(user_id: sa.ColumnElement[int]) -> tuple[sa.ScalarSelect[Any], ...]:
    """The person's profile id, availability, skill count and language count, as scalar
    subqueries the home page reads with its other counts (give them to ``summary_of``)."""
    profile = sa.select(Profile.id).where(Profile.user_id == user_id).scalar_subquery()
    availability = sa.select(Profile.availability).where(Profile.user_id == user_id)
    skills = sa.select(sa.func.count()).where(ProfileSkill.profile_id == profile)
    languages = sa.select(sa.func.count()).where(ProfileLanguage.profile_id == profile)
    return profile, *(q.scalar_subquery() for q in (availability, skills, languages))


def summary_of(
    profile_id: int | None, availability: list[Any] | None, skills: int, languages: int
) -> ProfileSummary | None:
    """The summary of ``profile_counts``' values; None for a person without a profile."""
    if profile_id is None:
        return None
    return ProfileSummary(skills=skills, hours=len(availability or []), languages=languages)


def ensure_profile(user: User) -> Profile:
    """Return the person's profile, creating an empty one (not committed) when missing."""
    profile = profile_of(user)
    if profile is None:
        profile = Profile(user=user, goals=[], interests=[], availability=[])
        db.session.add(profile)
    return profile


def catalogue_for(user: User) -> list[str]:
    """The skills offered on the person's form: their programmes' catalogues, in order."""
    rows = db.session.scalars(
        sa.select(Programme.skill_catalogue)
        .join(Cohort, Cohort.programme_id == Programme.id)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.user_id == user.id)
    ).all()
    merged: dict[str, None] = {}
    for catalogue in rows:
        merged.update(dict.fromkeys(catalogue))
    return list(merged) or list(DEFAULT_SKILL_CATALOGUE)


def save_profile(user: User, data: ProfileInput) -> Profile:
    """Replace the person's profile with ``data``; optional attributes only with their opt-in."""
    if not shares_attributes(user.id):
        data.gender, data.age_band, data.same_gender_mentor = None, None, False
    profile = ensure_profile(user)
    for name in (
        "bio",
        "goals",
        "goal_field",
        "interests",
        "municipality",
        "meeting_format",
        "capacity",
        "gender",
        "age_band",
        "organisation",
        "same_gender_mentor",
    ):
        setattr(profile, name, getattr(data, name))
    _replace_skills(profile, data.offers, data.wants)
    _replace_languages(profile, data.languages)
    profile_saved.send(user, at=utcnow())
    db.session.commit()
    return profile


def _replace_skills(profile: Profile, offers: dict[str, int], wants: dict[str, int]) -> None:
    # Reuse rows that stay: the unit of work inserts before it deletes, so a fresh row with
    # the same (direction, name) would collide with the one it replaces.
    existing = {(row.direction, row.name): row for row in profile.skills}
    rows = []
    for direction, skills in (("offer", offers), ("want", wants)):
        for name, level in sorted(skills.items()):
            row = existing.get((direction, name)) or ProfileSkill(name=name, direction=direction)
            row.level = level
            rows.append(row)
    profile.skills = rows


def _replace_languages(profile: Profile, languages: dict[str, str]) -> None:
    existing = {row.language: row for row in profile.languages}
    rows = []
    for code, level in sorted(languages.items()):
        row = existing.get(code) or ProfileLanguage(language=code)
        row.level = level
        rows.append(row)
    profile.languages = rows


def save_availability(user: User, hours: Sequence[int]) -> Profile:
    if any(not 0 <= hour < HOURS_PER_WEEK for hour in hours):
        raise ValidationError(_("An hour outside the week was sent."), field="availability")
    profile = ensure_profile(user)
    profile.availability = sorted(set(hours))
    db.session.commit()
    return profile


def profile_for_viewer(viewer: User, user_id: int) -> tuple[User, Profile | None]:
    """Return a person and their profile if ``viewer`` may see them; otherwise 'not found'."""
    person = db.session.get(User, user_id)
    if person is None or not can_see_person(viewer, person):
        raise NotFound(_("No such person."))
    return person, profile_of(person)


def input_from_profile(profile: Profile) -> ProfileInput:
    """Return the stored profile as form input, to prefill the edit page."""
    return ProfileInput(
        bio=profile.bio,
        goals=list(profile.goals),
        goal_field=profile.goal_field,
        interests=list(profile.interests),
        municipality=profile.municipality,
        meeting_format=profile.meeting_format,
        capacity=profile.capacity,
        languages={row.language: row.level for row in profile.languages},
        offers=profile.skills_by_direction("offer"),
        wants=profile.skills_by_direction("want"),
        gender=profile.gender,
        age_band=profile.age_band,
        organisation=profile.organisation,
        same_gender_mentor=profile.same_gender_mentor,
    )
