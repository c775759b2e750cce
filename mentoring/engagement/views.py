"""Coordinator dashboards (engagement, feedback, outcomes, ambassadors, funder report)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.db import utcnow
from mentoring.engagement import bodies, dashboards, funder, messages, nudges, reports
from mentoring.engagement.feedback import FeedbackFilters
from mentoring.errors import Conflict
from mentoring.programmes.models import Programme
from mentoring.programmes.services import get_programme, visible_programmes
from mentoring.users.roles import ROLE_LABELS, Role
from mentoring.vocabulary import GENDERS
from mentoring.workplace.organisation import (
    descendant_ids,
    organisation_units,
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
    body = bodies.feedback_body(programme, filters, _int("unit"))
    return _page("feedback", programme, body=body)


def _units_below(programme: Programme, unit_id: int | None) -> frozenset[int] | None:
    """A unit (or department) and every unit below it; None when none is chosen."""
    if unit_id is None or programme.organisation_id is None:
        return None
    return frozenset(descendant_ids(organisation_units(programme.organisation_id), [unit_id]))


@bp.get("/<int:programme_id>/outcomes")
@roles_required(*MANAGERS)
def outcomes_page(programme_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    return _page("outcomes", programme, body=bodies.outcomes_body(programme.id))


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
