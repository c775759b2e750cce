"""Sign in and out, invitations, password resets, one's own settings, language choice."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from mentoring.accounts import services, tokens
from mentoring.accounts.forms import (
    ChangePasswordForm,
    ConfirmPasswordForm,
    EmailChangeForm,
    ForgotPasswordForm,
    LoginForm,
    SetPasswordForm,
    SettingsForm,
)
from mentoring.db import utcnow
from mentoring.errors import DomainError
from mentoring.extensions import limiter
from mentoring.i18n import select_locale
from mentoring.security.reauth import mark_confirmed
from mentoring.web import safe_next, show_error

# A further sign-in step (the two-factor code), set by an area above this one: it takes the
# user whose password was right and the page to go to, and answers with a redirect to the
# step or with None when this person has none.
SECOND_STEP = "accounts_second_step"

bp = Blueprint("accounts", __name__)


def _per_account_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"])


def _per_ip_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT_PER_IP"])


def _account_key() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_per_ip_limit, methods=["POST"])
@limiter.limit(_per_account_limit, methods=["POST"], key_func=_account_key)
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data or "", form.password.data or "")
        except DomainError as error:
            show_error(form, error)
        else:
            target = safe_next(request.args.get("next"))
            second_step = current_app.extensions.get(SECOND_STEP)
            asked = second_step(user, target) if second_step is not None else None
            if asked is not None:
                return asked
            session.clear()  # a fresh session at sign-in: nothing carried over from before
            login_user(user)
            services.record_sign_in(user, now=utcnow())
            return redirect(target)
    return render_template("accounts/login.html", form=form)


def _own_account_key() -> str:
    return "account:" + (current_user.email or "").lower()


@bp.route("/account/confirm", methods=["GET", "POST"])
@login_required
@limiter.limit(_per_account_limit, methods=["POST"], key_func=_own_account_key)
def confirm_password() -> ResponseReturnValue:
    form = ConfirmPasswordForm()
    if form.validate_on_submit():
        try:
            services.confirm_password(current_user, form.password.data or "")
        except DomainError as error:
            show_error(form, error)
        else:
            mark_confirmed()
            return redirect(safe_next(request.args.get("next")))
    return render_template("accounts/confirm_password.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    services.end_all_sessions(current_user.id)
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_per_ip_limit, methods=["POST"])
@limiter.limit(_per_account_limit, methods=["POST"], key_func=_account_key)
def forgot_password() -> ResponseReturnValue:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            services.request_password_reset(form.email.data or "", locale=select_locale())
        except DomainError as error:
            show_error(form, error)
        else:
            # The same answer, and the same work, whether or not the account exists.
            flash(_("If an account exists for that address, we have sent it a link."), "info")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/<any(invite, reset):purpose>/<token>", methods=["GET", "POST"])
def set_password(purpose: str, token: str) -> ResponseReturnValue:
    form = SetPasswordForm()
    try:
        user = tokens.read_token(token, purpose)
    except DomainError as error:
        return render_template("accounts/link_invalid.html", message=error.message), 400
    if form.validate_on_submit():
        try:
            services.set_password_with_token(
                token, purpose, form.password.data or "", form.confirm.data or ""
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Your password is set. Please sign in."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/set_password.html", form=form, user=user, purpose=purpose)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings() -> ResponseReturnValue:
    form = SettingsForm(obj=current_user)
    if form.validate_on_submit():
        try:
            services.update_settings(
                current_user,
                name=form.name.data or "",
                locale=form.locale.data or "sv",
                timezone=form.timezone.data or "Europe/Stockholm",
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Your settings are saved."), "success")
            return redirect(url_for("accounts.settings"))
    return render_settings(form=form)


@bp.post("/account/password")
@login_required
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user,
                form.current.data or "",
                form.password.data or "",
                form.confirm.data or "",
            )
        except DomainError as error:
            show_error(form, error)
        else:
            # Keep this session; the others end with the new session version.
            login_user(current_user._get_current_object())
            flash(_("Your password is changed."), "success")
            return redirect(url_for("accounts.settings"))
    return render_settings(password_form=form), 422


def render_settings(
    *,
    form: SettingsForm | None = None,
    password_form: ChangePasswordForm | None = None,
    email_form: EmailChangeForm | None = None,
) -> str:
    """The settings page with its three forms, one of them possibly showing errors."""
    return render_template(
        "accounts/settings.html",
        form=form or SettingsForm(obj=current_user),
        password_form=password_form or ChangePasswordForm(formdata=None),
        email_form=email_form or EmailChangeForm(formdata=None),
    )


@bp.post("/language")
def choose_language() -> ResponseReturnValue:
    code = request.form.get("locale", "")
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        if current_user.is_authenticated and current_user.locale != code:
            services.update_settings(
                current_user, name=current_user.name, locale=code, timezone=current_user.timezone
            )
    return redirect(safe_next(request.form.get("next")))
