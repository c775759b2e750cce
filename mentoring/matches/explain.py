"""The matcher's reasons in plain words, in the reader's language.

The matcher gives each reason a code and parameters; language and goal codes become
their names here, so a reason reads "you both speak Arabic", not "sv, ar".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from mentoring.vocabulary import GOALS, LANGUAGES

# The matcher's English sentences for people it could not place, and their translations.
UNPLACED = {
    "no mentor shares a language": _l("no mentor speaks a language they speak"),
    "no mentor who shares a language has enough common hours": _l(
        "no mentor who speaks their language has enough hours in common with them"
    ),
    "no mentor with enough common hours can meet in the same municipality": _l(
        "no mentor with enough common hours can meet in their municipality"
    ),
    "every compatible mentor is excluded": _l(
        "they have already been paired with every suitable mentor"
    ),
    "no compatible mentor is taking mentees": _l("no suitable mentor is taking mentees now"),
    "all compatible mentors are at capacity": _l("every suitable mentor is full"),
    "no one else shares a language": _l("nobody else speaks a language they speak"),
    "no one who shares a language has enough common hours": _l(
        "nobody who speaks their language has enough hours in common with them"
    ),
    "no group with room shares a language and enough common hours": _l(
        "no group with room speaks their language and meets at hours they can"
    ),
}


def _names(raw: Any, labels: Mapping[str, Any]) -> str:
    return ", ".join(str(labels.get(part, part)) for part in str(raw).split(", ") if part)


def reason_audience(viewer_id: int, mentee_id: int, mentor_id: int) -> str:
    """Who reads a pair's reasons: its mentee, its mentor, or staff (matching's audiences)."""
    if viewer_id == mentee_id:
        return "mentee"
    return "mentor" if viewer_id == mentor_id else "staff"


def _skill_text(code: str, params: Mapping[str, Any], audience: str) -> str:
    if code == "skill":
        if audience == "staff":
            return _(
                "wants to learn %(skill)s (level %(wanted)s), offered at level %(offered)s",
                **params,
            )
        if audience == "mentor":
            return _(
                "you offer %(skill)s (level %(offered)s), "
                "which they want to learn (level %(wanted)s)",
                **params,
            )
        return _(
            "offers %(skill)s (level %(offered)s), which you want to learn (level %(wanted)s)",
            **params,
        )
    if audience == "staff":
        return _(
            "wants to learn %(skill)s (level %(wanted)s), offered only at level %(offered)s",
            **params,
        )
    if audience == "mentor":
        return _(
            "you offer %(skill)s (level %(offered)s), "
            "a little below the level they want (%(wanted)s)",
            **params,
        )
    return _(
        "offers %(skill)s (level %(offered)s), a little below the level you want (%(wanted)s)",
        **params,
    )


def reason_text(reason: Mapping[str, Any], audience: str = "mentee") -> str:
    """One stored reason as a sentence for the current reader.

    ``audience`` says who reads a pair's reasons (see ``matching.AUDIENCES``): the mentee
    ("which you want to learn"), the mentor ("you offer") or staff ("wants to learn").
    """
    code, params = reason.get("code"), reason.get("params", {})
    if code in ("skill", "partial_skill"):
        return _skill_text(code, params, audience)
    if code == "gap":
        return _("closes your gap in %(tool)s (you: %(level)s, goal: %(goal)s)", **params)
    if code == "languages":
        languages = _names(params["languages"], LANGUAGES)
        if audience == "staff":
            return _("both speak %(languages)s", languages=languages)
        return _("you both speak %(languages)s", languages=languages)
    if code == "language":
        return _("everyone speaks %(language)s", language=_names(params["language"], LANGUAGES))
    if code == "hours":
        hours = int(params["hours"])
        return ngettext("%(num)d hour a week in common", "%(num)d hours a week in common", hours)
    if code == "goals":
        return _("shared goals: %(goals)s", goals=_names(params["goals"], GOALS))
    if code == "interests":
        return _("shared interests: %(interests)s", interests=params["interests"])
    if code == "skills":
        return _("want to learn %(skills)s", skills=params["skills"])
    if code == "terms":
        if audience == "staff":
            return _("their descriptions both mention %(terms)s", terms=params["terms"])
        return _("your descriptions both mention %(terms)s", terms=params["terms"])
    if code == "place":
        return _("both in %(municipality)s", municipality=params["municipality"])
    return str(reason.get("text", ""))


def unplaced_text(reason: str) -> str:
    """A reason someone was left without a mentor or group, translated when known."""
    known = UNPLACED.get(reason)
    return str(known) if known is not None else reason


PAIRING_STATUSES = {
    "proposed": _l("Proposed"),
    "active": _l("Active"),
    "paused": _l("Paused"),
    "declined": _l("Declined"),
    "ended": _l("Ended"),
}


def pairing_status(status: str) -> str:
    return str(PAIRING_STATUSES.get(status, status))


RUN_STEPS = {
    "waiting": _l("waiting to start"),
    "reading profiles": _l("reading profiles"),
    "matching": _l("finding the best pairs"),
    "explaining": _l("writing the reasons"),
    "failed": _l("it failed; please try again"),
}


def progress_label(step: str) -> str:
    return str(RUN_STEPS.get(step, step))
