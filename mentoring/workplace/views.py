"""Coordinators' pages: the organisation's units, occupations, managers and knowledge goals."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectChoice

from mentoring.accounts.access import roles_required
from mentoring.errors import DomainError, NotFound
from mentoring.extensions import db
from mentoring.programmes.models import Enrollment, Programme
from mentoring.programmes.services import get_programme, is_staff_of
from mentoring.users.roles import Role
from mentoring.web import show_error
from mentoring.workplace import changes, goals, organisation
from mentoring.workplace.assessments import start_round as start_assessment_round
from mentoring.workplace.forms import (
    GoalForm,
    ManagerForm,
    OccupationForm,
    OrganisationForm,
    PlacementForm,
    RenameForm,
    RoundForm,
    UnitForm,
)
from mentoring.workplace.levels import LEVEL_WORDS
from mentoring.workplace.rounds import programme_rounds_overview, today_in

bp = Blueprint("workplace", __name__)

MANAGERS = (Role.ADMIN, Role.COORDINATOR)


def _unit_choices(programme: Programme, empty: str) -> list[SelectChoice]:
    if programme.organisation_id is None:
        return [SelectChoice("", empty)]
    paths = organisation.unit_paths(organisation.organisation_units(programme.organisation_id))
    ordered = sorted(paths.items(), key=lambda item: item[1])
    return [SelectChoice("", empty)] + [SelectChoice(str(i), path) for i, path in ordered]


def _organisation_forms(programme: Programme, **given: FlaskForm) -> dict[str, Any]:
    unit_form = given.get("unit_form") or UnitForm()
    unit_form.parent.choices = _unit_choices(programme, _("(a department of its own)"))
    manager_form = given.get("manager_form") or ManagerForm()
    manager_form.units.choices = _unit_choices(programme, "")[1:]
    return {
        "organisation_form": given.get("organisation_form") or OrganisationForm(),
        "unit_form": unit_form,
        "occupation_form": given.get("occupation_form") or OccupationForm(),
        "manager_form": manager_form,
        "rename_form": RenameForm(),
    }


def _organisation_page(programme: Programme, status: int = 200, **forms: FlaskForm) -> Any:
    org_id = programme.organisation_id
    units = organisation.organisation_units(org_id) if org_id is not None else []
    return render_template(
        "workplace/organisation.html",
        programme=programme,
        paths=organisation.unit_paths(units),
        occupations=organisation.programme_occupations(programme.id),
        managers=organisation.organisation_managers(org_id) if org_id is not None else [],
        **_organisation_forms(programme, **forms),
    ), status


def _back(programme: Programme, message: str) -> ResponseReturnValue:
    flash(message, "success")
    return redirect(url_for("workplace.organisation_page", programme_id=programme.id))


def _organisation_of(programme: Programme) -> Any:
    if programme.organisation is None:
        raise NotFound(_("The programme has no organisation yet."))
    return programme.organisation


@bp.get("/programmes/<int:programme_id>/organisation")
@roles_required(*MANAGERS)
def organisation_page(programme_id: int) -> ResponseReturnValue:
    return _organisation_page(get_programme(current_user, programme_id))


@bp.post("/programmes/<int:programme_id>/organisation")
@roles_required(*MANAGERS)
def create_organisation(programme_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation.create_organisation(programme, form.name.data or "")
        except DomainError as error:
            show_error(form, error)
        else:
            return _back(programme, _("The organisation is saved."))
    return _organisation_page(programme, 422, organisation_form=form)


@bp.post("/programmes/<int:programme_id>/units")
@roles_required(*MANAGERS)
def add_unit(programme_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    org = _organisation_of(programme)
    form = UnitForm()
    if form.validate_on_submit():
        try:
            parent = int(form.parent.data) if (form.parent.data or "").isdigit() else None
            organisation.add_unit(org, form.name.data or "", parent)
        except DomainError as error:
            show_error(form, error)
        else:
            return _back(programme, _("The unit is added."))
    return _organisation_page(programme, 422, unit_form=form)


@bp.post("/programmes/<int:programme_id>/units/<int:unit_id>")
@roles_required(*MANAGERS)
def rename_unit(programme_id: int, unit_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    org = _organisation_of(programme)
    form = RenameForm()
    if not form.validate_on_submit():
        flash(_("Please enter a name of at most 120 characters."), "error")
        return _organisation_page(programme, 422)
    try:
        organisation.rename_unit(org, unit_id, form.name.data or "")
    except NotFound:
        raise
    except DomainError as error:
        flash(error.message, "error")
        return _organisation_page(programme, 422)
    return _back(programme, _("The unit is renamed."))


@bp.post("/programmes/<int:programme_id>/units/<int:unit_id>/delete")
@roles_required(*MANAGERS)
def remove_unit(programme_id: int, unit_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    changes.remove_unit(_organisation_of(programme), unit_id)
    return _back(programme, _("The unit is removed."))


@bp.post("/programmes/<int:programme_id>/occupations")
@roles_required(*MANAGERS)
def add_occupation(programme_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    form = OccupationForm()
    if form.validate_on_submit():
        try:
            organisation.add_occupation(programme, form.name.data or "")
        except DomainError as error:
            show_error(form, error)
        else:
            return _back(programme, _("The occupational group is added."))
    return _organisation_page(programme, 422, occupation_form=form)


@bp.post("/programmes/<int:programme_id>/occupations/<int:occupation_id>/delete")
@roles_required(*MANAGERS)
def remove_occupation(programme_id: int, occupation_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    changes.remove_occupation(programme, occupation_id)
    return _back(programme, _("The occupational group is removed."))


@bp.post("/programmes/<int:programme_id>/managers")
@roles_required(*MANAGERS)
def set_manager(programme_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    org = _organisation_of(programme)
    form = ManagerForm()
    form.units.choices = _unit_choices(programme, "")[1:]
    if form.validate_on_submit():
        try:
            unit_ids = [int(v) for v in form.units.data or [] if v.isdigit()]
            organisation.add_manager(org, form.email.data or "", unit_ids)
        except DomainError as error:
            show_error(form, error)
        else:
            return _back(programme, _("The manager's units are saved."))
    return _organisation_page(programme, 422, manager_form=form)


def _goal_form(programme: Programme, form: GoalForm | None = None) -> GoalForm:
    form = form or GoalForm()
    form.occupation.choices = [
        SelectChoice(str(o.id), o.name) for o in organisation.programme_occupations(programme.id)
    ]
    form.unit.choices = _unit_choices(programme, _("(every unit)"))
    return form


def _goals_page(
    programme: Programme,
    status: int = 200,
    goal_form: GoalForm | None = None,
    round_form: RoundForm | None = None,
) -> Any:
    org_id = programme.organisation_id
    units = organisation.organisation_units(org_id) if org_id is not None else []
    return render_template(
        "workplace/goals.html",
        programme=programme,
        goals=goals.programme_goals(programme.id),
        paths=organisation.unit_paths(units),
        occupations={o.id: o.name for o in organisation.programme_occupations(programme.id)},
        goal_form=_goal_form(programme, goal_form),
        round_form=round_form or RoundForm(),
        rounds=programme_rounds_overview(programme),
        level_words=LEVEL_WORDS,
    ), status


@bp.get("/programmes/<int:programme_id>/goals")
@roles_required(*MANAGERS)
def goals_page(programme_id: int) -> ResponseReturnValue:
    return _goals_page(get_programme(current_user, programme_id))


@bp.post("/programmes/<int:programme_id>/goals")
@roles_required(*MANAGERS)
def set_goal(programme_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    form = _goal_form(programme)
    if form.validate_on_submit():
        try:
            changes.set_goal(
                programme,
                occupation_id=_int_or(form.occupation.data, 0),
                unit_id=_int_or(form.unit.data, None),
                tool=form.tool.data or "",
                level=_int_or(form.level.data, 0),
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The goal is saved."), "success")
            return redirect(url_for("workplace.goals_page", programme_id=programme.id))
    return _goals_page(programme, 422, goal_form=form)


def _int_or(value: str | None, default: int | None) -> Any:
    return int(value) if value and value.isdigit() else default


@bp.post("/programmes/<int:programme_id>/goals/<int:goal_id>/delete")
@roles_required(*MANAGERS)
def remove_goal(programme_id: int, goal_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    changes.remove_goal(programme, goal_id)
    flash(_("The goal is removed."), "success")
    return redirect(url_for("workplace.goals_page", programme_id=programme.id))


@bp.post("/programmes/<int:programme_id>/rounds")
@roles_required(*MANAGERS)
def start_round(programme_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    form = RoundForm()
    if form.validate_on_submit():
        assert form.starts_on.data is not None
        try:
            start_assessment_round(programme, form.starts_on.data, today_in(programme))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Everyone will be asked to assess themselves again."), "success")
            return redirect(url_for("workplace.goals_page", programme_id=programme.id))
    return _goals_page(programme, 422, round_form=form)


def _enrollment_of(enrollment_id: int) -> Any:
    enrollment = db.session.get(Enrollment, enrollment_id)
    if enrollment is None or not is_staff_of(current_user, enrollment.cohort.programme_id):
        raise NotFound(_("No such enrolment."))
    return enrollment


def _placement_page(enrollment: Any, form: PlacementForm, status: int = 200) -> Any:
    programme = enrollment.cohort.programme
    form.unit.choices = _unit_choices(programme, _("(no unit)"))
    form.occupation.choices = [SelectChoice("", _("(none)"))] + [
        SelectChoice(str(o.id), o.name) for o in organisation.programme_occupations(programme.id)
    ]
    return render_template("workplace/placement.html", enrollment=enrollment, form=form), status


@bp.get("/enrollments/<int:enrollment_id>/placement")
@roles_required(*MANAGERS)
def placement(enrollment_id: int) -> ResponseReturnValue:
    enrollment = _enrollment_of(enrollment_id)
    form = PlacementForm(
        data={
            "unit": str(enrollment.unit_id or ""),
            "occupation": str(enrollment.occupation_id or ""),
        }
    )
    return _placement_page(enrollment, form)


@bp.post("/enrollments/<int:enrollment_id>/placement")
@roles_required(*MANAGERS)
def save_placement(enrollment_id: int) -> ResponseReturnValue:
    enrollment = _enrollment_of(enrollment_id)
    form = PlacementForm()
    if form.validate_on_submit():
        try:
            changes.place(
                enrollment, _int_or(form.unit.data, None), _int_or(form.occupation.data, None)
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("roster.cohort", cohort_id=enrollment.cohort_id))
    return _placement_page(enrollment, form, 422)
