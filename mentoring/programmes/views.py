"""Programme pages for admins, coordinators and coaches; creating cohorts, ending enrolments.

A cohort's own page, with its people, is ``mentoring.roster``'s: it reads engagement.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.errors import DomainError
from mentoring.programmes import services
from mentoring.programmes.forms import (
    CohortForm,
    EndEnrollmentForm,
    ProgrammeForm,
    StaffForm,
)
from mentoring.programmes.models import Programme
from mentoring.users.roles import Role
from mentoring.web import show_error

bp = Blueprint("programmes", __name__)

STAFF = (Role.ADMIN, Role.COORDINATOR, Role.COACH)
MANAGERS = (Role.ADMIN, Role.COORDINATOR)


@bp.get("/programmes")
@roles_required(*STAFF)
def index() -> ResponseReturnValue:
    return render_template(
        "programmes/index.html", programmes=services.visible_programmes(current_user)
    )


@bp.route("/programmes/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create() -> ResponseReturnValue:
    return _edit(None)


@bp.route("/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(programme_id: int) -> ResponseReturnValue:
    return _edit(programme_id)


def _edit(programme_id: int | None) -> ResponseReturnValue:
    programme = services.get_programme(current_user, programme_id) if programme_id else None
    # Prefill from text, not from the model: a post that leaves out a field falls back to
    # this value, and the model's lists would reach the parsing below as lists.
    form = ProgrammeForm(data=_form_values(programme) if programme else None)
    if form.validate_on_submit():
        try:
            saved = services.save_programme(
                programme,
                name=form.name.data or "",
                description=form.description.data or "",
                languages=form.languages.data or [],
                skill_catalogue=(form.skill_catalogue.data or "").splitlines(),
                default_meeting_format=form.default_meeting_format.data or "either",
                timezone=form.timezone.data or "Europe/Stockholm",
                tool_goals=services.parse_tool_goals(form.tool_goals.data or ""),
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The programme is saved."), "success")
            return redirect(url_for("programmes.detail", programme_id=saved.id))
    return render_template("programmes/edit.html", form=form, programme=programme)


def _form_values(programme: Programme) -> dict[str, object]:
    return {
        "name": programme.name,
        "description": programme.description,
        "languages": list(programme.languages),
        "skill_catalogue": "\n".join(programme.skill_catalogue),
        "tool_goals": "\n".join(f"{k}: {v}" for k, v in programme.tool_goals.items()),
        "default_meeting_format": programme.default_meeting_format,
        "timezone": programme.timezone,
    }


@bp.get("/programmes/<int:programme_id>")
@roles_required(*STAFF)
def detail(programme_id: int) -> ResponseReturnValue:
    programme = services.get_programme(current_user, programme_id)
    return render_template(
        "programmes/detail.html",
        programme=programme,
        cohort_form=CohortForm(),
        staff_form=StaffForm(),
    )


@bp.post("/programmes/<int:programme_id>/staff")
@roles_required(Role.ADMIN)
def add_staff(programme_id: int) -> ResponseReturnValue:
    programme = services.get_programme(current_user, programme_id)
    form = StaffForm()
    if form.validate_on_submit():
        try:
            services.add_staff(programme, form.email.data or "")
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Added to the programme."), "success")
            return redirect(url_for("programmes.detail", programme_id=programme.id))
    return render_template(
        "programmes/detail.html", programme=programme, cohort_form=CohortForm(), staff_form=form
    ), 422


@bp.post("/programmes/<int:programme_id>/cohorts")
@roles_required(Role.ADMIN)
def create_cohort(programme_id: int) -> ResponseReturnValue:
    programme = services.get_programme(current_user, programme_id)
    form = CohortForm()
    if form.validate_on_submit():
        try:
            assert form.starts_on.data is not None
            cohort = services.create_cohort(
                programme,
                name=form.name.data or "",
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The cohort is created."), "success")
            return redirect(url_for("roster.cohort", cohort_id=cohort.id))
    return render_template(
        "programmes/detail.html", programme=programme, cohort_form=form, staff_form=StaffForm()
    ), 422


@bp.post("/enrollments/<int:enrollment_id>/end")
@roles_required(*MANAGERS)
def end_enrollment(enrollment_id: int) -> ResponseReturnValue:
    form = EndEnrollmentForm()
    if not form.validate_on_submit():
        flash(_("Give the end date and a reason."), "error")
        return redirect(url_for("home.index"))
    assert form.ended_on.data is not None
    enrollment = services.end_enrollment(
        current_user, enrollment_id, ended_on=form.ended_on.data, reason=form.reason.data or ""
    )
    flash(_("The enrolment has ended."), "success")
    return redirect(url_for("roster.cohort", cohort_id=enrollment.cohort_id))
