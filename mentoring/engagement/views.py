"""Coordinator dashboards (engagement, feedback, outcomes, ambassadors, funder report)."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.db import utcnow
from mentoring.engagement import bodies, dashboards, funder, messages, nudges, reports
from mentoring.engagement.feedback import QUESTIONS, FeedbackFilters, hosts_of, labelled
from mentoring.engagement.models import OUTCOME_KINDS
from mentoring.engagement.outcomes import OUTCOME_LABELS
from mentoring.errors import Conflict
from mentoring.extensions import db
from mentoring.programmes.models import Programme
from mentoring.programmes.services import get_programme, visible_programmes
from mentoring.trainings.models import Training
from mentoring.users.roles import ROLE_LABELS, Role
from mentoring.vocabulary import GENDERS
from mentoring.workplace.organisation import (
    descendant_ids,
    organisation_units,
    programme_occupations,
    unit_paths,
)

bp = Blueprint("engagement", __name__, url_prefix="/engagement")
MANAGERS = (Role.ADMIN, Role.COORDINATOR)
SPLITS = {"": "", "cohort": "cohort", "format": "format", "gender": "gender"}


def _date(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _int(name: str) -> int | None:
    return request.args.get(name, type=int)


def _page(template: str, programme: Programme, **context: object) -> str:
    """Render a dashboard (``messages_unread`` counted here unless the view has it already)."""
    if "messages_unread" not in context:
        context["messages_unread"] = messages.unread_count(current_user, programme.id)
    return render_template(
        f"engagement/{template}.html",
        programme=programme,
        programmes=visible_programmes(current_user),
        **context,
    )


@bp.get("/")
@roles_required(*MANAGERS)
def index() -> ResponseReturnValue:
    programmes = visible_programmes(current_user)
    if not programmes:
        return render_template("engagement/none.html")
    chosen = _int("programme") or programmes[0].id
    return redirect(url_for("engagement.retention_page", programme_id=chosen))


@bp.get("/<int:programme_id>/retention")
@roles_required(*MANAGERS)
def retention_page(programme_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    by = SPLITS.get(request.args.get("by", ""), "")
    minute = dashboards.to_the_minute(utcnow())
    unread = messages.unread_count(current_user, programme.id)
    # The programme's own coordinators (who also read its messages) may nudge.
    body = bodies.retention_body(programme.id, _int("cohort"), by, minute, unread is not None)
    return _page("retention", programme, messages_unread=unread, body=body)


@bp.post("/<int:programme_id>/nudges/<int:user_id>")
@roles_required(Role.COORDINATOR)
def nudge(programme_id: int, user_id: int) -> ResponseReturnValue:
    try:
        nudges.nudge(current_user, programme_id, user_id, now=utcnow())
    except Conflict as refused:
        flash(refused.message, "error")
    else:
        flash(_("A friendly email is on its way."), "success")
    return redirect(url_for(".retention_page", programme_id=programme_id))


@bp.get("/<int:programme_id>/feedback")
@roles_required(*MANAGERS)
def feedback_page(programme_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    filters = FeedbackFilters(
        cohort_id=_int("cohort"),
        host_id=_int("host"),
        role=request.args.get("role") if request.args.get("role") in ROLE_LABELS else None,
        gender=request.args.get("gender") if request.args.get("gender") in GENDERS else None,
        start=_date("from"),
        end=_date("to"),
        unit_ids=_units_below(programme, _int("unit")),
        occupation_id=_int("occupation"),
        training_id=_int("training"),
    )
    questions, by_month = dashboards.feedback_counts(programme.id, filters)
    return _page(
        "feedback",
        programme,
        filters=filters,
        questions=labelled(questions),
        question_labels=QUESTIONS,
        by_month=by_month,
        hosts=hosts_of(programme.id),
        roles=ROLE_LABELS,
        genders=GENDERS,
        units=_unit_paths(programme),
        occupations=programme_occupations(programme.id),
        trainings=_trainings_of(programme.id),
        chosen_unit=_int("unit"),
    )


def _unit_paths(programme: Programme) -> list[tuple[int, str]]:
    if programme.organisation_id is None:
        return []
    paths = unit_paths(organisation_units(programme.organisation_id))
    return sorted(paths.items(), key=lambda item: item[1])


def _units_below(programme: Programme, unit_id: int | None) -> frozenset[int] | None:
    """A unit (or department) and every unit below it; None when none is chosen."""
    if unit_id is None or programme.organisation_id is None:
        return None
    return frozenset(descendant_ids(organisation_units(programme.organisation_id), [unit_id]))


def _trainings_of(programme_id: int) -> list[tuple[int, str]]:
    rows = db.session.execute(
        sa.select(Training.id, Training.title)
        .where(Training.programme_id == programme_id)
        .order_by(Training.title)
    )
    return [(row.id, row.title) for row in rows]


@bp.get("/<int:programme_id>/outcomes")
@roles_required(*MANAGERS)
def outcomes_page(programme_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    kinds = [OUTCOME_LABELS[k] for k in OUTCOME_KINDS]
    return _page("outcomes", programme, rows=dashboards.outcome_rows(programme.id), kinds=kinds)


@bp.get("/<int:programme_id>/ambassadors")
@roles_required(*MANAGERS)
def ambassadors_page(programme_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    per_ambassador, per_tool = reports.ambassador_rows(programme.id)
    return _page("ambassadors", programme, per_ambassador=per_ambassador, per_tool=per_tool)


@bp.get("/<int:programme_id>/report")
@roles_required(*MANAGERS)
def report_page(programme_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    today = utcnow().date()
    start = _date("from") or today.replace(month=1, day=1)
    end = _date("to") or today
    if end < start:
        start, end = end, start
    lines = funder.funder_report(programme.id, start, end)
    fmt = request.args.get("format", "")
    name = f"funder-report-{programme.id}-{start}-{end}"
    if fmt == "csv":
        return Response(
            funder.as_csv(lines),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if fmt == "xlsx":
        return Response(
            funder.as_xlsx(lines, _("Funder report")),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    return _page("report", programme, lines=lines, start=start, end=end, week=timedelta(days=7))
