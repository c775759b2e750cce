"""Coordinators bring people in: the cohort's page of people, enrolment, invitations, CSV."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts import services as accounts
from mentoring.accounts.access import roles_required
from mentoring.accounts.forms import InviteForm
from mentoring.db import utcnow
from mentoring.engagement.cohort_list import CohortFilters, cohort_people
from mentoring.errors import DomainError, Forbidden
from mentoring.programmes import invitations
from mentoring.programmes.forms import EnrolForm
from mentoring.programmes.services import get_cohort
from mentoring.roster import services
from mentoring.roster.forms import ImportForm
from mentoring.roster.upload import read_upload
from mentoring.users.roles import Role
from mentoring.web import show_error

bp = Blueprint("roster", __name__)

STAFF = (Role.ADMIN, Role.COORDINATOR, Role.COACH)
MANAGERS = (Role.ADMIN, Role.COORDINATOR)
# Only admins hand out staff roles; coordinators invite the people of their programmes.
COORDINATOR_INVITABLE = frozenset({Role.PARTICIPANT, Role.MENTOR, Role.AMBASSADOR, Role.COACH})


@bp.route("/people/invite", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def invite() -> ResponseReturnValue:
    form = InviteForm()
    if form.validate_on_submit():
        roles = {Role(value) for value in form.roles.data or []}
        try:
            if not current_user.has_role(Role.ADMIN) and not roles <= COORDINATOR_INVITABLE:
                raise Forbidden(_("Only an administrator can give staff roles."), field="roles")
            accounts.invite_user(
                email=form.email.data or "",
                name=form.name.data or "",
                roles=roles,
                locale=form.locale.data or "sv",
                inviter=current_user,
            )
        except DomainError as error:
            show_error(form, error)
        else:
            email = (form.email.data or "").strip()
            flash(_("Invitation sent to %(email)s.", email=email), "success")
            return redirect(url_for("roster.invite"))
    return render_template("roster/invite.html", form=form)


@bp.route("/cohorts/<int:cohort_id>/import", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def import_csv(cohort_id: int) -> ResponseReturnValue:
    cohort = get_cohort(current_user, cohort_id)
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        try:
            raw = read_upload(form.file.data)
        except DomainError as error:
            show_error(form, error)
        else:
            report = services.import_participants(
                cohort, raw, dry_run=bool(form.dry_run.data), inviter=current_user, now=utcnow()
            )
            if report.ok and not form.dry_run.data:
                flash(_("Import done."), "success")
    refused = form.errors or (report is not None and not report.ok)
    status = 422 if form.is_submitted() and refused else 200
    return render_template("roster/import.html", cohort=cohort, form=form, report=report), status


@bp.get("/cohorts/<int:cohort_id>/export.csv")
@roles_required(*MANAGERS)
def export_csv(cohort_id: int) -> ResponseReturnValue:
    cohort = get_cohort(current_user, cohort_id)
    body = services.export_participants(cohort)
    filename = f"cohort-{cohort.id}-participants.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/cohorts/<int:cohort_id>")
@roles_required(*STAFF)
def cohort(cohort_id: int) -> ResponseReturnValue:
    return _cohort_page(cohort_id, EnrolForm())


def _cohort_page(cohort_id: int, enrol_form: EnrolForm, status: int = 200) -> ResponseReturnValue:
    found = get_cohort(current_user, cohort_id, with_programme=True)
    filters = CohortFilters.from_args(request.args.to_dict())
    invited = invitations.pending_in(found, utcnow())
    return render_template(
        "roster/cohort.html",
        cohort=found,
        people=cohort_people(found, filters, now=utcnow()),
        filters=filters,
        invited=invited,
        placements=invitations.placement_labels(found, invited),
        enrol_form=enrol_form,
        can_manage=current_user.has_role(*MANAGERS),
    ), status


@bp.post("/cohorts/<int:cohort_id>/enrollments")
@roles_required(*MANAGERS)
def enrol(cohort_id: int) -> ResponseReturnValue:
    found = get_cohort(current_user, cohort_id)
    form = EnrolForm()
    if form.validate_on_submit():
        try:
            assert form.started_on.data is not None
            enrolled = invitations.enrol_or_invite(
                found,
                form.email.data or "",
                form.started_on.data,
                inviter=current_user,
                locale=current_user.locale,
                now=utcnow(),
            )
        except DomainError as error:
            show_error(form, error)
        else:
            if enrolled:
                flash(_("Enrolled."), "success")
            else:
                # The same answer whether or not the address has an account.
                flash(
                    _(
                        "We have invited %(email)s. They join when they accept.",
                        email=form.email.data.strip(),
                    ),
                    "success",
                )
            return redirect(url_for("roster.cohort", cohort_id=cohort_id))
    return _cohort_page(cohort_id, form, 422)
