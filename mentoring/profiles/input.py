"""Read the profile and availability forms into plain values, collecting every error by field.

The skill grid has a variable number of fields, so it is parsed here rather than by WTForms;
CSRF is still checked by Flask-WTF's global protection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from mentoring.vocabulary import AGE_BANDS, GOALS, LANGUAGE_LEVELS, LANGUAGES, MEETING_FORMATS

HOURS_PER_WEEK = 168
MAX_CAPACITY = 10
_EXTRA_SKILL = re.compile(r"^\s*(?P<name>[^:()]{1,80}?)\s*[:(]\s*(?P<level>\d+)\s*\)?\s*$")


@dataclass
class ProfileInput:
    bio: str = ""
    goals: list[str] = field(default_factory=list)
    goal_field: str = ""
    interests: list[str] = field(default_factory=list)
    municipality: str | None = None
    meeting_format: str = "either"
    capacity: int = 1
    languages: dict[str, str] = field(default_factory=dict)
    offers: dict[str, int] = field(default_factory=dict)
    wants: dict[str, int] = field(default_factory=dict)
    gender: str | None = None
    age_band: str | None = None
    organisation: str | None = None
    same_gender_mentor: bool = False


def _text(form: Mapping[str, str], name: str, limit: int) -> tuple[str, str | None]:
    value = (form.get(name) or "").strip()
    if len(value) > limit:
        return value, _("Use at most %(count)d characters.", count=limit)
    return value, None


def parse_profile(
    form: MultiDict[str, str], catalogue: Iterable[str]
) -> tuple[ProfileInput, dict[str, str]]:
    """Return the profile the form describes and a message per field that is wrong."""
    data, errors = ProfileInput(), {}
    for name, limit in (
        ("bio", 2000),
        ("goal_field", 200),
        ("municipality", 100),
        ("gender", 40),
        ("organisation", 200),
    ):
        value, error = _text(form, name, limit)
        if error:
            errors[name] = error
        setattr(data, name, value if name in ("bio", "goal_field") else (value or None))
    data.goals = [g for g in form.getlist("goals") if g in GOALS]
    data.interests = [i.strip() for i in (form.get("interests") or "").split(",") if i.strip()][:20]
    data.meeting_format = form.get("meeting_format") or "either"
    if data.meeting_format not in MEETING_FORMATS:
        errors["meeting_format"] = _("Choose how you want to meet.")
    age_band = form.get("age_band") or None
    if age_band is not None and age_band not in AGE_BANDS:
        errors["age_band"] = _("Choose an age band from the list.")
    data.age_band = age_band
    data.same_gender_mentor = form.get("same_gender_mentor") == "1"
    _parse_capacity(form, data, errors)
    _parse_languages(form, data, errors)
    _parse_skills(form, catalogue, data, errors)
    return data, errors


def _parse_capacity(form: Mapping[str, str], data: ProfileInput, errors: dict[str, str]) -> None:
    raw = (form.get("capacity") or "1").strip()
    if not raw.isdigit() or not 0 <= int(raw) <= MAX_CAPACITY:
        errors["capacity"] = _("Give a whole number from 0 to %(max)d.", max=MAX_CAPACITY)
        return
    data.capacity = int(raw)


def _parse_languages(form: Mapping[str, str], data: ProfileInput, errors: dict[str, str]) -> None:
    for code in LANGUAGES:
        level = form.get(f"lang_{code}") or ""
        if level and level not in LANGUAGE_LEVELS:
            errors[f"lang_{code}"] = _("Choose a level from the list.")
        elif level:
            data.languages[code] = level
    if not data.languages:
        errors["languages"] = _("Choose at least one language you can meet in.")


def _level(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= 5 else None


def _parse_skills(
    form: Mapping[str, str], catalogue: Iterable[str], data: ProfileInput, errors: dict[str, str]
) -> None:
    for index, skill in enumerate(catalogue):
        for direction, target in (("offer", data.offers), ("want", data.wants)):
            raw = form.get(f"{direction}_{index}") or ""
            if not raw:
                continue
            level = _level(raw)
            if level is None:
                errors[f"{direction}_{index}"] = _("Choose a level from 1 to 5.")
            else:
                target[skill] = level
    for direction, target in (("offer", data.offers), ("want", data.wants)):
        extra = form.get(f"extra_{direction}") or ""
        for item in filter(None, (part.strip() for part in extra.split(","))):
            match = _EXTRA_SKILL.match(item)
            level = _level(match.group("level")) if match else None
            if match is None or level is None:
                errors[f"extra_{direction}"] = _(
                    "Write each skill as name and level 1-5, like “Photoshop: 3”. "
                    "Not understood: %(item)s",
                    item=item,
                )
                break
            target[match.group("name").strip()] = level


def parse_availability(values: Iterable[str]) -> tuple[list[int], str | None]:
    """Return the chosen weekly hours, or an error if any is not an hour of the week."""
    hours: set[int] = set()
    for raw in values:
        if not raw.isdigit() or int(raw) >= HOURS_PER_WEEK:
            return [], _("An hour outside the week was sent: %(value)s", value=raw)
        hours.add(int(raw))
    return sorted(hours), None
