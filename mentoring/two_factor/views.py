"""The code step of signing in, and each person's two-factor page."""

from __future__ import annotations

import secrets

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from mentoring.accounts import services as accounts
from mentoring.accounts.access import roles_required
from mentoring.accounts.forms import ConfirmForm
from mentoring.errors import DomainError
from mentoring.extensions import limiter
from mentoring.security.reauth import recent_sign_in_required
from mentoring.security.sessions import now
from mentoring.two_factor import pending, services, totp
from mentoring.two_factor.forms import CodeForm
from mentoring.users.roles import Role
from mentoring.web import show_error

bp = Blueprint("two_factor", __name__)

SETUP_KEY = "_2fa_setup_nonce"  # derives the new authenticator key, until it is confirmed


def _code_limit() -> str:
    return str(current_app.config["TWO_FACTOR_RATE_LIMIT"])


def _per_ip_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT_PER_IP"])


def _own_key() -> str:
    return f"2fa-own:{current_user.get_id()}"


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_per_ip_limit, methods=["POST"])
@limiter.limit(_code_limit, methods=["POST"], key_func=pending.waiting_key)
def sign_in_code() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    user = pending.waiting_user()
    if user is None:
        flash(_("Please sign in again."), "info")
        return redirect(url_for("accounts.login"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            services.verify(user, form.code.data or "", now=now())
        except DomainError as error:
            show_error(form, error)
        else:
            target = pending.next_url() or url_for("home.index")
            pending.finish()
            login_user(user)
            accounts.record_sign_in(user, now=now())
            return redirect(target)
    return render_template("two_factor/code.html", form=form)


@bp.get("/account/two-factor")
@login_required
def manage() -> ResponseReturnValue:
    return render_template(
        "two_factor/manage.html",
        settings=services.settings_of(current_user.id),
        required=services.is_required(current_user),
        unused_codes=services.unused_recovery_codes(current_user.id),
        form=ConfirmForm(),
    )


@bp.route("/account/two-factor/setup", methods=["GET", "POST"])
@login_required
@recent_sign_in_required()
@limiter.limit(_code_limit, methods=["POST"], key_func=_own_key)
def setup() -> ResponseReturnValue:
    nonce = session.get(SETUP_KEY)
    if not isinstance(nonce, str):
        # Only a nonce in the (signed, readable) cookie; the key is derived from it on the
        # server until confirmed, so showing the page changes no row.
        nonce = session[SETUP_KEY] = secrets.token_urlsafe(24)
    secret = services.setup_secret(current_user.id, nonce)
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = services.enable(current_user, secret, form.code.data or "", now=now())
        except DomainError as error:
            show_error(form, error)
        else:
            session.pop(SETUP_KEY, None)
            login_user(current_user._get_current_object())  # this session stays signed in
            return render_template("two_factor/recovery_codes.html", codes=codes, fresh=True)
    uri = totp.provisioning_uri(
        secret, account=current_user.email, issuer=current_app.config["TWO_FACTOR_ISSUER"]
    )
    return render_template(
        "two_factor/setup.html",
        form=form,
        secret=secret,
        qr=totp.qr_data_uri(uri),
        replacing=services.is_enabled(current_user.id),
    )


@bp.post("/account/two-factor/recovery-codes")
@login_required
@recent_sign_in_required(back="two_factor.manage")
def renew_recovery_codes() -> ResponseReturnValue:
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("two_factor.manage"))
    codes = services.renew_recovery_codes(current_user)
    return render_template("two_factor/recovery_codes.html", codes=codes, fresh=False)


@bp.post("/account/two-factor/disable")
@login_required
@recent_sign_in_required(back="two_factor.manage")
def disable() -> ResponseReturnValue:
    if ConfirmForm().validate_on_submit():
        services.disable(current_user)
        login_user(current_user._get_current_object())  # this session stays signed in
        flash(_("Two-factor sign-in is off."), "success")
    return redirect(url_for("two_factor.manage"))


@bp.post("/admin/users/<int:user_id>/two-factor/reset")
@roles_required(Role.ADMIN)
@recent_sign_in_required(back="admin.user")
def reset(user_id: int) -> ResponseReturnValue:
    if ConfirmForm().validate_on_submit():
        services.reset(accounts.get_user(user_id), actor_id=current_user.id)
        flash(_("Two-factor sign-in was reset; they set it up again at their next sign-in."))
    return redirect(url_for("admin.user", user_id=user_id))
