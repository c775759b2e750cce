"""Dashboard bodies rendered once per figures and language, then served as ready markup.

A warm retention page spent about two thirds of its time rendering the same 125 kB of chart,
tables and at-risk list (the demo's 260 people at risk, each with a nudge form). What a
body shows follows from the cached figures, the language, whether the viewer may nudge and the
app's URL root, so it is kept in the result cache under exactly those (and the same change
counters as the figures): it is never older than the figures, the at-risk list included,
which stays per minute. The one thing per request inside it, the CSRF token of the nudge forms,
is left out as a hole that each request fills. Bodies share the cache's bound
(``RESULT_CACHE_SIZE`` entries per worker, least recently used out first).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
from flask import render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from mentoring.changes import cached
from mentoring.engagement import chart, dashboards, retention
from mentoring.engagement.feedback import QUESTIONS, FeedbackFilters, hosts_of, labelled
from mentoring.engagement.models import OUTCOME_KINDS
from mentoring.engagement.outcomes import OUTCOME_LABELS
from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Programme
from mentoring.trainings.models import Training
from mentoring.users.roles import ROLE_LABELS
from mentoring.vocabulary import GENDERS
from mentoring.workplace.organisation import organisation_units, programme_occupations, unit_paths

# Where the CSRF field goes: random per process, so no text a person typed can match it.
_HOLE = secrets.token_hex(16)


@dataclass(frozen=True)
class Body:
    """Rendered markup in pieces, to be joined by this request's CSRF field."""

    parts: tuple[Markup, ...]

    def filled(self, csrf_field: Callable[[], Markup]) -> Markup:
        """The markup with this request's CSRF field in each hole (none made if no hole)."""
        if len(self.parts) == 1:
            return self.parts[0]
        return csrf_field().join(self.parts)


def render_body(template: str, **context: object) -> Body:
    """Render ``template`` with ``csrf`` left as a hole (it escapes all else as usual)."""
    html = render_template(template, csrf=Markup(_HOLE), **context)  # nosec B704
    # The pieces are the template's own escaped output.
    return Body(tuple(Markup(part) for part in html.split(_HOLE)))  # nosec B704


def _language_and_root() -> tuple[str, str]:
    """What else a body depends on: the request's language and the app's URL root."""
    return str(get_locale()), request.script_root


def _cohorts(programme_id: int) -> list[sa.Row[tuple[int, str]]]:
    """The programme's cohorts, for the filters (in ``Programme.cohorts``' order)."""
    return list(
        db.session.execute(
            sa.select(Cohort.id, Cohort.name)
            .where(Cohort.programme_id == programme_id)
            .order_by(Cohort.starts_on)
        )
    )


def retention_body(
    programme_id: int, cohort_id: int | None, by: str, minute: datetime, can_nudge: bool
) -> Body:
    """The retention page's body (chart, tables, at-risk list) in the request's language."""
    return _retention_body(programme_id, cohort_id, by, minute, can_nudge, _language_and_root())


@cached(reads=dashboards.retention_figures.reads)
def _retention_body(
    programme_id: int,
    cohort_id: int | None,
    by: str,
    minute: datetime,
    can_nudge: bool,
    _language_and_root: tuple[str, str],  # the request's: the rendering uses them
) -> Body:
    figures = dashboards.retention_figures(programme_id, cohort_id, by or None, minute)
    names = {k: str(v) for k, v in {**retention.FORMATS, **GENDERS}.items()}
    names[""] = _("Not given") if by == "gender" else _("Everyone")
    return render_body(
        "engagement/_retention.html",
        programme_id=programme_id,
        cohorts=_cohorts(programme_id),
        can_nudge=can_nudge,
        by=by,
        cohort_id=cohort_id,
        curves=[replace(c, label=names.get(c.label, c.label)) for c in figures.curves],
        lines=[replace(line, label=names.get(line.label, line.label)) for line in figures.lines],
        axes=chart.axes(),
        size=(chart.WIDTH, chart.HEIGHT),
        weeks=retention.TABLE_WEEKS,
        table=figures.table,
        inactive_days=figures.inactive_days,
        at_risk=figures.at_risk,
    )


def feedback_body(programme: Programme, filters: FeedbackFilters, unit_id: int | None) -> Body:
    """The feedback page's body (filters and shares) in the request's language."""
    return _feedback_body(
        programme.id, programme.organisation_id, filters, unit_id, _language_and_root()
    )


@cached(
    reads=(
        *dashboards.feedback_counts.reads,
        "users",  # the hosts' names
        "org_units",
        "occupations",
        "trainings",
    )
)
def _feedback_body(
    programme_id: int,
    organisation_id: int | None,
    filters: FeedbackFilters,
    unit_id: int | None,  # the unit chosen (``filters`` has it and the units below it)
    _language_and_root: tuple[str, str],
) -> Body:
    questions, by_month = dashboards.feedback_counts(programme_id, filters)
    return render_body(
        "engagement/_feedback.html",
        programme_id=programme_id,
        cohorts=_cohorts(programme_id),
        filters=filters,
        questions=labelled(questions),
        question_labels=QUESTIONS,
        by_month=by_month,
        hosts=hosts_of(programme_id),
        roles=ROLE_LABELS,
        genders=GENDERS,
        units=_unit_paths(organisation_id),
        occupations=programme_occupations(programme_id),
        trainings=_trainings_of(programme_id),
        chosen_unit=unit_id,
    )


def outcomes_body(programme_id: int) -> Body:
    """The outcomes page's body (outcomes and median days per cohort) in the request's language."""
    return _outcomes_body(programme_id, _language_and_root())


@cached(reads=dashboards.outcome_rows.reads)
def _outcomes_body(programme_id: int, _language_and_root: tuple[str, str]) -> Body:
    kinds = [OUTCOME_LABELS[k] for k in OUTCOME_KINDS]
    rows = dashboards.outcome_rows(programme_id)
    return render_body("engagement/_outcomes.html", rows=rows, kinds=kinds)


def _unit_paths(organisation_id: int | None) -> list[tuple[int, str]]:
    if organisation_id is None:
        return []
    paths = unit_paths(organisation_units(organisation_id))
    return sorted(paths.items(), key=lambda item: item[1])


def _trainings_of(programme_id: int) -> list[tuple[int, str]]:
    rows = db.session.execute(
        sa.select(Training.id, Training.title)
        .where(Training.programme_id == programme_id)
        .order_by(Training.title)
    )
    return [(row.id, row.title) for row in rows]
