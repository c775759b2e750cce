"""The privacy pages: the notice people agree to and their opt-ins; My data (see, download, ask
for erasure); administrators confirm erasures; retention periods and the purge (a dry run first)."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from mentoring import consents
from mentoring.accounts.access import roles_required
from mentoring.db import utcnow
from mentoring.errors import DomainError
from mentoring.privacy import consent, erasure, retention
from mentoring.privacy.export import collect, export_for
from mentoring.privacy.forms import ConsentForm, RetentionForm
from mentoring.programmes.services import get_programme
from mentoring.security.sessions import now as app_now
from mentoring.users.roles import Role
from mentoring.web import safe_next, show_error

bp = Blueprint("privacy", __name__)


@bp.get("/my-data")
@login_required
def index() -> ResponseReturnValue:
    pending = erasure.pending_for(current_user.id)
    tables = {name: len(rows) for name, rows in collect(current_user.id).items()}
    return render_template(
        "privacy/index.html",
        tables=tables,
        pending=pending,
        agreement=consents.agreement(current_user.id),
        shares_attributes=consents.shares_attributes(current_user.id),
    )


@bp.post("/my-data/export")
@login_required
def export() -> ResponseReturnValue:
    fmt = "html" if request.form.get("format") == "html" else "json"
    data = export_for(current_user.id, fmt=fmt)
    if fmt == "html":
        return render_template("privacy/report.html", data=data, generated_at=utcnow())
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=my-data.json"},
    )


@bp.post("/my-data/erasure")
@login_required
def ask_erasure() -> ResponseReturnValue:
    try:
        erasure.request_erasure(current_user.id, now=utcnow())
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("We have your request. An administrator will erase your data."), "success")
    return redirect(url_for("privacy.index"))


@bp.get("/admin/erasures")
@roles_required(Role.ADMIN)
def erasures() -> ResponseReturnValue:
    return render_template("privacy/erasures.html", requests=erasure.pending_requests())


@bp.post("/admin/erasures/<int:request_id>/confirm")
@roles_required(Role.ADMIN)
def confirm(request_id: int) -> ResponseReturnValue:
    try:
        erasure.confirm_erasure(request_id, admin_id=current_user.id, now=utcnow())
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("The person's data is erased."), "success")
    return redirect(url_for("privacy.erasures"))


@bp.route("/consent", methods=["GET", "POST"], endpoint="consent")
@login_required
def consent_page() -> ResponseReturnValue:
    user_id = current_user.id
    form = ConsentForm()
    if form.validate_on_submit():
        consent.give_consent(user_id, share_attributes=form.share_attributes.data, now=utcnow())
        flash(_("Thank you. You can change your choices at any time under My data."), "success")
        return redirect(safe_next(request.args.get("next")))
    if not form.is_submitted():
        form.share_attributes.data = consents.shares_attributes(user_id)
    return render_template(
        "privacy/consent.html",
        form=form,
        agreement=consents.agreement(user_id),
        version=consents.current_version(),
        terms=consent.retention_terms(user_id),
    )


@bp.post("/my-data/attributes")
@login_required
def attributes() -> ResponseReturnValue:
    share = request.form.get("share") == "1"
    consent.set_attribute_sharing(current_user.id, share, now=utcnow())
    if share:
        flash(_("You can now add your gender and age band on your profile."), "success")
    else:
        flash(_("We no longer store your gender and age band, and removed what we had."), "success")
    return redirect(url_for("privacy.index"))


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
    invited_days = current_app.config["INVITED_ACCOUNT_RETENTION_DAYS"]
    return render_template(
        "privacy/retention.html", due=due, today=today, invited_days=invited_days
    )


@bp.post("/admin/retention/purge")
@roles_required(Role.ADMIN)
def purge_now() -> ResponseReturnValue:
    done = retention.purge(app_now().date(), actor_id=current_user.id)
    flash(
        ngettext("%(num)d person was anonymised.", "%(num)d people were anonymised.", len(done)),
        "success",
    )
    return redirect(url_for("privacy.purge_preview"))
