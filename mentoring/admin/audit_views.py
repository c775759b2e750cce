"""Administrators read the audit log, filtered by person and action."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from mentoring.accounts.access import roles_required
from mentoring.admin.audit_log import PAGE_SIZE, actions, names_for, search
from mentoring.users.roles import Role

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


@bp.get("")
@roles_required(Role.ADMIN)
def index() -> ResponseReturnValue:
    person = request.args.get("person", type=int)
    action = request.args.get("action", "")[:60]
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    rows, total = search(person_id=person, action=action or None, page=page)
    return render_template(
        "audit/index.html",
        rows=rows,
        names=names_for(rows),
        total=total,
        page=page,
        page_size=PAGE_SIZE,
        person=person,
        action=action,
        actions=actions(),
    )
