"""The coordinator dashboards' figures, computed once and served until what they read changes.

Each computation declares the tables it reads (``reads``); ``tests/app/test_dashboard_cache.py``
runs each one and fails if a statement reads a table not declared. What they return is the
same for every viewer and in every language: the views (and ``bodies``, which renders a page's
body once per language) translate labels and add what is per person (the menu, unread messages).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mentoring.changes import cached
from mentoring.engagement import chart, feedback, reports, retention

# Every table a participant's enrolment and role come from (all three dashboards).
_PEOPLE = ("cohorts", "enrollments", "user_roles")


@dataclass(frozen=True)
class RetentionFigures:
    """The retention page's figures; labels are keys ("", a format, a gender, a cohort)."""

    curves: list[retention.Curve]
    lines: list[chart.Line]
    table: list[tuple[str, int, list[float | None]]]
    inactive_days: int
    at_risk: list[retention.AtRisk]


def to_the_minute(now: datetime) -> datetime:
    """``now`` without its seconds: the instant the retention figures are computed at."""
    return now.replace(second=0, microsecond=0)


@cached(
    reads=(
        *_PEOPLE,
        "engagement_settings",
        "profiles",  # by gender
        "pairings",  # by format
        "peer_groups",
        "peer_group_members",
        "ambassador_routes",
        "users",  # the at-risk list's names
        "nudges",  # and when each was last nudged
    )
)
def retention_figures(
    programme_id: int, cohort_id: int | None, by: str | None, minute: datetime
) -> RetentionFigures:
    """Curves, weekly table and at-risk list of a programme (or one cohort), split ``by``.

    Who has dropped out (silent for the programme's inactive days) and who is at risk (silent
    for 14 days) depend on the exact instant, so the figures are computed at ``minute``
    (:func:`to_the_minute` of now) and kept per minute: a person turns "at risk" up to a
    minute after the instant they pass the line, never later.
    """
    frame = retention.engagement_frame(programme_id, minute, cohort_id, by)
    curves = retention.curves(frame, by)
    return RetentionFigures(
        curves=curves,
        lines=chart.lines(curves),
        table=retention.retention_table(frame),
        inactive_days=retention.inactive_days(programme_id),
        # The programme's frame serves the at-risk list too, unless it is one cohort's.
        at_risk=retention.at_risk(programme_id, minute, frame=None if cohort_id else frame),
    )


@cached(reads=(*_PEOPLE, "feedback_answers", "profiles"))
def feedback_counts(
    programme_id: int, filters: feedback.FeedbackFilters
) -> tuple[list[feedback.QuestionShares], list[tuple[str, str, list[str]]]]:
    """:func:`feedback.feedback_counts`, cached (no clock: the filters' dates are fixed)."""
    return feedback.feedback_counts(programme_id, filters)


@cached(reads=(*_PEOPLE, "outcomes", "pairings", "bookings"))
def outcome_rows(programme_id: int) -> list[reports.OutcomeRow]:
    """:func:`reports.outcome_rows`, cached (no clock: days between recorded dates)."""
    return reports.outcome_rows(programme_id)
