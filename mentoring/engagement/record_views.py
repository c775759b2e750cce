"""Coordinator pages: record an outcome and entry/exit indicators, set the inactive days."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.db import utcnow
from mentoring.engagement import records
from mentoring.engagement.forms import IndicatorsForm, OutcomeForm, SettingsForm
from mentoring.engagement.outcomes import OUTCOME_LABELS, record_outcome
from mentoring.errors import DomainError, NotFound
from mentoring.programmes.services import get_programme
from mentoring.users.roles import Role
from mentoring.web import show_error

bp = Blueprint("records", __name__, url_prefix="/engagement")
MANAGERS = (Role.ADMIN, Role.COORDINATOR)


def _indicator_forms(enrolment_id: int) -> dict[str, IndicatorsForm]:
    saved = records.indicators_of(enrolment_id)
    return {
        stage: IndicatorsForm(prefix=stage, obj=saved.get(stage), formdata=None)
        for stage in records.STAGES
    }


def _enrolment_page(
    enrolment_id: int,
    outcome_form: OutcomeForm | None = None,
    failed: tuple[str, IndicatorsForm] | None = None,
) -> ResponseReturnValue:
    enrolment = records.get_enrolment(current_user, enrolment_id)
    forms = _indicator_forms(enrolment.id)
    if failed is not None:
        forms[failed[0]] = failed[1]
    invalid = failed is not None or (outcome_form is not None and outcome_form.errors)
    return render_template(
        "engagement/enrolment.html",
        enrolment=enrolment,
        outcomes=records.outcomes_of(enrolment.id),
        outcome_labels=OUTCOME_LABELS,
        outcome_form=outcome_form or OutcomeForm(formdata=None),
        indicator_forms=forms,
        stages=records.STAGES,
    ), (422 if invalid else 200)


@bp.get("/enrolments/<int:enrolment_id>")
@roles_required(*MANAGERS)
def enrolment(enrolment_id: int) -> ResponseReturnValue:
    return _enrolment_page(enrolment_id)


@bp.post("/enrolments/<int:enrolment_id>/outcomes")
@roles_required(*MANAGERS)
def add_outcome(enrolment_id: int) -> ResponseReturnValue:
    records.get_enrolment(current_user, enrolment_id)
    form = OutcomeForm()
    if form.validate_on_submit():
        try:
            record_outcome(
                current_user,
                enrolment_id,
                kind=form.kind.data or "",
                achieved_on=form.achieved_on.data,
                now=utcnow(),
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The outcome is recorded."), "success")
            return redirect(url_for(".enrolment", enrolment_id=enrolment_id))
    return _enrolment_page(enrolment_id, outcome_form=form)


@bp.post("/enrolments/<int:enrolment_id>/indicators/<stage>")
@roles_required(*MANAGERS)
def save_indicators(enrolment_id: int, stage: str) -> ResponseReturnValue:
    records.get_enrolment(current_user, enrolment_id)
    if stage not in records.STAGES:
        raise NotFound(_("No such page."))
    form = IndicatorsForm(prefix=stage)
    if form.validate_on_submit():
        try:
            records.record_indicators(
                current_user,
                enrolment_id,
                stage,
                labour_status=form.labour_status.data,
                age_band=form.age_band.data,
                education_level=form.education_level.data,
                now=utcnow(),
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The indicators are saved."), "success")
            return redirect(url_for(".enrolment", enrolment_id=enrolment_id))
    form.form_errors.append(_("Nothing was saved. Correct the marked fields."))
    return _enrolment_page(enrolment_id, failed=(stage, form))


@bp.route("/<int:programme_id>/settings", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def settings(programme_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    form = SettingsForm(data=records.settings_values(programme.id))
    status = 200
    if form.validate_on_submit():
        try:
            records.save_settings(
                current_user,
                programme.id,
                inactive_days=form.inactive_days.data,
                check_in_days=form.check_in_days.data,
                nudge_days=form.nudge_days.data,
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The settings are saved."), "success")
            return redirect(url_for("engagement.retention_page", programme_id=programme.id))
    if form.is_submitted():
        status = 422
    return render_template("engagement/settings.html", programme=programme, form=form), status
