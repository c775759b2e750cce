"""Changing one's email address: ask on the settings page, confirm from the new inbox."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentoring.accounts import email_change
from mentoring.accounts.forms import EmailChangeForm
from mentoring.accounts.views import render_settings
from mentoring.errors import DomainError
from mentoring.mailer import send_email
from mentoring.security.reauth import recent_sign_in_required
from mentoring.two_factor.forms import ConfirmForm
from mentoring.web import show_error

bp = Blueprint("account_email", __name__)


@bp.post("/account/email")
@login_required
@recent_sign_in_required(back="accounts.settings")
def request_change() -> ResponseReturnValue:
    form = EmailChangeForm()
    if form.validate_on_submit():
        try:
            email, token = email_change.request_change(current_user, form.email.data or "")
        except DomainError as error:
            show_error(form, error)
        else:
            link = url_for("account_email.confirm", token=token, _external=True)
            send_email(email, current_user.locale, "email_change", user=current_user, link=link)
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
            user, old = email_change.confirm_change(token)
        except DomainError as error:
            return render_template("accounts/link_invalid.html", message=error.message), 409
        send_email(old, user.locale, "email_changed", user=user, new_email=user.email)
        # The change ended every session of the person: they sign in with the new address.
        flash(_("Your email is now %(email)s. Please sign in.", email=user.email), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/confirm_email.html", form=form, user=user, email=email)
