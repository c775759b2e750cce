"""My data: see what is stored, download it, ask for erasure; administrators confirm erasures."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentoring.accounts.access import roles_required
from mentoring.accounts.roles import Role
from mentoring.db import utcnow
from mentoring.errors import DomainError
from mentoring.privacy import consent, erasure
from mentoring.privacy.export import collect, export_for

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
        agreement=consent.agreement(current_user.id),
        shares_attributes=consent.shares_attributes(current_user.id),
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
