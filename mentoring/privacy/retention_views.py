"""A programme's retention period, and the administrators' purge page (a dry run first)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.accounts.roles import Role
from mentoring.errors import DomainError
from mentoring.privacy import retention
from mentoring.privacy.forms import RetentionForm
from mentoring.privacy.views import bp
from mentoring.programmes.services import get_programme
from mentoring.security.sessions import now as app_now
from mentoring.web import show_error


@bp.route("/programmes/<int:programme_id>/retention", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.COORDINATOR)
def programme_retention(programme_id: int) -> ResponseReturnValue:
    programme = get_programme(current_user, programme_id)
    form = RetentionForm(data={"retention_months": programme.retention_months})
    if form.validate_on_submit():
        try:
            retention.set_retention(current_user.id, programme, form.retention_months.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The retention period is saved."), "success")
            return redirect(url_for("programmes.detail", programme_id=programme.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "privacy/programme_retention.html", programme=programme, form=form
    ), status


@bp.get("/admin/retention")
@roles_required(Role.ADMIN)
def purge_preview() -> ResponseReturnValue:
    today = app_now().date()
    due = retention.purge(today, actor_id=current_user.id, dry_run=True)
    return render_template("privacy/retention.html", due=due, today=today)


@bp.post("/admin/retention/purge")
@roles_required(Role.ADMIN)
def purge_now() -> ResponseReturnValue:
    done = retention.purge(app_now().date(), actor_id=current_user.id)
    flash(
        ngettext("%(num)d person was anonymised.", "%(num)d people were anonymised.", len(done)),
        "success",
    )
    return redirect(url_for("privacy.purge_preview"))
