"""Administrators manage accounts and their roles."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts import services as accounts
from mentoring.accounts.access import roles_required
from mentoring.accounts.forms import RolesForm
from mentoring.admin.services import PAGE_SIZE, list_users
from mentoring.security.reauth import recent_sign_in_required
from mentoring.two_factor.services import is_enabled as two_factor_enabled
from mentoring.users.roles import Role

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@roles_required(Role.ADMIN)
def users() -> ResponseReturnValue:
    search = request.args.get("q", "")[:100]
    role = request.args.get("role", "")
    page = request.args.get("page", 1, type=int) or 1
    found, total = list_users(search=search, role=role if role in set(Role) else "", page=page)
    return render_template(
        "admin/users.html",
        users=found,
        total=total,
        page=page,
        page_size=PAGE_SIZE,
        search=search,
        role=role,
        roles=list(Role),
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
@recent_sign_in_required()
def user(user_id: int) -> ResponseReturnValue:
    person = accounts.get_user(user_id)
    form = RolesForm(roles=[role.value for role in person.roles])
    if form.validate_on_submit():
        accounts.set_roles(
            person.id, {Role(value) for value in form.roles.data or []}, actor_id=current_user.id
        )
        flash(_("Roles saved."), "success")
        return redirect(url_for("admin.user", user_id=person.id))
    return render_template(
        "admin/user.html",
        person=person,
        form=form,
        two_factor=two_factor_enabled(person.id),
    )


@bp.post("/users/<int:user_id>/enabled")
@roles_required(Role.ADMIN)
@recent_sign_in_required(back="admin.user")
def set_enabled(user_id: int) -> ResponseReturnValue:
    enabled = request.form.get("enabled") == "1"
    accounts.set_enabled(user_id, enabled, actor_id=current_user.id)
    flash(_("Account enabled.") if enabled else _("Account disabled."), "success")
    return redirect(url_for("admin.user", user_id=user_id))
