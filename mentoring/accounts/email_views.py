"""Changing one's email address: ask on the settings page, confirm from the new inbox."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentoring.accounts import email_change
from mentoring.accounts.forms import ConfirmForm, EmailChangeForm
from mentoring.accounts.views import render_settings
from mentoring.db import utcnow
from mentoring.errors import DomainError
from mentoring.extensions import limiter
from mentoring.security.reauth import recent_sign_in_required
from mentoring.web import show_error

bp = Blueprint("account_email", __name__)


def _limit() -> str:
    return str(current_app.config["EMAIL_CHANGE_RATE_LIMIT"])


def _user_key() -> str:
    return f"email-change-user:{current_user.get_id()}"


def _address_key() -> str:
    return "email-change-address:" + (request.form.get("email") or "").strip().lower()


def _limited_message() -> str:
    return _("You have asked to change your email address too often. Please try again later.")


@bp.post("/account/email")
@login_required
@recent_sign_in_required(back="accounts.settings")
@limiter.limit(_limit, key_func=_user_key, error_message=_limited_message)
@limiter.limit(_limit, key_func=_address_key, error_message=_limited_message)
def request_change() -> ResponseReturnValue:
    form = EmailChangeForm()
    if form.validate_on_submit():
        try:
            email = email_change.request_change(current_user, form.email.data or "", now=utcnow())
        except DomainError as error:
            show_error(form, error)
        else:
            # The same answer whether or not the address has an account (its owner is told).
            flash(
                _("We sent a link to %(email)s. Your email changes when you open it.", email=email),
                "info",
            )
            return redirect(url_for("accounts.settings"))
    return render_settings(email_form=form), 422


@bp.route("/account/email/<token>", methods=["GET", "POST"])
def confirm(token: str) -> ResponseReturnValue:
    try:
        user, email = email_change.read_change(token)
    except DomainError as error:
        return render_template("accounts/link_invalid.html", message=error.message), 400
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            user, old = email_change.confirm_change(token, now=utcnow())
        except DomainError as error:
            return render_template("accounts/link_invalid.html", message=error.message), 409
        # The change ended every session of the person: they sign in with the new address.
        flash(_("Your email is now %(email)s. Please sign in.", email=user.email), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/confirm_email.html", form=form, user=user, email=email)
